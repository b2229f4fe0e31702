import {describe, expect, it} from 'vitest';
import {clipboardMessage, osc52Sequence} from '../../source/render/osc52.js';

const url = 'http://api-test-2.example.com';
const base64 = Buffer.from(url).toString('base64');

describe('osc52Sequence', () => {
	it('is OSC 52 with the text in base64 for the clipboard', () => {
		expect(osc52Sequence(url, {env: {}})).toBe(`\u001B]52;c;${base64}\u0007`);
	});

	it('inside tmux is sent plain and through the DCS passthrough with its escapes doubled', () => {
		expect(osc52Sequence(url, {env: {TMUX: '/tmp/tmux-1000/default,1,0'}})).toBe(
			`\u001B]52;c;${base64}\u0007\u001BPtmux;\u001B\u001B]52;c;${base64}\u0007\u001B\\`,
		);
	});

	it('says where the text went and what tmux needs', () => {
		expect(clipboardMessage('the URL', {env: {}})).toBe("sent the URL to the terminal's clipboard (OSC 52)");
		expect(clipboardMessage('the URL', {env: {TMUX: 'x'}})).toBe(
			"sent the URL to the terminal's clipboard (OSC 52) (in tmux this needs `set -g set-clipboard on` or `set -g allow-passthrough on`)",
		);
	});

	it('inside GNU screen goes through its DCS', () => {
		expect(osc52Sequence(url, {env: {STY: '1.pts-0'}})).toBe(`\u001BP\u001B]52;c;${base64}\u0007\u001B\\`);
	});

	it('carries any text safely: the payload is base64 only', () => {
		const sequence = osc52Sequence('a\u0007b\u001B]0;x\n日本', {env: {}})!;
		const payload = /^\u001B\]52;c;([A-Za-z\d+/=]+)\u0007$/.exec(sequence)![1]!;
		expect(Buffer.from(payload, 'base64').toString('utf8')).toBe('a\u0007b\u001B]0;x\n日本');
	});

	it('refuses text too long for terminals to accept', () => {
		expect(osc52Sequence('x'.repeat(200_000), {env: {}})).toBeNull();
	});
});
