import type {LineBlock} from '../../domain/log-search.js';
import {expandTabs} from './display-width.js';
import {wrapLine, type LineSegments} from './wrap.js';

/** Wrapped lines kept per width; past this many the cache starts over (a screenful needs a few dozen). */
const wrapCacheLimit = 20_000;

type WrapCache = {width: number; segments: Map<number, LineSegments>};

/**
 * The lines of one log (up to the 100,000 the pane holds) with their wrapping computed only for the
 * lines that are shown, and kept while the width stays the same. Lines never change once here, so a
 * copy with lines appended shares the cache.
 */
export class LogLines {
	/** Splits log text into lines (a final newline ends the last line, it does not start an empty one); tabs expanded. */
	static fromText(text: string, tabSize = 8): LogLines {
		if (text === '') {
			return new LogLines([]);
		}

		const lines = text.split('\n');
		if (lines.at(-1) === '') {
			lines.pop();
		}

		return text.includes('\t')
			? new LogLines(lines.map(line => expandTabs(line, tabSize)))
			: new LogLines(lines, undefined, [{firstLine: 0, count: lines.length, text}]);
	}

	/** `blocks`: runs of `lines` that are one text (LineBlock), kept for searching where no tab was expanded. */
	static of(lines: readonly string[], tabSize = 8, blocks: readonly LineBlock[] = []): LogLines {
		return new LogLines(
			lines.map(line => expandTabs(line, tabSize)),
			undefined,
			blocks.filter(block => !block.text.includes('\t')),
		);
	}

	private constructor(
		readonly lines: readonly string[],
		private readonly cache: WrapCache = {width: 0, segments: new Map()},
		/** Runs of `lines` that are one text split at line breaks, for searching (domain/log-search). */
		readonly blocks: readonly LineBlock[] = [],
	) {}

	get count(): number {
		return this.lines.length;
	}

	/** A copy with `more` lines after these; wrapping already computed is kept. */
	appended(more: readonly string[], tabSize = 8): LogLines {
		if (more.length === 0) {
			return this;
		}

		return new LogLines([...this.lines, ...more.map(line => expandTabs(line, tabSize))], this.cache, this.blocks);
	}

	/** The rows line `index` wraps into at `width` columns. */
	segments(index: number, width: number): LineSegments {
		const {cache} = this;
		if (cache.width !== width || cache.segments.size >= wrapCacheLimit) {
			cache.width = width;
			cache.segments.clear();
		}

		let segments = cache.segments.get(index);
		if (!segments) {
			segments = wrapLine(this.lines[index] ?? '', width);
			cache.segments.set(index, segments);
		}

		return segments;
	}

	rowsOf(index: number, width: number): number {
		return this.segments(index, width).length / 2;
	}
}
