import {Box, Text} from 'ink';
import {parseApplicationStatus} from '../../domain/lifecycle.js';
import type {DeploymentRecord} from '../../store/index.js';
import {color} from '../../render/colors.js';
import {formatClock} from '../../render/format.js';
import type {LogState} from '../state/dashboard-state.js';
import {Panel} from './panel.js';

type LogPaneProps = {
	readonly record: DeploymentRecord | undefined;
	readonly log: LogState;
	readonly top: number;
	readonly isFocused: boolean;
	readonly width: number;
	readonly height: number;
	readonly rows: number;
};

function subtitleOf(record: DeploymentRecord, log: LogState, top: number, rows: number): string {
	const view = log.view;
	const parts = [`[${log.type}]`, log.follow ? 'follow' : 'paused'];
	// The table has room for only the start of a status string we do not know: here it is whole.
	if (record.coolifyStatus && !parseApplicationStatus(record.coolifyStatus).isKnown) {
		parts.push(`Coolify status: ${record.coolifyStatus}`);
	}

	const total = view?.lines.length ?? 0;
	if (total > rows) {
		parts.push(`${top + 1}-${Math.min(total, top + rows)}/${total}`);
	}

	if (view?.source === 'cache' && view.fetchedAt) {
		parts.push(`cached ${formatClock(Date.parse(view.fetchedAt))}${view.problem ? ' (not live)' : ''}`);
	}

	if (record.status === 'failed' && record.errorMessage) {
		parts.push(`✖ ${record.errorMessage}`);
	}

	return parts.join('  ');
}

/** The selected deployment's log; only the visible window of lines is rendered. */
export function LogPane({record, log, top, isFocused, width, height, rows}: LogPaneProps) {
	if (!record) {
		return (
			<Panel title="Logs" isFocused={isFocused} width={width} height={height}>
				<Text color={color('gray')}> Select a deployment to read its logs.</Text>
			</Panel>
		);
	}

	const view = log.view;
	const lines = view?.lines ?? [];
	let placeholder: string | undefined;
	if (!view) {
		placeholder = 'loading…';
	} else if (lines.length === 0) {
		placeholder = view.note ?? view.problem ?? 'no log lines yet';
	}

	return (
		<Panel title={`Logs: #${record.id} ${record.applicationName}`} subtitle={subtitleOf(record, log, top, rows)} isFocused={isFocused} width={width} height={height}>
			{placeholder ? <Text color={color('gray')}> {placeholder}</Text> : null}
			{lines.slice(top, top + rows).map((line, index) => (
				<Box key={top + index} width={width - 2}>
					<Text wrap="truncate" color={color(/^(\d\d:\d\d:\d\d )?! /.test(line) ? 'red' : line.startsWith('── ') ? 'cyan' : undefined)}>
						{line === '' ? ' ' : line}
					</Text>
				</Box>
			))}
		</Panel>
	);
}
