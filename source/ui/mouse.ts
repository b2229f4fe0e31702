/**
 * Mouse input in SGR mode (xterm's 1006): reports arrive on stdin as `ESC [ < button ; x ; y M` (press)
 * or `m` (release), mixed with keys. This module turns them into events and hands back the rest of the
 * input for the keyboard; it also hit-tests a position against pane rectangles. No Ink imports.
 */

/** Asks the terminal for button presses and the wheel (1000), reported in SGR form (1006). */
export const enableMouse = '\u001B[?1000h\u001B[?1006h';
export const disableMouse = '\u001B[?1006l\u001B[?1000l';

/** Coordinates are 0-based: column `x`, row `y`. */
export type MouseEvent =
	| {kind: 'wheel'; direction: 'up' | 'down'; x: number; y: number}
	| {kind: 'click'; x: number; y: number};

export type MouseParse = {
	events: MouseEvent[];
	/** The input with the mouse reports taken out, for the keyboard. */
	keys: string;
	/** The start of a report cut off at the end of this chunk: put it before the next chunk. */
	pending: string;
};

// Button bits: low two the button, 4 shift, 8 meta, 16 control, 32 motion, 64 wheel.
const report = /\u001B\[<(\d+);(\d+);(\d+)([Mm])/g;
const partialReport = /\u001B(?:\[(?:<[\d;]*)?)?$/;

/** Splits raw input into mouse events and the remaining key input. */
export function parseMouseInput(data: string): MouseParse {
	const events: MouseEvent[] = [];
	let keys = '';
	let last = 0;
	for (const match of data.matchAll(report)) {
		keys += data.slice(last, match.index);
		last = match.index + match[0].length;
		const event = toEvent(Number(match[1]), Number(match[2]) - 1, Number(match[3]) - 1, match[4] === 'M');
		if (event) {
			events.push(event);
		}
	}

	let rest = data.slice(last);
	let pending = '';
	// Only an unfinished mouse report is held back: a lone ESC at the end is the Escape key, and `ESC [`
	// may begin an arrow key, so only `ESC [ <` (which no key sends) waits for the next chunk.
	const partial = partialReport.exec(rest);
	if (partial && partial[0].startsWith('\u001B[<')) {
		pending = partial[0];
		rest = rest.slice(0, partial.index);
	}

	return {events, keys: keys + rest, pending};
}

function toEvent(button: number, x: number, y: number, isPress: boolean): MouseEvent | undefined {
	if (x < 0 || y < 0 || !isPress || (button & 32) !== 0) {
		return undefined;
	}

	const base = button & ~(4 | 8 | 16);
	if (base === 64 || base === 65) {
		return {kind: 'wheel', direction: base === 64 ? 'up' : 'down', x, y};
	}

	return base === 0 ? {kind: 'click', x, y} : undefined;
}

/** A pane on screen, 0-based, as the layout placed it. */
export type PaneRect<Id extends string = string> = {id: Id; x: number; y: number; width: number; height: number};

export type PaneHit<Id extends string = string> = {id: Id; column: number; row: number};

/** The pane under a position and the position inside it (row 0 is the pane's top border); null when none is. */
export function hitTest<Id extends string>(panes: ReadonlyArray<PaneRect<Id>>, x: number, y: number): PaneHit<Id> | null {
	for (const pane of panes) {
		if (x >= pane.x && x < pane.x + pane.width && y >= pane.y && y < pane.y + pane.height) {
			return {id: pane.id, column: x - pane.x, row: y - pane.y};
		}
	}

	return null;
}

/**
 * The list row clicked, given the row inside the pane (from hitTest), rows of chrome above the first
 * item (border, title, header) and the index of the first item shown; null for a click on the chrome.
 */
export function clickedItem(row: number, chromeRows: number, firstShown: number, itemCount: number): number | null {
	const index = firstShown + row - chromeRows;
	return row < chromeRows || index >= itemCount ? null : index;
}
