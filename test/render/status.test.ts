import {describe, expect, it} from 'vitest';
import {lifecycleStatuses} from '../../source/domain/lifecycle.js';
import {isColorEnabled} from '../../source/render/colors.js';
import {formatClock, formatElapsed} from '../../source/render/format.js';
import {statusBadges, statusLook} from '../../source/render/status.js';
import {createStyle, statusPaint, statusWord} from '../../source/render/style.js';

const terminal = {isTTY: true};

describe('one status table for the dashboard and the plain output', () => {
	it.each(lifecycleStatuses)('%s gets the same colour in plain output as on its dashboard badge', status => {
		const style = createStyle(terminal, {});
		expect(statusPaint(style, status)('x')).toBe(style[statusBadges[status].color]('x'));
	});

	it('shows pending grey and deploying cyan everywhere (they used to differ)', () => {
		const style = createStyle(terminal, {});
		expect(statusPaint(style, 'pending')('pending')).toBe('\u001B[90mpending\u001B[39m');
		expect(statusPaint(style, 'deploying')('deploying')).toBe('\u001B[36mdeploying\u001B[39m');
	});

	it('puts the symbol before the word on a colour terminal, and leaves piped output bare', () => {
		expect(statusWord(createStyle(terminal, {}), 'running')).toBe('\u001B[32m● running\u001B[39m');
		expect(statusWord(createStyle({isTTY: false}, {}), 'running')).toBe('running');
		expect(statusWord(createStyle({isTTY: false}, {}), 'running', 'running (cleaned)')).toBe('running (cleaned)');
	});

	it('gives a word it does not know a neutral look', () => {
		expect(statusLook('something-new')).toEqual({symbol: '·', color: 'gray'});
		expect(statusLook(null).color).toBe('gray');
	});
});

describe('whether to colour, decided in one place', () => {
	it.each([
		[{}, true, true],
		[{}, false, false],
		[{NO_COLOR: '1'}, true, false],
		[{NO_COLOR: ''}, true, true],
		[{TERM: 'dumb'}, true, false],
		[{FORCE_COLOR: '1'}, false, true],
		[{FORCE_COLOR: '0'}, true, false],
		[{FORCE_COLOR: '1', NO_COLOR: '1'}, false, false],
	])('env %j on a terminal=%s: colour %s', (env, isTerminal, expected) => {
		expect(isColorEnabled(env, isTerminal)).toBe(expected);
		expect(createStyle({isTTY: isTerminal}, env).isEnabled).toBe(expected);
	});
});

describe('times in one 24-hour format', () => {
	it('writes afternoon hours as 13-23 whatever the locale', () => {
		const afternoon = new Date(2026, 11, 2, 15, 4, 9).getTime();
		expect(formatClock(afternoon)).toBe('15:04:09');
	});

	it('writes a stopwatch as minutes and seconds', () => {
		expect(formatElapsed(125_000)).toBe('2:05');
		expect(formatElapsed(-5)).toBe('0:00');
	});
});
