import {describe, expect, it} from 'vitest';
import {
	extendSearch,
	firstMatchFrom,
	highlightParts,
	isCaseSensitive,
	matchLabel,
	matchLimit,
	matchesOnLine,
	searchLines,
	stepMatch,
	type LineBlock,
} from '../../source/domain/log-search.js';

const lines = [
	'Step 1/4 : FROM node:20',
	'error: pull access denied',
	'ERROR Error error',
	'nothing here',
	'aaaa',
];

describe('searchLines', () => {
	it.each<[string, boolean, Array<[number, number, number]>]>([
		['error', false, [[1, 0, 5], [2, 0, 5], [2, 6, 11], [2, 12, 17]]],
		['Error', true, [[2, 6, 11]]],
		['ERROR', true, [[2, 0, 5]]],
		['aa', false, [[4, 0, 2], [4, 2, 4]]],
		['1/4 :', false, [[0, 5, 10]]],
		['(', false, []],
		['absent', false, []],
		['', false, []],
	])('%j (case-sensitive: %s)', (query, caseSensitive, expected) => {
		const search = searchLines(lines, query);
		expect(search.caseSensitive).toBe(caseSensitive);
		expect(search.matches.map(match => [match.line, match.start, match.end])).toEqual(expected);
	});

	it('smart case: capitals make it exact', () => {
		expect(isCaseSensitive('denied')).toBe(false);
		expect(isCaseSensitive('Denied')).toBe(true);
		expect(isCaseSensitive('123 !')).toBe(false);
	});

	it('finds matches in a line whose length changes when lowercased', () => {
		const search = searchLines(['İstanbul x İx'], 'x');
		expect(search.matches.map(match => [match.start, match.end])).toEqual([[9, 10], [12, 13]]);
	});

	it('stops listing at the limit and says so', () => {
		const many = Array.from({length: 50}, () => 'x x x');
		const search = searchLines(many, 'x', 100);
		expect(search.matches).toHaveLength(100);
		expect(search.capped).toBe(true);
		expect(matchLabel(search, 2)).toBe('3/100+');
		expect(searchLines(many, 'x', 150).capped).toBe(false);
	});
});

describe('searching runs of lines in the text they were split from', () => {
	const words = ['error', 'Error', 'x', 'İx', 'denied', '', 'a b', 'ERROR error', '"404"', '1.1" 4', '44'];

	/** A log of random lines; the runs in `blocks` are texts split at line breaks, as a log arrives. */
	function randomLog(seed: number): {lines: string[]; blocks: LineBlock[]} {
		let state = seed;
		const next = (below: number): number => {
			// mulberry32
			state = (state + 0x6d_2b_79_f5) | 0;
			let t = Math.imul(state ^ (state >>> 15), 1 | state);
			t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
			return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * below);
		};

		const lines: string[] = [];
		const blocks: LineBlock[] = [];
		for (let part = 0; part < 1 + next(4); part++) {
			const made = Array.from({length: 1 + next(30)}, () => Array.from({length: next(4)}, () => words[next(words.length)]).join(' '));
			if (next(3) > 0) {
				const text = made.join('\n');
				blocks.push({firstLine: lines.length, count: made.length, text});
				lines.push(...text.split('\n'));
			} else {
				lines.push(...made);
			}
		}

		return {lines, blocks};
	}

	it.each([['error'], ['Error'], ['x'], ['a b'], ['absent'], ['4'], ['" 4'], ['4"'], ['"']])('finds what a line-by-line search finds: %j', query => {
		for (let seed = 1; seed <= 200; seed++) {
			const {lines: log, blocks} = randomLog(seed);
			expect(searchLines(log, query, matchLimit, blocks), `seed ${seed}`).toEqual(searchLines(log, query));
			expect(searchLines(log, query, 7, blocks), `seed ${seed}, capped`).toEqual(searchLines(log, query, 7));
			const from = seed % (log.length + 1);
			const before = searchLines(log.slice(0, from), query);
			expect(extendSearch(before, log, from, matchLimit, blocks), `seed ${seed}, from ${from}`).toEqual(extendSearch(before, log, from));
		}
	});

	it('goes line by line where a run and its text disagree', () => {
		const log = ['top', 'error one', 'two', 'error three', 'error four'];
		const search = searchLines(log, 'error', matchLimit, [{firstLine: 1, count: 4, text: 'error one\ntwo\nerror 3\nerror four'}]);
		expect(search.matches.map(match => match.line)).toEqual([1, 3, 4]);
	});
});

describe('a growing log', () => {
	it('searches only the new lines and adds their matches', () => {
		const first = searchLines(lines.slice(0, 3), 'error');
		const grown = [...lines, 'late error', 'ERROR again'];
		const extended = extendSearch(first, grown, 3);
		expect(extended.matches).toEqual(searchLines(grown, 'error').matches);
		expect(first.matches).toHaveLength(4);
	});

	it('agrees with a plain line-by-line lowercase scan', () => {
		const words = ['Error', 'error', 'ERR', 'or', 'rr', 'x', ' ', 'İ', 'érror'];
		const corpus = Array.from({length: 200}, (_, line) => Array.from({length: line % 7}, (_, word) => words[(line * 3 + word * 5) % words.length]).join(''));
		for (const query of ['error', 'Error', 'rr', 'or e', 'x', 'İ', 'érr']) {
			const expected = corpus.flatMap((text, line) => {
				const exact = isCaseSensitive(query);
				const haystack = exact ? text : text.toLowerCase();
				const needle = exact ? query : query.toLowerCase();
				const found = [];
				for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
					found.push({line, start: at, end: at + needle.length});
				}

				return text.length === text.toLowerCase().length ? found : [];
			});
			const actual = searchLines(corpus, query).matches.filter(match => corpus[match.line]!.length === corpus[match.line]!.toLowerCase().length);
			expect(actual).toEqual(expected);
		}
	});
});

describe('moving between matches', () => {
	const search = searchLines(lines, 'error');

	it.each<[number, 1 | -1, number]>([
		[0, 1, 1],
		[3, 1, 0],
		[0, -1, 3],
		[2, -1, 1],
		[-1, 1, 0],
		[-1, -1, 3],
	])('from %i in direction %i goes to %i', (current, direction, next) => {
		expect(stepMatch(search, current, direction)).toBe(next);
	});

	it('starts from the first match at or below the top line, wrapping to the first', () => {
		expect(firstMatchFrom(search, 0)).toBe(0);
		expect(firstMatchFrom(search, 2)).toBe(1);
		expect(firstMatchFrom(search, 3)).toBe(0);
		expect(firstMatchFrom(searchLines(lines, 'absent'), 0)).toBe(-1);
		expect(stepMatch(searchLines(lines, 'absent'), 0, 1)).toBe(-1);
	});

	it('labels the position for the title', () => {
		expect(matchLabel(search, 2)).toBe('3/4');
		expect(matchLabel(search, -1)).toBe('4 matches');
		expect(matchLabel(searchLines(lines, 'absent'), -1)).toBe('no match');
		expect(matchLabel(searchLines(['one line', 'another'], 'one'), -1)).toBe('1 match');
	});

	it('lists the matches of one line', () => {
		expect(matchesOnLine(search, 2)).toHaveLength(3);
		expect(matchesOnLine(search, 3)).toEqual([]);
	});
});

describe('highlightParts', () => {
	const search = searchLines(lines, 'error');
	const line = lines[2]!;

	it('splits a line into plain, matching and current runs', () => {
		expect(highlightParts(line, 2, 0, line.length, search, 2)).toEqual([
			{text: 'ERROR', isMatch: true, isCurrent: false},
			{text: ' ', isMatch: false, isCurrent: false},
			{text: 'Error', isMatch: true, isCurrent: true},
			{text: ' ', isMatch: false, isCurrent: false},
			{text: 'error', isMatch: true, isCurrent: false},
		]);
	});

	it('highlights the visible part of a match cut by the row', () => {
		expect(highlightParts(line, 2, 3, 8, search, -1)).toEqual([
			{text: 'OR', isMatch: true, isCurrent: false},
			{text: ' ', isMatch: false, isCurrent: false},
			{text: 'Er', isMatch: true, isCurrent: false},
		]);
	});

	it('a line without matches or without a search is one plain run', () => {
		expect(highlightParts('nothing here', 3, 0, 12, search)).toEqual([{text: 'nothing here', isMatch: false, isCurrent: false}]);
		expect(highlightParts('', 0, 0, 0, null)).toEqual([{text: '', isMatch: false, isCurrent: false}]);
	});
});
