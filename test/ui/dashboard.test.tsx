import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import type {DashboardServices} from '../../source/ui/hooks/use-dashboard.js';
import {secretApiKey, startTestEnvironment, type TestEnvironment} from '../helpers/environment.js';
import {driveFrames, type FrameDriver} from '../helpers/ink-frames.js';
import {nameOf} from '../helpers/record-names.js';
import {screenText} from '../helpers/screen-text.js';

// The dashboard through the real services, the real data file and the simulated Coolify: nothing of
// ours is mocked. Frames are awaited, never slept for.

const keys = {up: '\u001B[A', down: '\u001B[B', tab: '\t', shiftTab: '\u001B[Z', escape: '\u001B', enter: '\r', pageUp: '\u001B[5~', pageDown: '\u001B[6~', ctrlR: '\u0012', ctrlC: '\u0003'};

let environment: TestEnvironment | undefined;

afterEach(async () => {
	cleanup();
	await environment?.dispose();
	environment = undefined;
});

type Dashboard = ReturnType<typeof render> & FrameDriver & {environment: TestEnvironment; onQuit: ReturnType<typeof vi.fn>};

async function openDashboard(options: {readOnly?: boolean; config?: Record<string, unknown>; size?: {columns: number; rows: number}; speed?: number} = {}): Promise<Dashboard> {
	environment = await startTestEnvironment({config: options.config, simulator: {speed: options.speed ?? 1000}});
	const onQuit = vi.fn();
	const services: DashboardServices = {context: environment.context, readOnly: options.readOnly ?? false, pollIntervalMs: 150, logRefreshMs: 100, onQuit};
	const instance = render(<App services={services} initialSize={options.size ?? {columns: 100, rows: 30}} />);
	const driver = driveFrames(instance);
	await driver.waitForFrame('● healthy');
	return {...instance, environment, onQuit, ...driver};
}

const rowOf = (frame: string, name: string) => frame.split('\n').find(line => line.includes(name)) ?? '';

async function waitForRow(dashboard: Dashboard, name: string, text: string, timeout = 10_000): Promise<void> {
	await vi.waitFor(() => expect(rowOf(dashboard.frame(), name), dashboard.frame()).toContain(text), {timeout, interval: 20});
}

describe('dashboard', () => {
	it('shows the instance, its version and health, the pipelines and the keys', async () => {
		const dashboard = await openDashboard();
		const frame = await dashboard.waitForFrame('v4.3.11');
		expect(frame).toContain(dashboard.environment.simulator.baseUrl);
		expect(frame).toContain('Pipelines');
		for (const pipeline of ['web', 'api', 'broken']) {
			expect(frame).toContain(pipeline);
		}

		expect(screenText(frame)).toContain('No test deployments here yet');
		expect(frame).toMatch(/d deploy/);
		expect(frame).toMatch(/\? help/);
		expect(frame).toContain('cleanup in');
	});

	it('deploys with d and follows the deployment to running, with its combined log', async () => {
		const dashboard = await openDashboard();
		await dashboard.press('d');
		await dashboard.waitForFrame(await nameOf(dashboard, 1));
		await waitForRow(dashboard, await nameOf(dashboard, 1), '● running');
		await waitForRow(dashboard, await nameOf(dashboard, 1), 'unknown');
		let frame = await dashboard.waitForFrame('GET /health');
		expect(frame).toContain(`Logs: #1 ${await nameOf(dashboard, 1)}`);
		expect(frame).toContain('[combined]');
		expect(frame).toContain('follow');
		// Following shows the end (runtime lines); the top of the combined log is the build log.
		await dashboard.press(keys.tab);
		await dashboard.press('g');
		frame = await dashboard.waitForFrame('── build log');
		expect(frame).toContain('paused');
		expect(frame).not.toContain(secretApiKey);
	});

	it('shows a failed build as failed, with the reason in the log header', async () => {
		const dashboard = await openDashboard();
		await dashboard.press(keys.shiftTab);
		await dashboard.press('j');
		await dashboard.press('j');
		await dashboard.waitForFrame('Deployments: broken');
		await dashboard.press('d');
		await waitForRow(dashboard, await nameOf(dashboard, 1), '✖ failed');
		const frame = await dashboard.waitForFrame('build failed');
		expect(frame).toContain(`Logs: #1 ${await nameOf(dashboard, 1)}`);
	});

	it('stops with s and starts again with r', async () => {
		const dashboard = await openDashboard();
		await dashboard.press('d');
		await waitForRow(dashboard, await nameOf(dashboard, 1), '● running');
		await dashboard.press('s');
		await waitForRow(dashboard, await nameOf(dashboard, 1), '■ stopped');
		await dashboard.waitForFrame(`stopped #1 ${await nameOf(dashboard, 1)}`);
		// A key that does not apply says why instead of doing nothing.
		const before = dashboard.environment.simulator.stats.mutating;
		await dashboard.press('s');
		await dashboard.waitForFrame('#1 is already stopped');
		await dashboard.press(keys.tab);
		await dashboard.press(keys.shiftTab);
		await dashboard.press(keys.shiftTab);
		await dashboard.press('r');
		await dashboard.waitForFrame('r (start) works in the deployments and logs panes');
		expect(dashboard.environment.simulator.stats.mutating).toBe(before);
		await dashboard.press(keys.tab);
		await dashboard.press('r');
		await waitForRow(dashboard, await nameOf(dashboard, 1), '● running');
		// Its announcement that it runs may already have replaced the message: the message history (M) keeps it.
		await dashboard.press('M');
		await dashboard.waitForFrame(`started #1 ${await nameOf(dashboard, 1)}`);
	});

	it('asks before deleting, keeps the deployment on n, deletes it on y', async () => {
		const dashboard = await openDashboard();
		await dashboard.press('d');
		await waitForRow(dashboard, await nameOf(dashboard, 1), '● running');
		await dashboard.press('D');
		await dashboard.waitForFrame(`Delete #1 ${await nameOf(dashboard, 1)}?`);
		expect(dashboard.frame()).toMatch(/y confirm/);
		await dashboard.press('n');
		await dashboard.waitForFrame(`kept #1 ${await nameOf(dashboard, 1)}`);
		expect(dashboard.environment.simulator.stats.byRoute['DELETE /applications/{uuid}'] ?? 0).toBe(0);
		await dashboard.press('D');
		await dashboard.waitForFrame(`Delete #1 ${await nameOf(dashboard, 1)}?`);
		await dashboard.press(keys.escape);
		await dashboard.waitForFrame(`kept #1 ${await nameOf(dashboard, 1)}`);
		await dashboard.press('D');
		await dashboard.press('y');
		await dashboard.waitForFrame(`deleted #1 ${await nameOf(dashboard, 1)}`, 15_000);
		await dashboard.waitForFrame('The one test deployment here was cleaned up or deleted. H shows it.');
		const record = await dashboard.environment.store.getRecord(1);
		expect(record?.deletedAt).toBeTruthy();
	});

	it('asks before cleaning up, naming how many and which', async () => {
		const dashboard = await openDashboard({config: {cleanup: {maxAgeHours: 0, intervalMinutes: 60}}});
		await dashboard.press('d');
		await waitForRow(dashboard, await nameOf(dashboard, 1), '● running');
		await dashboard.press('c');
		const frame = await dashboard.waitForFrame('Clean up 1 test deployment?');
		expect(frame).toContain(`#1 ${await nameOf(dashboard, 1)}`);
		await dashboard.press('y');
		await dashboard.waitForFrame('cleanup: 1 cleaned');
		await dashboard.waitForFrame('The one test deployment here was cleaned up or deleted');
		expect((await dashboard.environment.store.getRecord(1))?.cleanedAt).toBeTruthy();
	});

	it('says so when nothing is old enough to clean up', async () => {
		const dashboard = await openDashboard();
		await dashboard.press('c');
		await dashboard.waitForFrame('nothing to clean up');
	});

	it('filters deployments by text and clears the filter with Esc', async () => {
		const dashboard = await openDashboard();
		await dashboard.press('d');
		await dashboard.waitForFrame(await nameOf(dashboard, 1));
		await dashboard.press(keys.shiftTab);
		await dashboard.press('j');
		await dashboard.press('d');
		await dashboard.waitForFrame(await nameOf(dashboard, 2));
		await dashboard.press('a');
		await dashboard.waitForFrame('Deployments: all pipelines');
		await dashboard.press('/');
		for (const character of 'api') {
			await dashboard.press(character);
		}

		await dashboard.waitForFrame('/api');
		await dashboard.press(keys.enter);
		let frame = await dashboard.waitForFrame('filter: api');
		expect(frame).toContain(await nameOf(dashboard, 2));
		expect(frame).not.toContain(await nameOf(dashboard, 1));
		await dashboard.press(keys.escape);
		frame = await dashboard.waitForFrame(await nameOf(dashboard, 1));
		expect(frame).not.toContain('filter: api');
	});

	it("deploys the selected deployment's pipeline from the deployments pane, and says which", async () => {
		const dashboard = await openDashboard();
		await dashboard.waitForFrame('d deploy web');
		await dashboard.press(keys.shiftTab);
		await dashboard.press('j');
		await dashboard.waitForFrame('d deploy api');
		await dashboard.press('d');
		await dashboard.waitForFrame(await nameOf(dashboard, 1));
		// Back in the deployments pane, with the api deployment selected, d makes another api deployment.
		await dashboard.press(keys.tab);
		await dashboard.press('k');
		await dashboard.waitForFrame('d deploy api');
		await dashboard.press('d');
		await dashboard.waitForFrame(await nameOf(dashboard, 2));
	});

	it('toggles between all pipelines and the selected one with a', async () => {
		const dashboard = await openDashboard();
		await dashboard.waitForFrame('Deployments: all pipelines');
		await dashboard.press('a');
		await dashboard.waitForFrame('Deployments: web');
		await dashboard.press('a');
		await dashboard.waitForFrame('Deployments: all pipelines');
	});

	it('cycles log types with l, toggles follow with f, and scrolls the log pane', async () => {
		const dashboard = await openDashboard();
		await dashboard.press('d');
		await waitForRow(dashboard, await nameOf(dashboard, 1), '● running');
		await dashboard.waitForFrame('[combined]');
		await dashboard.press('l');
		await dashboard.waitForFrame('[build]');
		await dashboard.press('l');
		await dashboard.waitForFrame('[runtime]');
		await dashboard.press('l');
		await dashboard.waitForFrame('[combined]');
		await dashboard.press('f');
		await dashboard.waitForFrame('paused');
		await dashboard.press('f');
		await dashboard.waitForFrame('follow');
		// Focus the log pane, scroll up (following pauses), then G follows again.
		await dashboard.press(keys.tab);
		// Once the log is longer than the pane (the title shows the range), scrolling up pauses following.
		await dashboard.waitForFrame(/ \d+-\d+\/\d+ /);
		await dashboard.press('k');
		await dashboard.waitForFrame('paused');
		await dashboard.press(keys.pageUp);
		await dashboard.waitForFrame('paused');
		await dashboard.press(keys.pageDown);
		await dashboard.press('g');
		await dashboard.waitForFrame(/ 1-\d+\/\d+/);
		await dashboard.press('G');
		await dashboard.waitForFrame('follow');
	});

	it('m asks Coolify for twice as many lines of the container log, and says how many the title shows', async () => {
		const dashboard = await openDashboard();
		const {simulator} = dashboard.environment;
		await dashboard.press('d');
		await waitForRow(dashboard, await nameOf(dashboard, 1), '● running');
		await dashboard.waitForFrame('last 500');
		await dashboard.press(keys.tab);
		await dashboard.waitForFrame('▶ Logs');
		simulator.requests.length = 0;
		await dashboard.press('m');
		await dashboard.waitForFrame('last 1,000');
		await vi.waitFor(() => {
			expect(simulator.requests.some(request => request.route === '/applications/{uuid}/logs' && request.query.lines === '1000')).toBe(true);
		});
		// The build log is whole already: m says so instead of asking.
		await dashboard.press('l');
		await dashboard.waitForFrame('[build]');
		expect(dashboard.lastFrame()).not.toMatch(/\[build\][^\n]*last 1,000/);
		await dashboard.press('m');
		await dashboard.waitForFrame('the build log shows whole already');
	});

	it('moves the selection with arrows and j/k, also when keys arrive together', async () => {
		const dashboard = await openDashboard();
		await dashboard.press('d');
		await dashboard.waitForFrame(await nameOf(dashboard, 1));
		await dashboard.press('d');
		await dashboard.waitForFrame(await nameOf(dashboard, 2));
		await dashboard.waitForFrame(`Logs: #2 ${await nameOf(dashboard, 2)}`);
		await dashboard.press(keys.down);
		await dashboard.waitForFrame(`Logs: #1 ${await nameOf(dashboard, 1)}`);
		await dashboard.press(keys.up);
		await dashboard.waitForFrame(`Logs: #2 ${await nameOf(dashboard, 2)}`);
		await dashboard.press('jk');
		await dashboard.press('j');
		await dashboard.waitForFrame(`Logs: #1 ${await nameOf(dashboard, 1)}`);
	});

	it('opens and closes the help overlay with every key', async () => {
		const dashboard = await openDashboard();
		await dashboard.press('?');
		const frame = await dashboard.waitForFrame('Keys');
		for (const text of ['deploy the selected pipeline', 'delete the deployment', 'clean up expired deployments', 'toggle following the log', 'quit']) {
			expect(frame).toContain(text);
		}

		await dashboard.press('?');
		await dashboard.waitForFrame('Pipelines');
	});

	it('shows a banner while Coolify is unreachable and clears it on the next good poll', async () => {
		const dashboard = await openDashboard();
		await dashboard.press('d');
		await waitForRow(dashboard, await nameOf(dashboard, 1), '● running');
		await dashboard.environment.simulator.goDown();
		const frame = await dashboard.waitForFrame('Coolify unreachable since', 15_000);
		expect(screenText(frame)).toContain('showing cached data');
		// Cached data stays browsable.
		expect(frame).toContain(await nameOf(dashboard, 1));
		await dashboard.environment.simulator.comeUp();
		await dashboard.press(keys.ctrlR);
		await vi.waitFor(() => expect(dashboard.frame()).not.toContain('Coolify unreachable'), {timeout: 15_000, interval: 20});
		expect(dashboard.frame()).toContain('● healthy');
	});

	it('in read-only mode hides and ignores every key that changes Coolify', async () => {
		const dashboard = await openDashboard({readOnly: true});
		const frame = await dashboard.waitForFrame('read-only');
		expect(frame).not.toMatch(/d deploy/);
		expect(frame).not.toMatch(/c cleanup/);
		const before = dashboard.environment.simulator.stats.mutating;
		await dashboard.press('d');
		await dashboard.press('c');
		await dashboard.press('?');
		const help = await dashboard.waitForFrame('read-only: actions that change Coolify are off');
		expect(screenText(help)).not.toContain('deploy the selected pipeline');
		expect(dashboard.environment.simulator.stats.mutating).toBe(before);
	});

	it('quits with q and with Ctrl-C', async () => {
		const dashboard = await openDashboard();
		await dashboard.press('q');
		await vi.waitFor(() => expect(dashboard.onQuit).toHaveBeenCalledTimes(1));
		await dashboard.press(keys.ctrlC);
		await vi.waitFor(() => expect(dashboard.onQuit).toHaveBeenCalledTimes(2));
	});

	it('keeps help and quit in the footer of a narrow terminal', async () => {
		const dashboard = await openDashboard({size: {columns: 72, rows: 24}});
		await dashboard.press('d');
		await dashboard.waitForFrame('● running');
		const footer = dashboard.frame().split('\n').at(-1)!;
		expect(footer).toContain('? help');
		expect(footer).toContain('q quit');
		expect(footer).toContain('d deploy web');
		expect(footer.length).toBeLessThanOrEqual(72);
	});

	it('asks for a bigger terminal below the minimum size', async () => {
		environment = await startTestEnvironment();
		const instance = render(
			<App services={{context: environment.context, readOnly: false, pollIntervalMs: 1000, onQuit() {}}} initialSize={{columns: 50, rows: 12}} />,
		);
		await vi.waitFor(() => expect(instance.lastFrame()).toContain('Terminal too small (50x12)'));
	});
});
