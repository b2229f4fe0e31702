import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import type {DeploymentRecord} from '../../source/domain/records.js';
import {emptyRecordFields} from '../../source/store/schema.js';
import {LogPane} from '../../source/ui/components/log-pane.js';
import {emptyLogState, type LogState} from '../../source/ui/state/dashboard-state.js';
import {loadLogView, logToStart} from '../../source/ui/state/log-state.js';
import {screenText} from '../helpers/screen-text.js';

const record: DeploymentRecord = {
	...emptyRecordFields(),
	id: 1,
	pipelineId: 'web',
	status: 'running',
	applicationName: 'web-test-1',
	dockerImage: 'nginx:1.27',
	createdAt: '2026-12-02T06:00:00.000Z',
	updatedAt: '2026-12-02T06:00:00.000Z',
	statusHistory: [],
};

const message = '! cannot write lock file /tmp/data/db.json.lock (ENOSPC: no space left on device); the data file was left unchanged; free some disk space';

function logOf(lines: string[], follow: boolean, height: number): LogState {
	const viewport = {rows: height - 2, width: 58};
	const log = loadLogView({...emptyLogState('combined'), forId: 1}, 1, {type: 'combined', lines, source: 'live', fetchedAt: null}, viewport);
	return follow ? log : logToStart(log, viewport);
}

/** The rows inside the pane's borders, as drawn (a 60-column pane: 58 columns of text). */
function paneRows(frame: string): string[] {
	return frame
		.split('\n')
		.slice(1, -1)
		.map(row => row.slice(1, -1).trimEnd());
}

function renderPane(lines: string[], follow: boolean, height = 8) {
	const log = logOf(lines, follow, height);
	return render(<LogPane record={record} log={log} isFocused={false} width={60} height={height} rows={height - 2} runtimeLines={500} withHidden={false} />).lastFrame() ?? '';
}

describe('the log pane', () => {
	it('leaves out whole the title parts that do not fit, never showing one cut ("last 50" for "last 500")', () => {
		const lines = Array.from({length: 30}, (_, index) => `line ${index + 1}`);
		const wide = render(<LogPane record={record} log={logOf(lines, true, 8)} isFocused={false} width={120} height={8} rows={6} runtimeLines={500} withHidden={false} />).lastFrame() ?? '';
		expect(wide.split('\n')[0]).toContain('last 500');
		for (const width of [40, 50, 55, 60, 65]) {
			const title = (render(<LogPane record={record} log={logOf(lines, true, 8)} isFocused={false} width={width} height={8} rows={6} runtimeLines={500} withHidden={false} />).lastFrame() ?? '').split('\n')[0]!;
			expect(title).not.toMatch(/last(?! 500)/);
			expect(title).toMatch(/^┌─ Logs: #1 /);
		}
	});

	it('wraps a long line at spaces, so every word of it is on screen whole', () => {
		const frame = renderPane(['first line', message], true);
		const rows = paneRows(frame);
		expect(screenText(frame)).toContain(message);
		for (const word of message.split(' ')) {
			expect(rows.some(row => row.split(' ').includes(word)), `"${word}" whole on one row in:\n${frame}`).toBe(true);
		}

		expect(Math.max(...rows.map(row => row.length))).toBeLessThanOrEqual(58);
	});

	it('following, ends with the end of the last line however the lines above it wrap', () => {
		const lines = Array.from({length: 20}, (_, index) => `line ${index + 1}: ${'word '.repeat(12).trim()}`);
		const frame = renderPane([...lines, message], true);
		const rows = paneRows(frame);
		expect(rows.at(-1)).not.toBe('');
		expect(screenText(frame).endsWith(message), frame).toBe(true);
		// The title names the lines shown, the last among them.
		expect(frame.split('\n')[0]).toMatch(/ (19|20)-21\/21 /);
	});

	it('scrolled, starts at the first shown line and fills the pane with as much as fits', () => {
		const lines = [message, 'second line', 'third line', 'fourth line', 'fifth line'];
		const frame = renderPane(lines, false);
		const rows = paneRows(frame);
		expect(rows[0]).toMatch(/^! cannot write lock file/);
		expect(rows).toContain('second line');
		expect(frame.split('\n')[0]).toMatch(/ 1-4\/5 /);
		expect(frame).not.toContain('fifth line');
	});

	it('cuts a word longer than a row into pieces, losing nothing', () => {
		const token = 'x'.repeat(70) + 'END';
		const frame = renderPane([`token: ${token}`], true);
		expect(paneRows(frame).join('')).toContain(token);
	});

	it('shows short lines as they are, without a range when all of them fit', () => {
		const frame = renderPane(['one', 'two', 'three'], true);
		expect(paneRows(frame).slice(0, 3)).toEqual(['one', 'two', 'three']);
		expect(frame.split('\n')[0]).not.toMatch(/\d+-\d+\/\d+/);
	});
});
