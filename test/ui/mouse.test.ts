import {describe, expect, it} from 'vitest';
import {clickedItem, disableMouse, enableMouse, hitTest, parseMouseInput, type MouseEvent} from '../../source/ui/mouse.js';

describe('parseMouseInput', () => {
	it.each<[string, string, MouseEvent[], string]>([
		['wheel up', '\u001B[<64;10;5M', [{kind: 'wheel', direction: 'up', x: 9, y: 4}], ''],
		['wheel down', '\u001B[<65;1;1M', [{kind: 'wheel', direction: 'down', x: 0, y: 0}], ''],
		['wheel with control held', '\u001B[<81;3;4M', [{kind: 'wheel', direction: 'down', x: 2, y: 3}], ''],
		['left press', '\u001B[<0;120;35M', [{kind: 'click', x: 119, y: 34}], ''],
		['left release is not a second click', '\u001B[<0;12;3m', [], ''],
		['right and middle buttons are ignored', '\u001B[<2;1;1M\u001B[<1;1;1M', [], ''],
		['drag motion is ignored', '\u001B[<32;5;5M', [], ''],
		['keys around reports stay keys', 'j\u001B[<64;2;2Mk\u001B[A', [{kind: 'wheel', direction: 'up', x: 1, y: 1}], 'j' + 'k\u001B[A'],
		['keys alone', 'q', [], 'q'],
		['coordinates past 223 columns (what SGR mode is for)', '\u001B[<0;300;80M', [{kind: 'click', x: 299, y: 79}], ''],
	])('%s', (_name, data, events, keys) => {
		const parsed = parseMouseInput(data);
		expect(parsed.events).toEqual(events);
		expect(parsed.keys).toBe(keys);
		expect(parsed.pending).toBe('');
	});

	it('holds back a report cut between two chunks and reads it whole with the next', () => {
		const first = parseMouseInput('j\u001B[<64;1');
		expect(first).toEqual({events: [], keys: 'j', pending: '\u001B[<64;1'});
		const second = parseMouseInput(first.pending + '0;5M');
		expect(second.events).toEqual([{kind: 'wheel', direction: 'up', x: 9, y: 4}]);
	});

	it('a lone Escape or an arrow key prefix at the end is not held back', () => {
		expect(parseMouseInput('\u001B')).toEqual({events: [], keys: '\u001B', pending: ''});
		expect(parseMouseInput('\u001B[')).toEqual({events: [], keys: '\u001B[', pending: ''});
	});

	it('enables press and wheel reports in SGR form, and disables them in reverse', () => {
		expect(enableMouse).toBe('\u001B[?1000h\u001B[?1006h');
		expect(disableMouse).toBe('\u001B[?1006l\u001B[?1000l');
	});
});

describe('hitTest', () => {
	const panes = [
		{id: 'pipelines', x: 0, y: 1, width: 30, height: 10},
		{id: 'deployments', x: 30, y: 1, width: 90, height: 10},
		{id: 'log', x: 0, y: 11, width: 120, height: 22},
	] as const;

	it.each<[number, number, string | null, number?, number?]>([
		[0, 1, 'pipelines', 0, 0],
		[29, 10, 'pipelines', 29, 9],
		[30, 1, 'deployments', 0, 0],
		[50, 11, 'log', 50, 0],
		[119, 32, 'log', 119, 21],
		[5, 0, null],
		[120, 5, null],
		[5, 33, null],
	])('(%i, %i) is in %s', (x, y, id, column, row) => {
		const hit = hitTest(panes, x, y);
		expect(hit).toEqual(id === null ? null : {id, column, row});
	});

	it('maps a click row to the list item under it', () => {
		expect(clickedItem(3, 2, 10, 50)).toBe(11);
		expect(clickedItem(1, 2, 10, 50)).toBeNull();
		expect(clickedItem(9, 2, 0, 5)).toBeNull();
	});
});
