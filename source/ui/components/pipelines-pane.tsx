import {Text} from 'ink';
import {memo} from 'react';
import {color} from '../../render/colors.js';
import {fit} from '../../render/format.js';
import type {PipelineSummary} from '../state/dashboard-state.js';
import type {ListWindow} from '../state/list-window.js';
import {Panel, selectionMarker} from './panel.js';
import {samePaneProps} from './same-props.js';

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

/** "all" while every pipeline's deployments show, and where the list is scrolled when it does not fit ("4-9/12"). */
function subtitleOf(showAll: boolean, window: ListWindow, count: number): string | undefined {
	const position = window.visibleFrom > 0 || window.visibleTo < count ? `${window.visibleFrom + 1}-${window.visibleTo}/${count}` : '';
	return [showAll ? 'all' : '', position].filter(Boolean).join(' ') || undefined;
}

export const PipelinesPane = memo(function PipelinesPane({pipelines, selectedIndex, counts, deploying, showAll, isFocused, width, height, window}: PipelinesPaneProps) {
	const top = window.visibleFrom;
	const inner = width - 2;
	return (
		<Panel title="Pipelines" subtitle={subtitleOf(showAll, window, pipelines.length)} isFocused={isFocused} width={width} height={height}>
			{pipelines.length === 0 ? <Text color={color('gray')}>{fit(' none configured', inner)}</Text> : null}
			{pipelines.slice(top, window.visibleTo).map((pipeline, offset) => {
				const index = top + offset;
				const isSelected = index === selectedIndex;
				const count = String(counts.get(pipeline.id) ?? 0);
				const marker = selectionMarker(isSelected && (isFocused || !showAll), isFocused);
				return (
					<Text key={pipeline.id} wrap="truncate" inverse={isSelected && isFocused} bold={isSelected && isFocused} dimColor={isSelected && !isFocused}>
						{marker} {fit(pipeline.id, inner - 4 - count.length)}
						{/* A static mark, not a spinner: an animation redrew the whole frame ten times a second. */}
						{deploying[pipeline.id] ? '…' : ' '}
						{count.padStart(count.length + 1)}
					</Text>
				);
			})}
		</Panel>
	);
}, samePaneProps);
