import {describe, expect, it} from 'vitest';
import {boundCachedLogs, boundLogText, logBounds} from '../../source/store/index.js';

const lines = (count: number, prefix = 'line'): string => Array.from({length: count}, (_, index) => `${prefix} ${index}`).join('\n');

describe('boundLogText', () => {
	it('keeps the last 500 lines and at most 64 KiB', () => {
		expect(logBounds).toEqual({maxLines: 500, maxBytes: 65_536});
	});

	it('leaves a short log alone', () => {
		expect(boundLogText('')).toEqual({text: '', truncated: false});
		expect(boundLogText('one\ntwo\n')).toEqual({text: 'one\ntwo\n', truncated: false});
		expect(boundLogText(lines(500))).toEqual({text: lines(500), truncated: false});
	});

	it('keeps the last lines, a final newline not counting as a line', () => {
		const bounded = boundLogText(`${lines(700)}\n`);
		expect(bounded.truncated).toBe(true);
		expect(bounded.text.startsWith('line 200\n')).toBe(true);
		expect(bounded.text.endsWith('line 699\n')).toBe(true);
		expect(bounded.text.split('\n')).toHaveLength(501);
		expect(boundLogText('a\nb\nc', {maxLines: 2, maxBytes: 100})).toEqual({text: 'b\nc', truncated: true});
		expect(boundLogText('a\nb\nc\n', {maxLines: 2, maxBytes: 100})).toEqual({text: 'b\nc\n', truncated: true});
	});

	it('keeps at most maxBytes, starting at a whole line', () => {
		const long = lines(400, 'x'.repeat(400));
		const bounded = boundLogText(long);
		expect(bounded.truncated).toBe(true);
		expect(Buffer.byteLength(bounded.text)).toBeLessThanOrEqual(logBounds.maxBytes);
		expect(long.endsWith(bounded.text)).toBe(true);
		expect(bounded.text.startsWith('x')).toBe(true);
		expect(long.includes(`\n${bounded.text}`)).toBe(true);
	});

	it('never splits a multi-byte character when no whole line fits', () => {
		const bounded = boundLogText('é'.repeat(10), {maxLines: 10, maxBytes: 5});
		expect(bounded).toEqual({text: 'éé', truncated: true});
		expect(boundLogText('😀😀😀', {maxLines: 10, maxBytes: 6})).toEqual({text: '😀', truncated: true});
	});
});

describe('boundCachedLogs', () => {
	it('returns the same object when nothing is cut, and marks a cut', () => {
		const small = {text: 'ok', fetchedAt: '2026-03-01T10:00:00.000Z', truncated: false};
		expect(boundCachedLogs(small)).toBe(small);
		const big = boundCachedLogs({text: lines(2100), fetchedAt: small.fetchedAt, truncated: false});
		expect(big.truncated).toBe(true);
		expect(big.text.split('\n')).toHaveLength(logBounds.maxLines);
		expect(big.fetchedAt).toBe(small.fetchedAt);
	});
});
