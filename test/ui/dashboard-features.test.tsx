import {readFile, readdir} from 'node:fs/promises';
import path from 'node:path';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import type {DashboardServices} from '../../source/ui/hooks/use-dashboard.js';
import type {MouseEvent} from '../../source/ui/mouse.js';
import {secretApiKey, startTestEnvironment, type TestEnvironment} from '../helpers/environment.js';
import {driveFrames, type FrameDriver} from '../helpers/ink-frames.js';
import {nameOf} from '../helpers/record-names.js';
import {screenText} from '../helpers/screen-text.js';

// Issue 14's features through the real App, the real services and the simulated Coolify. Frames are
// awaited, never slept for.

const keys = {tab: '\t', shiftTab: '\u001B[Z', escape: '\u001B', enter: '\r', left: '\u001B[D', right: '\u001B[C', down: '\u001B[B'};

let environment: TestEnvironment | undefined;

afterEach(async () => {
	cleanup();
	await environment?.dispose();
	environment = undefined;
});

type Dashboard = ReturnType<typeof render> & FrameDriver & {environment: TestEnvironment; mouse: (event: MouseEvent) => void};

async function openDashboard(options: {size?: {columns: number; rows: number}; readOnly?: boolean} = {}): Promise<Dashboard> {
	environment = await startTestEnvironment({simulator: {speed: 1000}});
	const listeners = new Set<(event: MouseEvent) => void>();
	const services: DashboardServices = {
		context: environment.context,
		readOnly: options.readOnly ?? false,
		pollIntervalMs: 150,
		logRefreshMs: 100,
		onQuit() {},
		saveDirectory: environment.folder,
		subscribeMouse(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
	const instance = render(<App services={services} initialSize={options.size ?? {columns: 100, rows: 30}} />);
	const driver = driveFrames(instance);
	await driver.waitForFrame('● healthy');
	return {
		...instance,
		...driver,
		environment,
		mouse(event) {
			for (const listener of listeners) {
				listener(event);
			}
		},
	};
}

const rowOf = (frame: string, name: string) => frame.split('\n').find(line => line.includes(name)) ?? '';
const titleOf = (frame: string, title: string) => frame.split('\n').find(line => line.includes(title)) ?? '';

/** Deploys with d and waits until deployment `id` runs; gives its name (`web-test-<key>`). */
async function deployRunning(dashboard: Dashboard, id = 1): Promise<string> {
	await dashboard.press('d');
	const name = await nameOf(dashboard, id);
	await vi.waitFor(() => expect(rowOf(dashboard.frame(), name), dashboard.frame()).toContain('● running'), {timeout: 10_000, interval: 20});
	return name;
}

describe('dashboard features (issue 14)', () => {
	it('marks the focused pane in its title, and the unfocused selection as secondary', async () => {
		const dashboard = await openDashboard();
		const name = await deployRunning(dashboard);
		let frame = dashboard.frame();
		expect(titleOf(frame, 'Deployments')).toContain('▶ Deployments');
		expect(rowOf(frame, name)).toMatch(/›1 /);
		await dashboard.press(keys.tab);
		frame = await dashboard.waitForFrame('▶ Logs');
		expect(titleOf(frame, 'Deployments')).not.toContain('▶');
		// The deployments pane lost the focus: its selection marker is the secondary one.
		expect(rowOf(frame, name)).toMatch(/·1 /);
	});

	it('opens the details view with Enter (URL whole, masked env, timeline) and goes back with Esc', async () => {
		const dashboard = await openDashboard();
		const name = await deployRunning(dashboard);
		const url = (await dashboard.environment.store.getRecord(1))!.deploymentUrl!;
		await dashboard.press(keys.enter);
		const frame = await dashboard.waitForFrame('Environment');
		const text = screenText(frame);
		expect(text).toContain(url);
		expect(text).toContain('API_KEY');
		expect(text).not.toContain(secretApiKey);
		// The history is the last section: at 30 rows it may be just below the view (a wrapped line above it).
		await dashboard.press('G');
		const bottom = await dashboard.waitForFrame('timeline');
		expect(/timeline .{0,60}/.exec(screenText(bottom))?.[0]).toMatch(/timeline +pending \d+\w* -> /);
		await dashboard.press(keys.escape);
		await dashboard.waitForFrame('Pipelines');
		await dashboard.waitForNoFrame('Environment');
	});

	it('scrolls the details and the help with j/k, PgUp/PgDn and g/G, stopping at their ends', async () => {
		const dashboard = await openDashboard({size: {columns: 80, rows: 24}});
		await deployRunning(dashboard);
		await dashboard.press(keys.enter);
		const position = async (pattern: RegExp) => {
			const match = pattern.exec(await dashboard.waitForFrame(pattern));
			return {first: Number(match![1]), last: Number(match![2]), total: Number(match![3])};
		};

		const top = await position(/▶ #1 \S+ +(\d+)-(\d+)\/(\d+)/);
		expect(top.first).toBe(1);
		await dashboard.press('G');
		const bottom = await position(new RegExp(`▶ #1 \\S+ +(\\d+)-(${top.total})\\/(${top.total})`));
		// Past the end: a key up moves at once, however many times j was pressed.
		for (let press = 0; press < 5; press++) {
			await dashboard.press('j');
		}

		await dashboard.press('k');
		expect((await position(new RegExp(`▶ #1 \\S+ +(${bottom.first - 1})-(\\d+)\\/(\\d+)`))).first).toBe(bottom.first - 1);
		await dashboard.press('g');
		expect((await position(/▶ #1 \S+ +(1)-(\d+)\/(\d+)/)).first).toBe(1);
		await dashboard.press(keys.escape);

		// The help over the pipelines pane: j scrolls the help, not the pipelines.
		await dashboard.press(keys.shiftTab);
		await dashboard.press('?');
		await dashboard.waitForFrame(/Keys .* 1-\d+\/\d+/);
		await dashboard.press('j');
		await dashboard.waitForFrame(/Keys .* 2-\d+\/\d+/);
		await dashboard.press(keys.escape);
		// No pipeline was picked (that would narrow the table to it and drop "all" from the title).
		expect(titleOf(await dashboard.waitForNoFrame('Keys'), 'Pipelines')).toContain('all');
	});

	it('copies the URL with y as an OSC 52 sequence and says so', async () => {
		const dashboard = await openDashboard();
		const name = await deployRunning(dashboard);
		const url = (await dashboard.environment.store.getRecord(1))!.deploymentUrl!;
		await dashboard.press('y');
		await dashboard.waitForFrame("clipboard (OSC 52)");
		const written = dashboard.frames.join('');
		expect(written).toContain(`\u001B]52;c;${Buffer.from(url).toString('base64')}\u0007`);
	});

	it('searches the log with / in the log pane, steps with n/N, shows "i/n" and clears with Esc', async () => {
		const dashboard = await openDashboard();
		const name = await deployRunning(dashboard);
		await dashboard.waitForFrame('GET /health');
		await dashboard.press(keys.tab);
		await dashboard.press('/');
		await dashboard.waitForFrame('search the log: /');
		await dashboard.press('GET /health');
		await dashboard.press(keys.enter);
		const frame = await dashboard.waitForFrame(/\/GET \/health \d+\/\d+/);
		const [, first, total] = /\/GET \/health (\d+)\/(\d+)/.exec(titleOf(frame, 'Logs'))!;
		await dashboard.press('n');
		const next = Number(first) % Number(total) + 1;
		await dashboard.waitForFrame(new RegExp(`/GET /health ${next}/\\d+`));
		await dashboard.press('N');
		await dashboard.waitForFrame(new RegExp(`/GET /health ${first}/\\d+`));
		await dashboard.press(keys.escape);
		await dashboard.waitForNoFrame('/GET /health');
		// The deployments pane's / is still the filter.
		await dashboard.press(keys.shiftTab);
		await dashboard.press('/');
		await dashboard.waitForFrame(/\/▏/);
	});

	it('toggles wrapping with w, scrolls sideways with the arrows, and counts new lines while paused', async () => {
		// At 80 columns the access log's lines are wider than the pane.
		const dashboard = await openDashboard({size: {columns: 80, rows: 24}});
		const name = await deployRunning(dashboard);
		await dashboard.press(keys.tab);
		await dashboard.waitForFrame(/Logs: #1 .*wrap/);
		await dashboard.press('w');
		await dashboard.waitForFrame(/Logs: #1 .* cut /);
		// The lines must be there to scroll: wait for the log's range in the title.
		await dashboard.waitForFrame(/Logs: #1 .* cut  \d+-\d+\/\d+/);
		await dashboard.press(keys.right);
		await dashboard.waitForFrame(/Logs: #1 .* col \d+/);
		await dashboard.press(keys.left);
		await dashboard.waitForFrame(/Logs: #1 .* cut /);
		await dashboard.press('f');
		await dashboard.waitForFrame('paused');
		// Fetching goes on while paused: the title counts what came since.
		await dashboard.waitForFrame(/\d+ new lines?/, 15_000);
		await dashboard.press('G');
		await dashboard.waitForNoFrame(/\d+ new lines?/);
	});

	it('shows the build log\'s hidden lines with v, as Coolify\'s "Show Debug Logs", and hides them again', async () => {
		const dashboard = await openDashboard();
		await deployRunning(dashboard);
		await dashboard.press(keys.tab);
		await dashboard.press('l');
		await dashboard.waitForFrame(/Logs: #1 .*\[build\]/);
		await dashboard.waitForFrame('Rolling update completed.');
		expect(dashboard.frame()).not.toContain('Gracefully shutting down build container');
		await dashboard.press('v');
		await dashboard.waitForFrame(/Logs: #1 .*\[build \+debug\]/);
		await dashboard.waitForFrame('debug lines shown: the commands Coolify ran and their output (v hides them)');
		await dashboard.waitForFrame('Gracefully shutting down build container');
		await dashboard.press('v');
		await dashboard.waitForFrame(/Logs: #1 .*\[build\]/);
		await dashboard.waitForNoFrame('Gracefully shutting down build container');
		// The container log has none: v says why it does nothing there.
		await dashboard.press('l');
		await dashboard.waitForFrame(/Logs: #1 .*\[runtime\]/);
		await dashboard.press('v');
		await dashboard.waitForFrame('hidden lines are the build log\'s: l switches to it');
	});

	it('saves the log, secrets masked, with S and says where', async () => {
		const dashboard = await openDashboard();
		const name = await deployRunning(dashboard);
		await dashboard.waitForFrame('GET /health');
		await dashboard.press(keys.tab);
		await dashboard.press('S');
		const frame = await dashboard.waitForFrame(/log saved \(\d+ lines, secrets masked\) to \S+\.log/);
		const file = (await readdir(dashboard.environment.folder)).find(name => name.endsWith('.log'))!;
		expect(screenText(frame)).toContain(file);
		const text = await readFile(path.join(dashboard.environment.folder, file), 'utf8');
		expect(text).toContain('GET /health');
		expect(text).toContain('API_KEY=***');
		expect(text).not.toContain(secretApiKey);
	});

	it('shows a log whose copy cannot be stored, and says the copy failed', async () => {
		const dashboard = await openDashboard();
		const {store} = dashboard.environment.context;
		const patchRecord = store.patchRecord.bind(store);
		store.patchRecord = async (id, patch) =>
			patchRecord(id, current => {
				const changes = typeof patch === 'function' ? patch(current) : patch;
				if (changes && ('buildLogs' in changes || 'runtimeLogs' in changes)) {
					throw new Error('disk full');
				}

				return changes;
			});
		await deployRunning(dashboard);
		const frame = await dashboard.waitForFrame('the log was not stored in the data file: disk full');
		expect(frame).toContain('GET /health');
	});

	it('shows a confirmation whole at 80 columns, wrapping what the action does', async () => {
		const dashboard = await openDashboard({size: {columns: 80, rows: 24}});
		await deployRunning(dashboard);
		await dashboard.press('D');
		const frame = await dashboard.waitForFrame('Delete #1');
		expect(screenText(frame)).toContain('deleted in Coolify, with its volumes and configuration. The record stays in the history.');
		// The header leaves out whole what does not fit ("3 act…" told nothing).
		expect(frame.split('\n')[0]).not.toContain('…');
		await dashboard.press('n');
	});

	it('asks before redeploying a running deployment with r, and f rebuilds without cache', async () => {
		const dashboard = await openDashboard();
		const name = await deployRunning(dashboard);
		expect(dashboard.frame()).toMatch(/r redeploy/);
		await dashboard.press('r');
		await dashboard.waitForFrame(`Redeploy #1 ${name}?`);
		await dashboard.press('n');
		await dashboard.waitForFrame('not redeployed');
		dashboard.environment.simulator.requests.length = 0;
		await dashboard.press('r');
		await dashboard.waitForFrame('force rebuild');
		await dashboard.press('f');
		await vi.waitFor(() => {
			const start = dashboard.environment.simulator.requests.find(request => request.route.endsWith('/start'));
			expect(start?.query.force).toBe('true');
		});
		// The message history: on the message line, the next status change may replace it before a frame is read.
		await dashboard.press('M');
		await dashboard.waitForFrame('rebuilding without cache #1');
	});

	it('shows deleted deployments greyed with H, and why they are gone', async () => {
		const dashboard = await openDashboard();
		const name = await deployRunning(dashboard);
		await dashboard.press('D');
		await dashboard.press('y');
		await dashboard.waitForFrame('cleaned up or deleted. H shows it');
		await dashboard.press('H');
		const frame = await dashboard.waitForFrame('+ history');
		expect(rowOf(frame, name)).toContain('deleted');
		await dashboard.press('H');
		await dashboard.waitForNoFrame('+ history');
	});

	it('sorts by age, status, name and pipeline with >, reversed with <, named in the title', async () => {
		const dashboard = await openDashboard();
		await dashboard.waitForFrame('sorted by age ↓');
		for (const key of ['status', 'name', 'pipeline', 'age']) {
			await dashboard.press('>');
			await dashboard.waitForFrame(`sorted by ${key} ↓`);
		}

		await dashboard.press('<');
		await dashboard.waitForFrame('sorted by age ↑');
	});

	it('announces status changes in the message line and keeps them in the history (M)', async () => {
		const dashboard = await openDashboard();
		await dashboard.press(keys.shiftTab);
		await dashboard.press('jj');
		await dashboard.waitForFrame('Deployments: broken');
		await dashboard.press('d');
		const name = await nameOf(dashboard, 1);
		await dashboard.waitForFrame(`#1 ${name} failed`, 15_000);
		// The stale "created ..., Coolify is building it" is gone from the message line.
		expect(dashboard.frame()).not.toContain('Coolify is building it');
		await dashboard.press('M');
		const frame = await dashboard.waitForFrame('Messages (last');
		expect(screenText(frame)).toContain(`created #1 ${name}`);
		expect(screenText(frame)).toContain(`${name} failed`);
		await dashboard.press(keys.escape);
		await dashboard.waitForFrame('Pipelines');
	});

	it('selects a row or focuses a pane on click, and the wheel scrolls the pane under the pointer', async () => {
		const dashboard = await openDashboard();
		const name = await deployRunning(dashboard);
		await deployRunning(dashboard, 2);
		const lines = dashboard.frame().split('\n');
		// Click the row of #1 (not selected: the newest is).
		const row = lines.findIndex(line => line.includes(name));
		dashboard.mouse({kind: 'click', x: lines[row]!.indexOf(name), y: row});
		await dashboard.waitForFrame(`Logs: #1 ${name}`);
		// A click in the log pane focuses it; the wheel there scrolls the log up (following pauses).
		await dashboard.waitForFrame(/Logs: #1 .* \d+-\d+\/\d+ /);
		const logTop = dashboard.frame().split('\n').findIndex(line => line.includes('Logs: #1'));
		dashboard.mouse({kind: 'click', x: 5, y: logTop + 2});
		await dashboard.waitForFrame('▶ Logs');
		dashboard.mouse({kind: 'wheel', direction: 'up', x: 5, y: logTop + 2});
		await dashboard.waitForFrame(/Logs: #1 .*paused/);
	});

	it('keeps the part of a name that tells deployments apart at 80 columns, and says why a table is empty', async () => {
		const dashboard = await openDashboard({size: {columns: 80, rows: 24}});
		await dashboard.press('/');
		await dashboard.press('nothing-like-this');
		await dashboard.waitForFrame('No deployment matches “nothing-like-this”');
		await dashboard.press(keys.escape);
		await dashboard.press(keys.tab);
		await dashboard.press(keys.tab);
		const name = await deployRunning(dashboard);
		// The key at the end of the name tells deployments apart: it stays visible.
		expect(rowOf(dashboard.frame(), name.slice(-6))).toContain('● running');
	});
});
