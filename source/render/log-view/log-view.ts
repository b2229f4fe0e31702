import {displayWidth} from './display-width.js';
import type {LogLines} from './log-lines.js';
import {cutColumns} from './wrap.js';
import {groupDigits} from '../format.js';

/** Where the log pane is scrolled to, whether it wraps and follows; plain data for a reducer. */
export type LogViewState = {
	/** The first line shown. */
	top: number;
	/** In wrap mode, the first row of that line shown. */
	topSegment: number;
	/** Horizontal scroll in columns, when not wrapping. */
	column: number;
	wrap: boolean;
	/** Pinned to the end: new lines scroll into view. */
	following: boolean;
	/** How many lines there were when following stopped; the rest are "new". */
	seenLineCount: number;
};

/** The size of the log pane's text area. */
export type LogViewport = {rows: number; width: number};

/** One row on screen: which line and which of its wrapped rows, the offsets shown, and the text to draw. */
export type VisibleRow = {
	line: number;
	segment: number;
	start: number;
	end: number;
	text: string;
	/** 1 when the text starts with a space standing for half of a wide character cut off at the left. */
	padLeft: 0 | 1;
};

export function initialLogViewState(log: LogLines, viewport: LogViewport, options: {wrap?: boolean} = {}): LogViewState {
	return followLog(log, {top: 0, topSegment: 0, column: 0, wrap: options.wrap ?? false, following: true, seenLineCount: log.count}, viewport);
}

/** The rows on screen; only these lines are wrapped or cut. */
export function visibleRows(log: LogLines, state: LogViewState, viewport: LogViewport): VisibleRow[] {
	const rows: VisibleRow[] = [];
	if (viewport.rows <= 0 || viewport.width <= 0) {
		return rows;
	}

	if (!state.wrap) {
		const end = Math.min(log.count, state.top + viewport.rows);
		for (let line = state.top; line < end; line++) {
			const cut = cutColumns(log.lines[line]!, state.column, viewport.width);
			rows.push({line, segment: 0, start: cut.start, end: cut.end, text: cut.text, padLeft: cut.padLeft});
		}

		return rows;
	}

	let line = state.top;
	let segment = state.topSegment;
	while (rows.length < viewport.rows && line < log.count) {
		const segments = log.segments(line, viewport.width);
		if (segment * 2 >= segments.length) {
			line++;
			segment = 0;
			continue;
		}

		const start = segments[segment * 2]!;
		const end = segments[(segment * 2) + 1]!;
		rows.push({line, segment, start, end, text: log.lines[line]!.slice(start, end), padLeft: 0});
		segment++;
	}

	return rows;
}

type Position = {top: number; topSegment: number};

/** The position that shows the last row at the bottom of the pane. */
function endPosition(log: LogLines, state: LogViewState, viewport: LogViewport): Position {
	if (!state.wrap) {
		return {top: Math.max(0, log.count - viewport.rows), topSegment: 0};
	}

	let rowsLeft = viewport.rows;
	for (let line = log.count - 1; line >= 0; line--) {
		const rows = log.rowsOf(line, viewport.width);
		if (rows >= rowsLeft) {
			return {top: line, topSegment: rows - rowsLeft};
		}

		rowsLeft -= rows;
	}

	return {top: 0, topSegment: 0};
}

function isAfter(a: Position, b: Position): boolean {
	return a.top > b.top || (a.top === b.top && a.topSegment > b.topSegment);
}

/** Scrolls by `delta` rows (negative is up). Leaving the end stops following; reaching it follows again. */
export function scrollRows(log: LogLines, state: LogViewState, delta: number, viewport: LogViewport): LogViewState {
	let position: Position = {top: state.top, topSegment: state.wrap ? state.topSegment : 0};
	if (state.wrap) {
		position = stepWrapped(log, position, delta, viewport.width);
	} else {
		position = {top: Math.max(0, state.top + Math.trunc(delta)), topSegment: 0};
	}

	return settle(log, state, position, viewport);
}

function stepWrapped(log: LogLines, from: Position, delta: number, width: number): Position {
	let {top, topSegment} = from;
	for (let step = 0; step < Math.abs(delta); step++) {
		if (delta > 0) {
			if (topSegment + 1 < log.rowsOf(top, width)) {
				topSegment++;
			} else if (top + 1 < log.count) {
				top++;
				topSegment = 0;
			} else {
				break;
			}
		} else if (topSegment > 0) {
			topSegment--;
		} else if (top > 0) {
			top--;
			topSegment = log.rowsOf(top, width) - 1;
		} else {
			break;
		}
	}

	return {top, topSegment};
}

function settle(log: LogLines, state: LogViewState, position: Position, viewport: LogViewport): LogViewState {
	const end = endPosition(log, state, viewport);
	const atEnd = !isAfter(end, position);
	const {top, topSegment} = atEnd ? end : position;
	return {
		...state,
		top,
		topSegment,
		following: atEnd,
		seenLineCount: atEnd ? log.count : state.following ? log.count : state.seenLineCount,
	};
}

/** Jumps to the end and follows new lines. */
export function followLog(log: LogLines, state: LogViewState, viewport: LogViewport): LogViewState {
	return {...state, ...endPosition(log, state, viewport), following: true, seenLineCount: log.count};
}

/** Jumps to the first line; stops following unless the whole log fits. */
export function scrollToStart(log: LogLines, state: LogViewState, viewport: LogViewport): LogViewState {
	return settle(log, state, {top: 0, topSegment: 0}, viewport);
}

/** Makes `line` visible (a search match): unchanged when it is on screen, else it is put a third of the way down. */
export function revealLine(log: LogLines, state: LogViewState, line: number, viewport: LogViewport): LogViewState {
	const target = Math.max(0, Math.min(line, log.count - 1));
	const shown = visibleRows(log, state, viewport);
	if (shown.some(row => row.line === target)) {
		return state;
	}

	const above = Math.floor(viewport.rows / 3);
	const position = state.wrap
		? stepWrapped(log, {top: target, topSegment: 0}, -above, viewport.width)
		: {top: Math.max(0, target - above), topSegment: 0};
	return settle(log, state, position, viewport);
}

/** Turns wrapping on or off, keeping the top line in place. */
export function toggleWrap(log: LogLines, state: LogViewState, viewport: LogViewport): LogViewState {
	const next = {...state, wrap: !state.wrap, topSegment: 0, column: 0};
	return state.following ? followLog(log, next, viewport) : settle(log, next, {top: state.top, topSegment: 0}, viewport);
}

/** Scrolls sideways by `delta` columns, no further than the widest line on screen needs. Does nothing while wrapping. */
export function scrollColumns(log: LogLines, state: LogViewState, delta: number, viewport: LogViewport): LogViewState {
	if (state.wrap) {
		return state;
	}

	let widest = 0;
	const end = Math.min(log.count, state.top + viewport.rows);
	for (let line = state.top; line < end; line++) {
		widest = Math.max(widest, displayWidth(log.lines[line]!));
	}

	const column = Math.max(0, Math.min(state.column + Math.trunc(delta), widest - viewport.width));
	return column === state.column ? state : {...state, column};
}

/** After the log grew (or was replaced): stays at the end while following; otherwise keeps its place. */
export function syncWithLog(log: LogLines, state: LogViewState, viewport: LogViewport): LogViewState {
	if (state.following) {
		return followLog(log, state, viewport);
	}

	const top = Math.min(state.top, Math.max(0, log.count - 1));
	return {...state, top, topSegment: top === state.top ? state.topSegment : 0, seenLineCount: Math.min(state.seenLineCount, log.count)};
}

/** Lines that arrived while following was paused. */
export function newLineCount(log: LogLines, state: LogViewState): number {
	return state.following ? 0 : Math.max(0, log.count - state.seenLineCount);
}

/** "12 new lines" for the pane's title; empty when there are none. */
export function newLinesLabel(count: number): string {
	if (count <= 0) {
		return '';
	}

	return `${groupDigits(count)} new ${count === 1 ? 'line' : 'lines'}`;
}
