import {Text} from 'ink';
import Spinner from 'ink-spinner';
import {color} from '../../render/colors.js';
import {fit} from '../../render/format.js';
import type {PipelineSummary} from '../state/dashboard-state.js';
import type {ListWindow} from '../state/list-window.js';
import {Panel} from './panel.js';

type PipelinesPaneProps = {
	readonly pipelines: PipelineSummary[];
	readonly selectedIndex: number;
	readonly counts: Map<string, number>;
	readonly deploying: Record<string, number>;
	readonly showAll: boolean;
	readonly isFocused: boolean;
	readonly width: number;
	readonly height: number;
	/** The pipelines shown (state/list-window.ts). */
	readonly window: ListWindow;
};

export function PipelinesPane({pipelines, selectedIndex, counts, deploying, showAll, isFocused, width, height, window}: PipelinesPaneProps) {
	const top = window.visibleFrom;
	const inner = width - 2;
	return (
		<Panel title="Pipelines" subtitle={showAll ? 'all' : undefined} isFocused={isFocused} width={width} height={height}>
			{pipelines.length === 0 ? <Text color={color('gray')}>{fit(' none configured', inner)}</Text> : null}
			{pipelines.slice(top, window.visibleTo).map((pipeline, offset) => {
				const index = top + offset;
				const isSelected = index === selectedIndex;
				const count = String(counts.get(pipeline.id) ?? 0);
				const marker = isSelected ? '›' : ' ';
				return (
					<Text key={pipeline.id} wrap="truncate" inverse={isSelected && isFocused} bold={isSelected}>
						{marker} {fit(pipeline.id, inner - 4 - count.length)}
						{deploying[pipeline.id] ? <Spinner type="dots" /> : ' '}
						{count.padStart(count.length + 1)}
					</Text>
				);
			})}
		</Panel>
	);
}
