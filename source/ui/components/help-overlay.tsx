import {Table} from '@alcalzone/ink-table';
import {Box, Text} from 'ink';
import {color} from '../../render/colors.js';
import {helpRows, modeSummaries, modes} from '../keymap.js';

type HelpOverlayProps = {readonly readOnly: boolean; readonly width: number; readonly height: number};

/** Every key, from the same table that drives the handlers and the footer. */
export function HelpOverlay({readOnly, width, height}: HelpOverlayProps) {
	const rows = helpRows(readOnly);
	const half = Math.ceil(rows.length / 2);
	// Two bindings per table row, so the table fits a 30-row terminal.
	const data = rows.slice(0, half).map((left, index) => ({
		key: left.key,
		action: left.action,
		' key': rows[half + index]?.key ?? '',
		' action': rows[half + index]?.action ?? '',
	}));
	// The table draws a rule between rows; where it cannot fit, a plain list does.
	const tableFits = data.length * 2 + 3 <= height - 3 - modeSummaries(readOnly).length && width >= 96;
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={color('cyan')} paddingX={1} overflow="hidden">
			<Text bold>{modes.normal.title}{readOnly ? ' (read-only: actions that change Coolify are off)' : ''}</Text>
			{tableFits ? (
				<Table data={data} />
			) : (
				rows.map(row => (
					<Text key={row.key} wrap="truncate">
						<Text bold color={color('cyan')}>
							{row.key.padEnd(12)}
						</Text>
						{row.action}
					</Text>
				))
			)}
			{modeSummaries(readOnly).map(line => (
				<Text key={line} color={color('gray')} wrap="truncate">
					{line}
				</Text>
			))}
		</Box>
	);
}
