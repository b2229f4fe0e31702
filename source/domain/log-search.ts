/**
 * Search in a log, as less and vim do it: plain text, case-insensitive unless the query has a capital
 * (smart case), matches highlighted, n/N stepping with wraparound. One pass over the lines, nothing
 * copied or kept besides the matches; the match list stops at `matchLimit`.
 */

/** One match: a line and the [start, end) offsets in it. */
export type LogMatch = {line: number; start: number; end: number};

export type LogSearch = {
	query: string;
	caseSensitive: boolean;
	/** In log order. */
	matches: LogMatch[];
	/** True when there were more than `matchLimit` matches and the rest were not listed. */
	capped: boolean;
};

/** At most this many matches are listed; past it the label says "10000+". */
export const matchLimit = 10_000;

/** Smart case: a query with a capital letter is matched exactly, any other ignoring case. */
export function isCaseSensitive(query: string): boolean {
	return query !== query.toLowerCase();
}

/**
 * Lines `firstLine` to `firstLine + count - 1` of a log are `text` split at line breaks, as they are when the
 * log arrived as one text: such a run is searched in its text, one pass of the engine's own, instead of line
 * by line (over 210,000 lines: ~5 instead of ~13 ms, the dashboard running without V8's optimising compiler).
 * The lines must be exactly the text's: a match in a line the text does not have is not found (a line of the
 * text the lines do not have is, and from there the block is searched line by line).
 */
export type LineBlock = {firstLine: number; count: number; text: string};

/** Searches every line; the matches are in log order. `blocks`: runs of lines that are one text (LineBlock). */
export function searchLines(lines: readonly string[], query: string, limit = matchLimit, blocks: readonly LineBlock[] = []): LogSearch {
	return extendSearch({query, caseSensitive: isCaseSensitive(query), matches: [], capped: false}, lines, 0, limit, blocks);
}

/**
 * The search with the matches in `lines` from `fromLine` on added (lines that arrived since it ran):
 * a growing log is searched only where it grew.
 */
export function extendSearch(search: LogSearch, lines: readonly string[], fromLine: number, limit = matchLimit, blocks: readonly LineBlock[] = []): LogSearch {
	const result: LogSearch = {...search, matches: [...search.matches]};
	if (result.query === '' || result.query.includes('\n') || result.capped) {
		return result;
	}

	const scan = new Scan(result, lines, limit);
	let line = Math.max(0, fromLine);
	for (const block of blocks) {
		if (block.firstLine < line || block.firstLine + block.count > lines.length) {
			continue;
		}

		if (!scan.lines(line, block.firstLine) || !scan.block(block)) {
			return result;
		}

		line = block.firstLine + block.count;
	}

	scan.lines(line, lines.length);
	return result;
}

/** Adds matches to a search in log order until the limit; each step says whether to go on. */
class Scan {
	// A case-insensitive regexp costs about what indexOf does, where lowercasing every line (or the text)
	// cost several times more.
	private readonly anywhere: RegExp;
	private readonly every: RegExp;
	private readonly inBlock: RegExp;
	/** The query, when what matches it is exactly its text: exact, or with no letters that have a case. */
	private readonly literal: string | undefined;

	constructor(
		private readonly search: LogSearch,
		private readonly all: readonly string[],
		private readonly limit: number,
	) {
		const pattern = escapeRegExp(search.query);
		this.anywhere = new RegExp(pattern, search.caseSensitive ? 'u' : 'iu');
		this.every = new RegExp(pattern, search.caseSensitive ? 'gu' : 'giu');
		this.inBlock = new RegExp(this.every);
		const {query} = search;
		this.literal = search.caseSensitive || (query.toLowerCase() === query && query.toUpperCase() === query) ? query : undefined;
	}

	/** Lines `from` to `to - 1`, one by one. */
	lines(from: number, to: number): boolean {
		if (from >= to) {
			return true;
		}

		// The engine's own loop (filter calling the regexp's test, bound): without the optimising compiler, a
		// loop of ours calling test() once a line took ~1.4x as long. Only lines that match are walked again.
		const {anywhere, all} = this;
		const matching = (from === 0 && to === all.length ? all : all.slice(from, to)).filter(anywhere.test.bind(anywhere));
		let line = from - 1;
		for (const text of matching) {
			// The next line equal to a matching one is the next matching line: an equal line matches too.
			line = all.indexOf(text, line + 1);
			if (!this.add(text, line)) {
				return false;
			}
		}

		return true;
	}

	/** The lines of one block, found in its text; line by line from where the text and the lines disagree. */
	block({firstLine, count, text}: LineBlock): boolean {
		const {all} = this;
		const end = firstLine + count;
		const next = this.finder(text);
		let line = firstLine - 1;
		for (let at = next(0); at !== -1; ) {
			const lineStart = text.lastIndexOf('\n', at) + 1;
			const lineEnd = text.indexOf('\n', at);
			// As above: the next line equal to this one is this one.
			const found = all.indexOf(text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd), line + 1);
			if (found === -1 || found >= end) {
				return this.lines(line + 1, end);
			}

			line = found;
			if (!this.add(all[line]!, line)) {
				return false;
			}

			at = lineEnd === -1 ? -1 : next(lineEnd);
		}

		return true;
	}

	/**
	 * Where the next match in `text` from a place on begins (-1: none). A literal query is found through its
	 * rarest character in the text, with indexOf (memchr): over a 21.7 MB build log of few quotes,
	 * `HTTP/1.1" 200 615` took 1 ms this way, 11 ms with the regexp and 11 with indexOf of the whole query.
	 */
	private finder(text: string): (from: number) => number {
		const {literal, inBlock} = this;
		if (literal === undefined) {
			return from => {
				inBlock.lastIndex = from;
				return inBlock.exec(text)?.index ?? -1;
			};
		}

		const anchor = rarestIn(text, literal);
		const offset = literal.indexOf(anchor);
		return from => {
			for (let at = text.indexOf(anchor, from + offset); at !== -1; at = text.indexOf(anchor, at + 1)) {
				if (text.startsWith(literal, at - offset)) {
					return at - offset;
				}
			}

			return -1;
		};
	}

	/** Every match in line `line`, whose text is `text`. */
	private add(text: string, line: number): boolean {
		const {search, every, limit} = this;
		const {matches} = search;
		every.lastIndex = 0;
		for (let match = every.exec(text); match; match = every.exec(text)) {
			if (matches.length === limit) {
				search.capped = true;
				return false;
			}

			matches.push({line, start: match.index, end: match.index + match[0].length});
		}

		return true;
	}
}

/** The character of `query` seen least often in a sample of `text` (its first 64 KB). */
function rarestIn(text: string, query: string): string {
	const sample = text.length > 65_536 ? text.slice(0, 65_536) : text;
	let rarest = query[0]!;
	let fewest = Number.POSITIVE_INFINITY;
	for (const character of new Set(query)) {
		let seen = 0;
		for (let at = sample.indexOf(character); at !== -1 && seen < fewest; at = sample.indexOf(character, at + 1)) {
			seen++;
		}

		if (seen < fewest) {
			rarest = character;
			fewest = seen;
		}
	}

	return rarest;
}

function escapeRegExp(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}

/** Index of the first match on or after `line` (wrapping to the first match); -1 when there is none. */
export function firstMatchFrom(search: LogSearch, line: number): number {
	if (search.matches.length === 0) {
		return -1;
	}

	const index = lowerBound(search.matches, line);
	return index === search.matches.length ? 0 : index;
}

/** The next (1) or previous (-1) match from `current`, wrapping around the ends; -1 when there is none. */
export function stepMatch(search: LogSearch, current: number, direction: 1 | -1): number {
	const count = search.matches.length;
	if (count === 0) {
		return -1;
	}

	if (current < 0 || current >= count) {
		return direction === 1 ? 0 : count - 1;
	}

	return (current + direction + count) % count;
}

/** "3/17" for the title; "3/10000+" when capped; "no match" when there is none. */
export function matchLabel(search: LogSearch, current: number): string {
	const count = search.matches.length;
	if (count === 0) {
		return 'no match';
	}

	const total = `${count}${search.capped ? '+' : ''}`;
	return current >= 0 && current < count ? `${current + 1}/${total}` : `${total} ${count === 1 && !search.capped ? 'match' : 'matches'}`;
}

/** The matches on one line (a binary search, then a walk over that line's matches). */
export function matchesOnLine(search: LogSearch, line: number): LogMatch[] {
	const result: LogMatch[] = [];
	for (let index = lowerBound(search.matches, line); index < search.matches.length && search.matches[index]!.line === line; index++) {
		result.push(search.matches[index]!);
	}

	return result;
}

function lowerBound(matches: readonly LogMatch[], line: number): number {
	let low = 0;
	let high = matches.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (matches[middle]!.line < line) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}

/** A run of a shown line: plain text, a match, or the current match. */
export type HighlightPart = {text: string; isMatch: boolean; isCurrent: boolean};

/**
 * Splits the part [start, end) of line `line` (a wrapped row or a sideways cut) into plain and matching
 * runs; a match cut by the edge is highlighted where it shows.
 */
export function highlightParts(text: string, line: number, start: number, end: number, search: LogSearch | null, current = -1): HighlightPart[] {
	const parts: HighlightPart[] = [];
	const currentMatch = search && current >= 0 ? search.matches[current] : undefined;
	let position = start;
	for (const match of search ? matchesOnLine(search, line) : []) {
		const from = Math.max(match.start, start);
		const to = Math.min(match.end, end);
		if (to <= from) {
			continue;
		}

		if (from > position) {
			parts.push({text: text.slice(position, from), isMatch: false, isCurrent: false});
		}

		parts.push({text: text.slice(from, to), isMatch: true, isCurrent: match === currentMatch});
		position = to;
	}

	if (position < end || parts.length === 0) {
		parts.push({text: text.slice(position, end), isMatch: false, isCurrent: false});
	}

	return parts;
}
