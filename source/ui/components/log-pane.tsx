import {Box, Text} from 'ink';
import {parseApplicationStatus} from '../../domain/lifecycle.js';
import type {DeploymentRecord} from '../../store/index.js';
import {color} from '../colors.js';
import {formatClock, wrapAtSpaces} from '../format.js';
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

type LogWindow = {
	/** Index of the first and last log line shown (in part when a wrapped line does not fit whole). */
	readonly first: number;
	readonly last: number;
	readonly rows: Array<{readonly text: string; readonly line: number}>;
};

/**
 * The screen rows of the log lines shown: each line wrapped at spaces to the pane's width. Following,
 * the window ends at the last line; otherwise it starts at `top`. Only the lines that can be on screen
 * are wrapped, so the cost stays that of one screenful however long the log.
 */
export function logWindow(lines: readonly string[], top: number, rows: number, width: number, follow: boolean): LogWindow {
	const shown: LogWindow['rows'] = [];
	const wrap = (index: number) => wrapAtSpaces(lines[index]!, width).map(text => ({text, line: index}));
	if (follow) {
		for (let index = lines.length - 1; index >= 0 && shown.length < rows; index--) {
			shown.unshift(...wrap(index));
		}

		shown.splice(0, Math.max(0, shown.length - rows));
	} else {
		for (let index = top; index < lines.length && shown.length < rows; index++) {
			shown.push(...wrap(index));
		}

		shown.splice(rows);
	}

	return {first: shown[0]?.line ?? top, last: shown.at(-1)?.line ?? top, rows: shown};
}

function subtitleOf(record: DeploymentRecord, log: LogState, window: LogWindow): string {
	const view = log.view;
	const parts = [`[${log.type}]`, log.follow ? 'follow' : 'paused'];
	// The table has room for only the start of a status string we do not know: here it is whole.
	if (record.coolifyStatus && !parseApplicationStatus(record.coolifyStatus).isKnown) {
		parts.push(`Coolify status: ${record.coolifyStatus}`);
	}

	const total = view?.lines.length ?? 0;
	if (window.rows.length > 0 && (window.first > 0 || window.last < total - 1)) {
		parts.push(`${window.first + 1}-${window.last + 1}/${total}`);
	}

	if (view?.source === 'cache' && view.fetchedAt) {
		parts.push(`cached ${formatClock(Date.parse(view.fetchedAt))}${view.problem ? ' (not live)' : ''}`);
	}

	if (record.status === 'failed' && record.errorMessage) {
		parts.push(`✖ ${record.errorMessage}`);
	}

	return parts.join('  ');
}

/** The selected deployment's log, long lines wrapped at spaces; only the visible window is rendered. */
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

	const window = logWindow(lines, top, rows, width - 2, log.follow);
	return (
		<Panel title={`Logs: #${record.id} ${record.applicationName}`} subtitle={subtitleOf(record, log, window)} isFocused={isFocused} width={width} height={height}>
			{placeholder ? <Text color={color('gray')}> {placeholder}</Text> : null}
			{window.rows.map(({text, line}, index) => (
				<Box key={index} width={width - 2}>
					<Text wrap="truncate" color={color(/^(\d\d:\d\d:\d\d )?! /.test(lines[line]!) ? 'red' : lines[line]!.startsWith('── ') ? 'cyan' : undefined)}>
						{text === '' ? ' ' : text}
					</Text>
				</Box>
			))}
		</Panel>
	);
}
