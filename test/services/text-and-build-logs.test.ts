import {describe, expect, it} from 'vitest';
import type {BuildLogEntry} from '../../source/coolify/types.js';
import {parseBuildLogs} from '../../source/services/build-logs.js';
import {sanitizeTerminalText} from '../../source/services/text-safety.js';

describe('sanitizeTerminalText', () => {
	it.each([
		['colours', '\u001B[32minfo\u001B[39m: \u001B[1;31mred\u001B[0m', 'info: red'],
		['cursor moves and screen clears', 'a\u001B[2J\u001B[H\u001B[10;20Hb\u001B[3Ac\u001B[K', 'abc'],
		['an OSC title ended by BEL', '\u001B]0;pwned\u0007after', 'after'],
		['an OSC 8 hyperlink ended by ST', '\u001B]8;;https://evil.example\u001B\\link\u001B]8;;\u001B\\', 'link'],
		['an 8-bit CSI', 'x\u009B31my', 'xy'],
		['DCS strings', 'a\u001BPq#0;2;0;0;0\u001B\\b', 'ab'],
		['cursor save and restore, and a full reset', 'a\u001B7b\u001B8c\u001Bcd', 'abcd'],
		['charset selection (tput sgr0)', '\u001B[1mbold\u001B(B\u001B[m plain', 'bold plain'],
		['bells, backspaces, NUL and DEL', 'a\u0007b\u0008c\u0000d\u007Fe', 'abcde'],
		['carriage returns', 'progress 10%\rprogress 100%\r\nnext', 'progress 10%\nprogress 100%\nnext'],
		['tabs', 'a\tb', 'a    b'],
	])('strips %s', (_label, input, expected) => {
		expect(sanitizeTerminalText(input)).toBe(expected);
	});

	it('keeps newlines and printable Unicode', () => {
		const text = 'Oops something is not okay 😢\nÅngström – naïve café\n';
		expect(sanitizeTerminalText(text)).toBe(text);
	});

	it('drops a dangling escape at the end of a chunk', () => {
		expect(sanitizeTerminalText('text\u001B')).toBe('text');
	});
});

function entry(overrides: Partial<BuildLogEntry>): Partial<BuildLogEntry> {
	return {command: null, output: '', type: 'stdout', timestamp: '2026-01-02T03:04:05.000000Z', hidden: false, batch: 1, ...overrides};
}

describe('parseBuildLogs', () => {
	it('orders entries by order, taking the missing first order as 0', () => {
		const raw = JSON.stringify([
			entry({output: 'third', order: 3}),
			entry({output: 'first', timestamp: '2026-01-02T03:04:01.000000Z'}),
			entry({output: 'second', order: 2}),
		]);
		expect(parseBuildLogs(raw)).toEqual({lines: ['03:04:01 first', '03:04:05 second', '03:04:05 third'], parsed: true, hiddenCount: 0});
	});

	it('keeps the original order for equal order values', () => {
		const raw = JSON.stringify([entry({output: 'a', order: 5}), entry({output: 'b', order: 5}), entry({output: 'c', order: 1})]);
		expect(parseBuildLogs(raw).lines.map(line => line.slice(9))).toEqual(['c', 'a', 'b']);
	});

	it('hides hidden entries unless asked, then shows their command', () => {
		const raw = JSON.stringify([
			entry({output: 'visible'}),
			entry({output: 'debug output', hidden: true, command: 'docker ps', order: 2, batch: 2}),
			entry({output: 'error', type: 'stderr', order: 3}),
		]);
		expect(parseBuildLogs(raw)).toEqual({lines: ['03:04:05 visible', '03:04:05 ! error'], parsed: true, hiddenCount: 1});
		expect(parseBuildLogs(raw, {includeHidden: true})).toEqual({
			lines: ['03:04:05 visible', '03:04:05 $ docker ps', '03:04:05 debug output', '03:04:05 ! error'],
			parsed: true,
			hiddenCount: 0,
		});
	});

	it('splits multi-line outputs and tolerates odd timestamps and missing outputs', () => {
		const raw = JSON.stringify([entry({output: 'one\ntwo'}), entry({output: undefined, order: 2, timestamp: 'not a date'}), {order: 3, output: 'bare'}]);
		expect(parseBuildLogs(raw).lines).toEqual(['03:04:05 one', '03:04:05 two', '', 'bare']);
	});

	it('shows the raw text when it is not the JSON-encoded array', () => {
		expect(parseBuildLogs('plain text\nline two')).toEqual({lines: ['plain text', 'line two'], parsed: false, hiddenCount: 0});
		expect(parseBuildLogs('{"message":"not an array"}')).toEqual({lines: ['{"message":"not an array"}'], parsed: false, hiddenCount: 0});
		expect(parseBuildLogs('[{"output": "trunc')).toMatchObject({parsed: false, lines: ['[{"output": "trunc']});
	});

	it('has no lines for null, empty or "[]" logs', () => {
		for (const raw of [null, undefined, '', '  ', '[]']) {
			expect(parseBuildLogs(raw)).toEqual({lines: [], parsed: true, hiddenCount: 0});
		}
	});
});
