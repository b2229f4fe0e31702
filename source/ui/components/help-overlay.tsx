import {Table} from '@alcalzone/ink-table';
import {Box, Text} from 'ink';
import {color} from '../../render/colors.js';
import {fit} from '../../render/format.js';
import {helpRows, modeSummaries, modes} from '../keymap.js';

type HelpOverlayProps = {readonly readOnly: boolean; readonly width: number; readonly height: number};

type HelpRow = {key: string; action: string};

/** Lines for the bindings when the bordered table does not fit: one column, else two side by side, cut to `lines`. */
function plainLines(rows: readonly HelpRow[], inner: number, lines: number): string[] {
	const cell = (row: HelpRow | undefined, width: number) => (row ? fit(`${row.key.padEnd(12)}${row.action}`, width) : ''.padEnd(width));
	const columns = rows.length <= lines || inner < 70 ? 1 : 2;
	const perColumn = Math.ceil(rows.length / columns);
	const width = columns === 1 ? inner : Math.floor((inner - 2) / 2);
	const all = Array.from({length: perColumn}, (_, index) =>
		columns === 1 ? cell(rows[index], width) : `${cell(rows[index], width)}  ${cell(rows[perColumn + index], width)}`,
	);
	if (all.length <= lines) {
		return all;
	}

	const shown = all.slice(0, Math.max(0, lines - 1));
	const hidden = rows.length - shown.length * columns;
	return [...shown, `… ${hidden} more: make the terminal taller to see every key`];
}

/** Every key, from the same table that drives the handlers and the footer. */
export function HelpOverlay({readOnly, width, height}: HelpOverlayProps) {
	const rows = helpRows(readOnly);
	const summaries = modeSummaries(readOnly);
	const half = Math.ceil(rows.length / 2);
	// Two bindings per table row, so the table fits a 30-row terminal.
	const data = rows.slice(0, half).map((left, index) => ({
		key: left.key,
		action: left.action,
		' key': rows[half + index]?.key ?? '',
		' action': rows[half + index]?.action ?? '',
	}));
	// Border (2), title (1) and the other modes' lines: what is left is for the bindings.
	const room = Math.max(1, height - 3 - summaries.length);
	// The table draws a rule between rows; where it cannot fit, plain lines do.
	const tableFits = data.length * 2 + 3 <= room && width >= 96;
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={color('cyan')} paddingX={1} overflow="hidden">
			<Text bold wrap="truncate">
				{modes.normal.title}
				{readOnly ? ' (read-only: actions that change Coolify are off)' : ''}
			</Text>
			{tableFits ? (
				<Table data={data} />
			) : (
				plainLines(rows, width - 4, room).map((line, index) => (
					<Text key={index} wrap="truncate">
						{line}
					</Text>
				))
			)}
			{summaries.map(line => (
				<Text key={line} color={color('gray')} wrap="truncate">
					{line}
				</Text>
			))}
		</Box>
	);
}
