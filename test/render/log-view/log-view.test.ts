import {describe, expect, it} from 'vitest';
import {LogLines} from '../../../source/render/log-view/log-lines.js';
import {
	followLog,
	initialLogViewState,
	newLineCount,
	newLinesLabel,
	revealLine,
	scrollColumns,
	scrollRows,
	scrollToStart,
	syncWithLog,
	toggleWrap,
	visibleRows,
} from '../../../source/render/log-view/log-view.js';
import {logFileName, logSaveText} from '../../../source/render/log-view/save-text.js';

const viewport = {rows: 3, width: 10};
const numbered = (count: number) => LogLines.of(Array.from({length: count}, (_, index) => `line ${index}`));
const texts = (log: LogLines, state: ReturnType<typeof initialLogViewState>, size = viewport) => visibleRows(log, state, size).map(row => row.text);

describe('LogLines', () => {
	it.each([
		['a\nb\n', ['a', 'b']],
		['a\nb', ['a', 'b']],
		['', []],
		['\n', ['']],
		['x\ty', ['x       y']],
	])('splits %j', (text, lines) => {
		expect(LogLines.fromText(text).lines).toEqual(lines);
	});

	it('wraps a line only when asked, and keeps it while the width stays', () => {
		const log = LogLines.of(['aaaa bbbb cccc']);
		expect(log.rowsOf(0, 5)).toBe(3);
		expect(log.segments(0, 5)).toBe(log.segments(0, 5));
		expect(log.rowsOf(0, 20)).toBe(1);
	});

	it('an appended copy keeps the old lines and adds the new', () => {
		const log = LogLines.of(['a']).appended(['b\tc']);
		expect(log.lines).toEqual(['a', 'b       c']);
	});
});

describe('log view without wrapping', () => {
	it('starts at the end and following', () => {
		const log = numbered(10);
		const state = initialLogViewState(log, viewport);
		expect(texts(log, state)).toEqual(['line 7', 'line 8', 'line 9']);
		expect(state.following).toBe(true);
	});

	it('scrolling up pauses following and counts the lines that arrive meanwhile', () => {
		let log = numbered(10);
		let state = scrollRows(log, initialLogViewState(log, viewport), -2, viewport);
		expect(state.following).toBe(false);
		expect(texts(log, state)).toEqual(['line 5', 'line 6', 'line 7']);

		log = log.appended(['new 1', 'new 2']);
		state = syncWithLog(log, state, viewport);
		expect(texts(log, state)).toEqual(['line 5', 'line 6', 'line 7']);
		expect(newLineCount(log, state)).toBe(2);
		expect(newLinesLabel(newLineCount(log, state))).toBe('2 new lines');

		state = followLog(log, state, viewport);
		expect(texts(log, state)).toEqual(['line 9', 'new 1', 'new 2']);
		expect(newLineCount(log, state)).toBe(0);
	});

	it('scrolling back to the end follows again', () => {
		const log = numbered(10);
		const up = scrollRows(log, initialLogViewState(log, viewport), -5, viewport);
		const down = scrollRows(log, up, 50, viewport);
		expect(down.following).toBe(true);
		expect(texts(log, down)).toEqual(['line 7', 'line 8', 'line 9']);
	});

	it('stops at the start', () => {
		const log = numbered(10);
		const state = scrollRows(log, initialLogViewState(log, viewport), -50, viewport);
		expect(state.top).toBe(0);
		expect(scrollToStart(log, state, viewport)).toEqual(state);
	});

	it('a log shorter than the pane is all shown and following', () => {
		const log = numbered(2);
		const state = scrollRows(log, initialLogViewState(log, viewport), -1, viewport);
		expect(texts(log, state)).toEqual(['line 0', 'line 1']);
		expect(state.following).toBe(true);
	});

	it('scrolls sideways no further than the widest line shown needs', () => {
		const log = LogLines.of(['Error response from daemon: pull access denied', 'short', 'x']);
		let state = initialLogViewState(log, viewport);
		state = scrollColumns(log, state, 28, viewport);
		expect(texts(log, state)[0]).toBe('pull acces');
		state = scrollColumns(log, state, 1000, viewport);
		expect(texts(log, state)[0]).toBe('ess denied');
		expect(state.column).toBe(46 - 10);
		expect(scrollColumns(log, state, -1000, viewport).column).toBe(0);
	});

	it('a new line count never goes negative when the log is replaced by a shorter one', () => {
		const log = numbered(10);
		const state = scrollRows(log, initialLogViewState(log, viewport), -3, viewport);
		const shorter = numbered(4);
		const synced = syncWithLog(shorter, state, viewport);
		expect(newLineCount(shorter, synced)).toBe(0);
		expect(newLinesLabel(1)).toBe('1 new line');
		expect(newLinesLabel(0)).toBe('');
	});
});

describe('log view with wrapping', () => {
	const log = LogLines.of(['one', 'aaaa bbbb cccc dddd', 'two', 'three']);
	const wrapped = (state: ReturnType<typeof initialLogViewState>) => toggleWrap(log, state, viewport);

	it('shows the last rows of the wrapped lines at the end', () => {
		const state = wrapped(initialLogViewState(log, viewport));
		expect(state.wrap).toBe(true);
		expect(texts(log, state)).toEqual(['cccc dddd', 'two', 'three']);
		expect(visibleRows(log, state, viewport)[0]).toMatchObject({line: 1, segment: 1});
	});

	it('scrolls row by row through a wrapped line', () => {
		let state = wrapped(initialLogViewState(log, viewport));
		state = scrollRows(log, state, -1, viewport);
		expect(texts(log, state)).toEqual(['aaaa bbbb ', 'cccc dddd', 'two']);
		state = scrollRows(log, state, -1, viewport);
		expect(texts(log, state)).toEqual(['one', 'aaaa bbbb ', 'cccc dddd']);
		expect(state.following).toBe(false);
	});

	it('turning wrapping off keeps the top line', () => {
		let state = wrapped(initialLogViewState(log, viewport));
		state = scrollToStart(log, state, viewport);
		state = toggleWrap(log, state, viewport);
		expect(texts(log, state)).toEqual(['one', 'aaaa bbbb ', 'two']);
	});

	it('reveals a line out of view a third of the way down, and leaves the view alone when it is shown', () => {
		const long = numbered(100);
		const size = {rows: 9, width: 20};
		const state = initialLogViewState(long, size);
		const revealed = revealLine(long, state, 40, size);
		expect(visibleRows(long, revealed, size)[3]!.line).toBe(40);
		expect(revealed.following).toBe(false);
		expect(revealLine(long, revealed, 42, size)).toBe(revealed);
	});
});

describe('a saved log', () => {
	const input = {
		lines: ['step 1', 'TOKEN=hunter22', 'done'],
		deployment: {id: 3, applicationName: 'broken-test-3'},
		logType: 'build' as const,
		savedAt: Date.parse('2026-12-02T06:13:58Z'),
		truncated: true,
		redact: (text: string) => text.replaceAll('hunter22', '***'),
	};

	it('names the deployment, the log and the time, and masks secrets', () => {
		expect(logSaveText(input)).toBe(
			'# coolify-tui: build log of #3 broken-test-3\n' +
				'# saved 2026-12-02T06:13:58.000Z, 3 lines (older lines were dropped), secrets masked as ***\n' +
				'\n' +
				'step 1\nTOKEN=***\ndone\n',
		);
	});

	it('has a file name that says what it is', () => {
		expect(logFileName(input)).toBe('coolify-tui-3-broken-test-3-build-20261202-061358.log');
		expect(logFileName({...input, deployment: {id: 4, applicationName: '../../etc/x y'}})).toBe('coolify-tui-4-_.._etc_x_y-build-20261202-061358.log');
	});
});
