import {Box, Text} from 'ink';
import {memo} from 'react';
import {highlightParts, matchLabel} from '../../domain/log-search.js';
import {parseApplicationStatus} from '../../domain/lifecycle.js';
import type {DeploymentRecord} from '../../domain/records.js';
import {color} from '../../render/colors.js';
import {formatClock, groupDigits} from '../../render/format.js';
import {newLineCount, newLinesLabel, visibleRows, type LogViewport, type VisibleRow} from '../../render/log-view/log-view.js';
import type {LogState} from '../state/dashboard-state.js';
import {Panel} from './panel.js';
import {samePaneProps} from './same-props.js';

type LogPaneProps = {
	readonly record: DeploymentRecord | undefined;
	readonly log: LogState;
	readonly isFocused: boolean;
	readonly width: number;
	readonly height: number;
	readonly rows: number;
	/** Lines of the container log asked of Coolify. */
	readonly runtimeLines: number;
	/** The build log's hidden entries are asked for too (`v`). */
	readonly withHidden: boolean;
	/** The query being typed after `/`, while it is. */
	readonly typing?: string;
};

/** The title's parts after the name, most needed first (the panel leaves out from the end what does not fit). */
function subtitleOf(record: DeploymentRecord, log: LogState, shown: readonly VisibleRow[], runtimeLines: number, withHidden: boolean): string[] {
	const {view, position, search} = log;
	const parts = [withHidden && log.type !== 'runtime' ? `[${log.type} +debug]` : `[${log.type}]`, position.following ? 'follow' : 'paused', position.wrap ? 'wrap' : position.column > 0 ? `col ${position.column + 1}` : 'cut'];
	const fresh = newLinesLabel(newLineCount(log.lines, position));
	if (fresh) {
		parts.push(fresh);
	}

	if (search) {
		parts.push(`/${search.query} ${matchLabel(search, log.matchIndex)}`);
	}

	// The table has room for only the start of a status string we do not know: here it is whole.
	if (record.coolifyStatus && !parseApplicationStatus(record.coolifyStatus).isKnown) {
		parts.push(`Coolify status: ${record.coolifyStatus}`);
	}

	const total = log.lines.count;
	const first = shown[0]?.line ?? 0;
	const last = shown.at(-1)?.line ?? 0;
	if (shown.length > 0 && (first > 0 || last < total - 1)) {
		parts.push(`${first + 1}-${last + 1}/${total}`);
	}

	if (view?.source === 'cache' && view.fetchedAt) {
		parts.push(`cached ${formatClock(Date.parse(view.fetchedAt))}${view.problem ? ' (not live)' : ''}`);
	}

	if (record.status === 'failed' && record.errorMessage) {
		parts.push(`✖ ${record.errorMessage}`);
	}

	if (log.type !== 'build') {
		// The container log is its last lines only: how many were asked (m asks for more). Last: the least needed.
		parts.push(`last ${groupDigits(runtimeLines)}`);
	}

	return parts;
}

function lineColor(line: string): string | undefined {
	return color(/^(\d\d:\d\d:\d\d )?! /.test(line) ? 'red' : line.startsWith('── ') ? 'cyan' : undefined);
}

/**
 * The selected deployment's log: cut at the edge (←/→ scroll) or wrapped (`w`), search matches
 * highlighted. Only the rows on screen are wrapped, cut and drawn, so 100,000 lines cost one screenful.
 */
export const LogPane = memo(function LogPane({record, log, isFocused, width, height, rows, runtimeLines, withHidden, typing}: LogPaneProps) {
	if (!record) {
		return (
			<Panel title="Logs" isFocused={isFocused} width={width} height={height}>
				<Text color={color('gray')}> Select a deployment to read its logs.</Text>
			</Panel>
		);
	}

	const {view, lines, search} = log;
	let placeholder: string | undefined;
	if (!view) {
		placeholder = 'loading…';
	} else if (lines.count === 0) {
		placeholder = view.note ?? view.problem ?? 'no log lines yet';
	}

	const viewport: LogViewport = {rows: typing === undefined ? rows : Math.max(1, rows - 1), width: Math.max(1, width - 2)};
	const shown = visibleRows(lines, log.position, viewport);
	return (
		<Panel title={`Logs: #${record.id} ${record.applicationName}`} subtitle={subtitleOf(record, log, shown, runtimeLines, withHidden)} isFocused={isFocused} width={width} height={height}>
			{placeholder ? <Text color={color('gray')}> {placeholder}</Text> : null}
			{shown.map(row => (
				<Box key={`${row.line}:${row.segment}`} width={viewport.width}>
					<Text wrap="truncate" color={lineColor(lines.lines[row.line]!)}>
						{row.padLeft ? ' ' : ''}
						{search
							? highlightParts(lines.lines[row.line]!, row.line, row.start, row.end, search, log.matchIndex).map((part, index) =>
								part.isMatch ? (
									<Text key={index} inverse bold={part.isCurrent} underline={part.isCurrent}>
										{part.text}
									</Text>
								) : (
									part.text
								),
							)
							: row.text === '' ? ' ' : row.text}
					</Text>
				</Box>
			))}
			{typing === undefined ? null : (
				<Text wrap="truncate" color={color('cyan')}>
					{`/${typing}▏  Enter search, Esc cancel`}
				</Text>
			)}
		</Panel>
	);
}, samePaneProps);
