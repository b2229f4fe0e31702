import {Box, Text} from 'ink';
import {color} from '../../render/colors.js';
import {helpRows, modeBindings, modes, type Mode} from '../keymap.js';
import {useReportedMaxTop} from '../hooks/use-reported-max-top.js';

type HelpOverlayProps = {readonly readOnly: boolean; readonly width: number; readonly height: number; readonly top?: number; readonly onMaxTop?: (maxTop: number) => void};

type HelpLine = {key: string; action: string; isHeading?: boolean};

/** Every key of every mode, from the same table that drives the handlers and the footer. */
export function helpLines(readOnly: boolean): HelpLine[] {
	const lines: HelpLine[] = helpRows(readOnly).map(row => ({key: row.key, action: row.action}));
	for (const mode of Object.keys(modes) as Mode[]) {
		if (mode === 'normal' || mode === 'help' || modeBindings(mode, readOnly).length === 0) {
			continue;
		}

		lines.push({key: '', action: modes[mode].title, isHeading: true}, ...helpRows(readOnly, mode).map(row => ({key: row.key, action: row.action})));
	}

	return lines;
}

/**
 * The help: keys in as many columns as the width allows (one below 100 columns), scrolled with ↑/↓
 * when even that does not fit.
 */
export function HelpOverlay({readOnly, width, height, top = 0, onMaxTop}: HelpOverlayProps) {
	const lines = helpLines(readOnly);
	const room = Math.max(1, height - 3);
	// As many columns as the lines need, no more than the width gives room for.
	const columnCount = Math.min(width >= 150 ? 3 : width >= 100 ? 2 : 1, Math.ceil(lines.length / room));
	const perColumn = Math.max(room, Math.ceil(lines.length / columnCount));
	const columns = Array.from({length: columnCount}, (_, index) => lines.slice(index * perColumn, (index + 1) * perColumn));
	const maxTop = Math.max(0, perColumn - room);
	useReportedMaxTop(maxTop, onMaxTop);
	const first = Math.min(top, maxTop);
	const columnWidth = Math.floor((width - 4) / columnCount);
	const scroll = perColumn > room ? `  ${first + 1}-${first + room}/${perColumn} ↑/↓ scroll` : '';
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={color('cyan')} paddingX={1} overflow="hidden">
			<Text bold wrap="truncate">
				{modes.normal.title}
				{readOnly ? ' (read-only: actions that change Coolify are off)' : ''}
				<Text color={color('gray')}>{`  ? or Esc closes${scroll}`}</Text>
			</Text>
			<Box>
				{columns.map((column, index) => (
					<Box key={index} flexDirection="column" width={columnWidth}>
						{column.slice(first, first + room).map((line, row) =>
							line.isHeading ? (
								<Text key={row} bold color={color('gray')} wrap="truncate">
									{`── ${line.action}`}
								</Text>
							) : (
								<Text key={row} wrap="truncate">
									<Text bold color={color('cyan')}>
										{line.key.padEnd(10)}
									</Text>
									{line.action}
								</Text>
							),
						)}
					</Box>
				))}
			</Box>
		</Box>
	);
}
