import {Box, Text} from 'ink';
import {color} from '../../render/colors.js';
import {wrapLine} from '../../render/log-view/wrap.js';
import {useReportedMaxTop} from '../hooks/use-reported-max-top.js';

type TextOverlayProps = {
	readonly title: string;
	readonly lines: ReadonlyArray<{text: string; tone?: 'error' | 'muted' | 'warning' | 'heading'}>;
	readonly top: number;
	readonly width: number;
	readonly height: number;
	readonly hint: string;
	/** Told how far the box can scroll, whenever that changes, so that scrolling stops at its end. */
	readonly onMaxTop?: (maxTop: number) => void;
};

const toneColor = {error: 'red', muted: 'gray', warning: 'yellow', heading: 'cyan'} as const;

type OverlayLine = TextOverlayProps['lines'][number];

/** Each line cut into rows of `width` (the log pane's wrapping: at spaces, wide characters counted). */
function wrapRows(lines: readonly OverlayLine[], width: number): OverlayLine[] {
	return lines.flatMap(line => {
		const segments = wrapLine(line.text, width);
		const rows: OverlayLine[] = [];
		for (let index = 0; index < segments.length; index += 2) {
			rows.push({...line, text: line.text.slice(segments[index], segments[index + 1])});
		}

		return rows.length > 0 ? rows : [line];
	});
}

/**
 * A full-width box of lines, scrolled from `top` (the details view, the message history). Long lines are
 * wrapped here, not by Ink, so that every row is one row and the box's height holds.
 */
export function TextOverlay({title, lines: given, top, width, height, hint, onMaxTop}: TextOverlayProps) {
	const lines = wrapRows(given, Math.max(1, width - 4));
	const room = Math.max(1, height - 3);
	const maxTop = Math.max(0, lines.length - room);
	useReportedMaxTop(maxTop, onMaxTop);
	const first = Math.min(top, maxTop);
	const shown = lines.slice(first, first + room);
	const position = lines.length > room ? `  ${first + 1}-${first + shown.length}/${lines.length}` : '';
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={color('cyan')} paddingX={1} overflow="hidden">
			<Text bold wrap="truncate">
				{`▶ ${title}`}
				<Text color={color('gray')}>{`${position}  ${hint}`}</Text>
			</Text>
			{shown.map((line, index) => (
				<Text key={first + index} wrap="truncate" color={line.tone ? color(toneColor[line.tone]) : undefined} bold={line.tone === 'heading'}>
					{line.text === '' ? ' ' : line.text}
				</Text>
			))}
		</Box>
	);
}
