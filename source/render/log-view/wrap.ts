import {codePointWidth, displayWidth, isPlainAscii} from './display-width.js';

/**
 * Wrapping and horizontal cutting of one log line. Offsets are UTF-16 indexes into the line, so search
 * matches (also offsets) can be laid over the rows a line becomes.
 */

/** The rows one line wraps into, as a flat list of [start, end) offset pairs: [s0, e0, s1, e1, ...]. */
export type LineSegments = readonly number[];

/**
 * Wraps at spaces to `width` columns, as less and vim's `linebreak` do: a row ends after its last space
 * that fits, a space falling exactly at the edge is dropped, and a word longer than the row is cut hard.
 * A wide character that does not fit moves to the next row whole. An empty line is one empty row.
 */
export function wrapLine(line: string, width: number): LineSegments {
	const columns = Math.max(1, Math.floor(width));
	return isPlainAscii(line) ? wrapAscii(line, columns) : wrapAny(line, columns);
}

function wrapAscii(line: string, width: number): number[] {
	const segments: number[] = [];
	let start = 0;
	while (line.length - start > width) {
		const edge = start + width;
		if (line.charCodeAt(edge) === 32) {
			segments.push(start, edge);
			start = edge + 1;
			continue;
		}

		const space = line.lastIndexOf(' ', edge - 1);
		const end = space > start ? space + 1 : edge;
		segments.push(start, end);
		start = end;
	}

	segments.push(start, line.length);
	return segments;
}

function wrapAny(line: string, width: number): number[] {
	const segments: number[] = [];
	let start = 0;
	let column = 0;
	let afterSpace = -1;
	let index = 0;
	while (index < line.length) {
		const codePoint = line.codePointAt(index)!;
		const size = codePoint > 0xFF_FF ? 2 : 1;
		const columns = codePointWidth(codePoint);
		if (column > 0 && column + columns > width) {
			if (codePoint === 32) {
				segments.push(start, index);
				start = index + 1;
				index = start;
				column = 0;
			} else if (afterSpace > start + 1) {
				segments.push(start, afterSpace);
				start = afterSpace;
				column = displayWidth(line.slice(start, index));
			} else {
				segments.push(start, index);
				start = index;
				column = 0;
			}

			afterSpace = -1;
			continue;
		}

		column += columns;
		if (codePoint === 32) {
			afterSpace = index + 1;
		}

		index += size;
	}

	segments.push(start, line.length);
	return segments;
}

/** The part of a line shown from column `from`, `width` columns wide. */
export type ColumnCut = {
	/** What to draw: the cut text, after a space standing for half of a wide character cut at the left. */
	text: string;
	/** Offsets of the line's characters in the cut. */
	start: number;
	end: number;
	/** 1 when a wide character straddled the left edge and a space stands in for its visible half. */
	padLeft: 0 | 1;
};

/** Cuts a line for horizontal scrolling; never splits a character, so a wide one straddling an edge is left out. */
export function cutColumns(line: string, from: number, width: number): ColumnCut {
	const first = Math.max(0, Math.floor(from));
	const columns = Math.max(0, Math.floor(width));
	if (isPlainAscii(line)) {
		const start = Math.min(first, line.length);
		const end = Math.min(first + columns, line.length);
		return {text: line.slice(start, end), start, end, padLeft: 0};
	}

	let column = 0;
	let index = 0;
	let padLeft: 0 | 1 = 0;
	while (index < line.length && column < first) {
		const codePoint = line.codePointAt(index)!;
		column += codePointWidth(codePoint);
		index += codePoint > 0xFF_FF ? 2 : 1;
	}

	// Zero-width marks belong to the character before the edge.
	while (index < line.length && codePointWidth(line.codePointAt(index)!) === 0) {
		index += line.codePointAt(index)! > 0xFF_FF ? 2 : 1;
	}

	if (column > first && columns > 0) {
		padLeft = 1;
	}

	const start = index;
	let used = padLeft;
	while (index < line.length) {
		const codePoint = line.codePointAt(index)!;
		const size = codePoint > 0xFF_FF ? 2 : 1;
		const characterColumns = codePointWidth(codePoint);
		if (used + characterColumns > columns) {
			break;
		}

		used += characterColumns;
		index += size;
	}

	return {text: (padLeft ? ' ' : '') + line.slice(start, index), start, end: index, padLeft};
}
