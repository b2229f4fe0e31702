// Stands in for Ink's Output (ink/build/output.js) in the bundle (scripts/build-options.mjs); same interface.
// Ink's Output builds each frame as a grid of one object per cell (120x36: 4,320), cuts every line it writes
// into styled characters and joins the grid back into text: most of a key press's CPU and ~9 MB of garbage a
// frame, collected in a 1 MB young generation (source/runtime/tuning.ts). Most rows of a frame are a few
// pieces side by side (a border, a cell's text, a border) that never overlap, and each piece is already the
// text its cells would be joined back into. Such a frame is joined piece by piece here; any frame where that
// could differ from Ink's own (pieces that overlap or reach outside the frame, escapes other than the colours
// Ink's tokenizer reads as chalk writes them, characters not one cell wide or joining a neighbour, a colour
// left open) is handed whole to Ink's Output. test/ui/ink-output.test.tsx compares both, cell by cell.
import InkOutput from 'ink-stock-output';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import {isTuned} from './tuning.js';

type Transformer = (line: string, index: number) => string;
type Clip = {x1?: number; x2?: number; y1?: number; y2?: number};
type Operation =
	| {type: 'write'; x: number; y: number; text: string; transformers: Transformer[]}
	| {type: 'clip'; clip: Clip}
	| {type: 'unclip'};

type Piece = {x: number; width: number; text: string};

/** The width of a line made of colours and one-cell characters only, or -1 (Ink's Output must draw it). */
const simpleWidths = new Map<string, number>();
const charWidths = new Map<number, number>();
// A frame is ~100 pieces: this covers the last few dozen frames, and holds their lines only so long.
const simpleWidthsAtMost = 4000;

export default class Output {
	readonly width: number;
	readonly height: number;
	private readonly operations: Operation[] = [];

	constructor(options: {width: number; height: number}) {
		this.width = options.width;
		this.height = options.height;
	}

	write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void {
		if (!text) {
			return;
		}

		this.operations.push({type: 'write', x, y, text, transformers: options.transformers});
	}

	clip(clip: Clip): void {
		this.operations.push({type: 'clip', clip});
	}

	unclip(): void {
		this.operations.push({type: 'unclip'});
	}

	get(): {output: string; height: number} {
		const rows = isTuned('ink-output-by-pieces') ? this.piecesByRow() : undefined;
		if (!rows) {
			return this.drawnByInk();
		}

		let output = '';
		for (let y = 0; y < this.height; y++) {
			if (y > 0) {
				output += '\n';
			}

			output += joinRow(rows[y]);
		}

		return {output, height: this.height};
	}

	private drawnByInk(): {output: string; height: number} {
		const ink = new InkOutput({width: this.width, height: this.height});
		for (const operation of this.operations) {
			if (operation.type === 'write') {
				ink.write(operation.x, operation.y, operation.text, {transformers: operation.transformers});
			} else if (operation.type === 'clip') {
				ink.clip(operation.clip);
			} else {
				ink.unclip();
			}
		}

		return ink.get();
	}

	/** The pieces of each row, as Ink's Output would clip them; undefined where only Ink's Output can draw them. */
	private piecesByRow(): Array<Piece[] | undefined> | undefined {
		const rows: Array<Piece[] | undefined> = Array.from({length: this.height});
		const clips: Clip[] = [];
		for (const operation of this.operations) {
			if (operation.type === 'clip') {
				clips.push(operation.clip);
				continue;
			}

			if (operation.type === 'unclip') {
				clips.pop();
				continue;
			}

			let {x, y} = operation;
			let lines = operation.text.split('\n');
			const clip = clips.at(-1);
			if (clip) {
				const clipHorizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
				const clipVertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
				const widths = clipHorizontally ? lines.map(line => stringWidth(line)) : [];
				if (clipHorizontally && (x + widths.reduce((widest, width) => Math.max(widest, width), 0) < clip.x1! || x > clip.x2!)) {
					continue;
				}

				if (clipVertically && (y + lines.length < clip.y1! || y > clip.y2!)) {
					continue;
				}

				if (clipHorizontally) {
					const {x1, x2} = clip as Required<Clip>;
					const from = x < x1 ? x1 - x : 0;
					// A line inside the clip is itself: cutting it (Ink does) would give the same cells.
					lines = lines.map((line, index) => {
						const width = widths[index]!;
						const to = x + width > x2 ? x2 - x : width;
						return from === 0 && to === width ? line : sliceAnsi(line, from, to);
					});
					x = Math.max(x, x1);
				}

				if (clipVertically) {
					const {y1, y2} = clip as Required<Clip>;
					const from = y < y1 ? y1 - y : 0;
					lines = lines.slice(from, y + lines.length > y2 ? y2 - y : lines.length);
					y = Math.max(y, y1);
				}
			}

			for (const [index, original] of lines.entries()) {
				// Ink's Output draws no line of a text after one outside the frame.
				const row = y + index;
				if (row < 0 || row >= this.height) {
					return undefined;
				}

				let line = original;
				for (const transformer of operation.transformers) {
					line = transformer(line, index);
				}

				const width = simpleWidth(line);
				if (width < 0 || x < 0 || x + width > this.width) {
					return undefined;
				}

				if (width === 0) {
					continue;
				}

				const pieces = (rows[row] ??= []);
				for (const piece of pieces) {
					if (x < piece.x + piece.width && piece.x < x + width) {
						return undefined;
					}
				}

				pieces.push({x, width, text: line});
			}
		}

		return rows;
	}
}

function joinRow(pieces: Piece[] | undefined): string {
	if (!pieces) {
		return '';
	}

	if (pieces.length > 1) {
		pieces.sort((a, b) => a.x - b.x);
	}

	let row = '';
	let column = 0;
	for (const piece of pieces) {
		row += ' '.repeat(piece.x - column) + piece.text;
		column = piece.x + piece.width;
	}

	return row.trimEnd();
}

function simpleWidth(line: string): number {
	let width = simpleWidths.get(line);
	if (width === undefined) {
		if (simpleWidths.size >= simpleWidthsAtMost) {
			simpleWidths.clear();
		}

		width = measureSimple(line);
		simpleWidths.set(line, width);
	}

	return width;
}

/**
 * Counts the cells of a line whose every character is one cell wide and whose escapes are colours that are
 * all closed by its end; -1 for any other line. Such a line's text is what Ink's Output would make of it.
 */
function measureSimple(line: string): number {
	let width = 0;
	let open = 0;
	let isAscii = true;
	for (let index = 0; index < line.length; index++) {
		const code = line.charCodeAt(index);
		if (code === 0x1b) {
			const end = line.indexOf('m', index);
			if (line.charCodeAt(index + 1) !== 0x5b || end < 0) {
				return -1;
			}

			const next = openStylesAfter(open, line.slice(index + 2, end));
			if (next < 0) {
				return -1;
			}

			open = next;
			index = end;
		} else if (code >= 0x20 && code < 0x7f) {
			width++;
		} else if (code < 0xa0 || (code >= 0xd800 && code <= 0xdfff) || charWidth(code) !== 1) {
			return -1;
		} else {
			isAscii = false;
			width++;
		}
	}

	// Ink cuts a line into graphemes: a character that joins its neighbour into one (Thai SARA AM, U+0E33)
	// makes the line narrower than its characters.
	return open === 0 && (isAscii || stringWidth(line) === width) ? width : -1;
}

function charWidth(code: number): number {
	let width = charWidths.get(code);
	if (width === undefined) {
		width = stringWidth(String.fromCharCode(code));
		charWidths.set(code, width);
	}

	return width;
}

/**
 * Opening bits of the SGR styles chalk writes; a closing code clears its own. Blink (5, 25) is left out: Ink's
 * tokenizer pairs it with a full reset.
 */
const bold = 1;
const dim = 1024;
const opens: Record<string, number> = {1: bold, 2: dim, 3: 2, 4: 4, 7: 16, 8: 32, 9: 64, 53: 128};
const closes: Record<string, number> = {0: -1, 22: bold | dim, 23: 2, 24: 4, 27: 16, 28: 32, 29: 64, 55: 128, 39: 256, 49: 512};

/**
 * The styles open after one SGR sequence's parameters, as bits (256: a foreground colour, 512: a background
 * one), or -1 where Ink's tokenizer reads them otherwise: `ESC[m` (kept as a style of its own), a code with a
 * leading zero (`038` is not a colour to it), bold and dim open together (going from both to dim alone, Ink's
 * diff closes both and opens neither).
 */
function openStylesAfter(open: number, parameters: string): number {
	if (parameters === '') {
		return -1;
	}

	const codes = parameters.split(';');
	for (let index = 0; index < codes.length; index++) {
		const code = codes[index]!;
		if (!/^(?:0|[1-9]\d{0,2})$/.test(code)) {
			return -1;
		}

		const number = Number(code);
		if (closes[code] !== undefined) {
			open = closes[code] === -1 ? 0 : open & ~closes[code]!;
		} else if (opens[code] !== undefined) {
			open |= opens[code]!;
		} else if ((number >= 30 && number <= 37) || (number >= 90 && number <= 97)) {
			open |= 256;
		} else if ((number >= 40 && number <= 47) || (number >= 100 && number <= 107)) {
			open |= 512;
		} else if (number === 38 || number === 48) {
			const mode = codes[index + 1];
			const skip = mode === '5' ? 2 : mode === '2' ? 4 : -1;
			if (skip < 0 || index + skip >= codes.length) {
				return -1;
			}

			open |= number === 38 ? 256 : 512;
			index += skip;
		} else {
			return -1;
		}

		if ((open & bold) !== 0 && (open & dim) !== 0) {
			return -1;
		}
	}

	return open;
}
