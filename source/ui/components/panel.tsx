import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {color} from '../../render/colors.js';
import {theme} from '../../render/theme.js';

type PanelProps = {
	readonly title: string;
	/**
	 * Extra words after the title, dimmed (for example "follow" or a filter): parts, or one text whose parts
	 * are two spaces apart. Parts that do not fit are left out whole, from the end.
	 */
	readonly subtitle?: string | readonly string[];
	readonly isFocused: boolean;
	readonly width: number;
	readonly height: number;
	readonly children: ReactNode;
};

/** The focused pane's title starts with this, so the focus reads without colour. */
export const focusMarker = '▶';

/**
 * A row's marker: the focused pane's selection is `›` (and inverse); an unfocused pane's is a dim `·`,
 * visibly secondary, so one pane at a time looks selected.
 */
export function selectionMarker(isSelected: boolean, isFocused: boolean): string {
	if (!isSelected) {
		return ' ';
	}

	return isFocused ? '›' : '·';
}

/**
 * ` title  part  part ` in `width` columns: the subtitle's parts that do not fit are left out from the end,
 * whole, so no part is shown cut ("last 50" for "last 500"); only a title too long on its own is cut.
 */
function fittedLabel(title: string, subtitle: PanelProps['subtitle'], width: number): string {
	const parts = typeof subtitle === 'string' ? subtitle.split('  ') : (subtitle ?? []).filter(Boolean);
	// The closing space may go: the border's corner follows anyway.
	while (parts.length > 0 && ` ${title}  ${parts.join('  ')}`.length > width) {
		parts.pop();
	}

	return ` ${title}${parts.length > 0 ? `  ${parts.join('  ')}` : ''} `.slice(0, width);
}

/** A bordered pane whose top border carries its title, like k9s' and lazygit's panes. */
export function Panel({title, subtitle, isFocused, width, height, children}: PanelProps) {
	const borderColor = color(isFocused ? theme.focusBorder : theme.border);
	const inner = Math.max(0, width - 2);
	const shownTitle = isFocused ? `${focusMarker} ${title}` : title;
	const label = fittedLabel(shownTitle, subtitle, Math.max(0, inner - 1));
	const titleLength = Math.min(label.length, ` ${shownTitle} `.length);
	const rest = '─'.repeat(Math.max(0, inner - 1 - label.length));
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate">
				<Text color={borderColor}>┌─</Text>
				<Text bold={isFocused} color={color(isFocused ? theme.focusBorder : undefined)}>
					{label.slice(0, titleLength)}
				</Text>
				<Text color={color(theme.dim)}>{label.slice(titleLength)}</Text>
				<Text color={borderColor}>
					{rest}┐
				</Text>
			</Text>
			{/* Clipped vertically only: every child is cut to the pane's width already, and a horizontal clip
			    would cut every line of every frame again (measurably slower, see BENCHMARKS.md). */}
			<Box borderStyle="single" borderTop={false} borderColor={borderColor} flexDirection="column" width={width} height={height - 1} overflowY="hidden">
				{children}
			</Box>
		</Box>
	);
}
