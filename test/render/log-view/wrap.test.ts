import {describe, expect, it} from 'vitest';
import {codePointWidth, displayWidth, expandTabs} from '../../../source/render/log-view/display-width.js';
import {cutColumns, wrapLine} from '../../../source/render/log-view/wrap.js';

function rows(line: string, width: number): string[] {
	const segments = wrapLine(line, width);
	const result: string[] = [];
	for (let index = 0; index < segments.length; index += 2) {
		result.push(line.slice(segments[index], segments[index + 1]));
	}

	return result;
}

describe('display width', () => {
	it.each([
		['plain ascii', 'hello world', 11],
		['CJK is two columns each', '日本語', 6],
		['Hangul syllables', '한국', 4],
		['fullwidth forms', 'ＡＢ', 4],
		['emoji', 'ok 🚀', 5],
		['combining accent takes none', 'e\u0301', 1],
		['zero-width joiner and variation selector', 'a\u200D\uFE0Fb', 2],
		['latin-1 letters are one', 'café', 4],
		['empty', '', 0],
	])('%s', (_name, text, width) => {
		expect(displayWidth(text)).toBe(width);
	});

	it('control characters take no column', () => {
		expect(codePointWidth(0x07)).toBe(0);
		expect(codePointWidth(0x9B)).toBe(0);
	});

	it.each([
		['a\tb', 'a       b'],
		['abcdefgh\tx', 'abcdefgh        x'],
		['日本\tx', '日本    x'],
		['no tab', 'no tab'],
	])('expands tabs to stops of 8 in %j', (line, expected) => {
		expect(expandTabs(line)).toBe(expected);
	});
});

describe('wrapLine', () => {
	it.each<[string, string, number, string[]]>([
		['fits', 'short line', 20, ['short line']],
		['empty line is one empty row', '', 10, ['']],
		['breaks after the last space that fits', 'Error response from daemon: pull access denied', 20, ['Error response from ', 'daemon: pull access ', 'denied']],
		['a space at the edge is dropped', 'abcde fghij', 5, ['abcde', 'fghij']],
		['a long word is cut hard', 'abcdefghijkl', 5, ['abcde', 'fghij', 'kl']],
		['word after a long word', 'abcdefgh ij', 5, ['abcde', 'fgh ', 'ij']],
		['wide characters move whole', '日本語テキスト', 5, ['日本', '語テ', 'キス', 'ト']],
		['wide text with spaces', 'ab 日本語 cd', 6, ['ab ', '日本語', 'cd']],
		['emoji are two columns', '🚀🚀🚀', 4, ['🚀🚀', '🚀']],
	])('%s', (_name, line, width, expected) => {
		expect(rows(line, width)).toEqual(expected);
		for (const row of rows(line, width)) {
			expect(displayWidth(row)).toBeLessThanOrEqual(width);
		}
	});

	it('the plain-text fast path and the general path agree', () => {
		const words = ['a', 'bb', 'ccc', 'dddddddd', 'eeeeeeeeeeeeeeeeeee', ' ', '  '];
		let seed = 7;
		const random = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed / 2_147_483_648;
		};

		for (let sample = 0; sample < 300; sample++) {
			const ascii = Array.from({length: 1 + Math.floor(random() * 12)}, () => words[Math.floor(random() * words.length)]).join(' ');
			const width = 1 + Math.floor(random() * 15);
			// The same text with a trailing combining mark goes through the general path.
			const general = rows(`${ascii}\u0301`, width);
			const fast = rows(ascii, width);
			expect(general.join('|').replace('\u0301', '')).toBe(fast.join('|'));
		}
	});

	it('every character of the line lands in exactly one row or is a dropped edge space', () => {
		const line = 'pull access denied for registry.example.com/team/app, repository does not exist or may require docker login';
		for (let width = 1; width < 40; width++) {
			expect(rows(line, width).join('').replaceAll(' ', '')).toBe(line.replaceAll(' ', ''));
		}
	});
});

describe('cutColumns', () => {
	it.each<[string, string, number, number, string]>([
		['from the start', 'hello world', 0, 5, 'hello'],
		['scrolled', 'hello world', 6, 10, 'world'],
		['past the end', 'short', 10, 5, ''],
		['wide character straddling the left edge becomes a space', '日本語', 1, 4, ' 本'],
		['wide character straddling the right edge is left out', 'ab日本', 0, 3, 'ab'],
		['aligned wide text', '日本語テ', 2, 4, '本語'],
	])('%s', (_name, line, from, width, text) => {
		const cut = cutColumns(line, from, width);
		expect(cut.text).toBe(text);
		expect(displayWidth(cut.text)).toBeLessThanOrEqual(width);
	});

	it('gives the offsets of what it shows, for highlighting', () => {
		expect(cutColumns('日本語テ', 1, 4)).toEqual({text: ' 本', start: 1, end: 2, padLeft: 1});
		expect(cutColumns('hello world', 6, 3)).toEqual({text: 'wor', start: 6, end: 9, padLeft: 0});
	});
});
