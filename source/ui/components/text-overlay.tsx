import {Box, Text} from 'ink';
import {color} from '../../render/colors.js';

type TextOverlayProps = {
	readonly title: string;
	readonly lines: ReadonlyArray<{text: string; tone?: 'error' | 'muted' | 'warning' | 'heading'}>;
	readonly top: number;
	readonly width: number;
	readonly height: number;
	readonly hint: string;
};

const toneColor = {error: 'red', muted: 'gray', warning: 'yellow', heading: 'cyan'} as const;

/** A full-width box of lines, scrolled from `top` (the details view, the message history). Long lines wrap. */
export function TextOverlay({title, lines, top, width, height, hint}: TextOverlayProps) {
	const room = Math.max(1, height - 3);
	const first = Math.max(0, Math.min(top, lines.length - room));
	const shown = lines.slice(first, first + room);
	const position = lines.length > room ? `  ${first + 1}-${first + shown.length}/${lines.length}` : '';
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={color('cyan')} paddingX={1} overflow="hidden">
			<Text bold wrap="truncate">
				{`▶ ${title}`}
				<Text color={color('gray')}>{`${position}  ${hint}`}</Text>
			</Text>
			{shown.map((line, index) => (
				<Text key={first + index} wrap="wrap" color={line.tone ? color(toneColor[line.tone]) : undefined} bold={line.tone === 'heading'}>
					{line.text === '' ? ' ' : line.text}
				</Text>
			))}
		</Box>
	);
}
