import {execFileSync} from 'node:child_process';
import {mkdir, rm} from 'node:fs/promises';
import path from 'node:path';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {createServiceContext} from '../../source/services/context.js';
import {DeploymentStore} from '../../source/store/index.js';
import {App} from '../../source/ui/app.js';
import type {DashboardServices} from '../../source/ui/hooks/use-dashboard.js';
import {startTestEnvironment, type TestEnvironment} from '../helpers/environment.js';
import {driveFrames, type FrameDriver} from '../helpers/ink-frames.js';
import {contextWith, expectWholeDataFile, type Attempt} from './support.js';
import type {Scheduler} from '../../source/services/scheduler.js';
import {ManualScheduler, recordingScheduler} from '../helpers/manual-scheduler.js';
import {screenText} from '../helpers/screen-text.js';
import {nameOf} from '../helpers/record-names.js';

// The dashboard left open against a Coolify that goes away, fails, hangs, changes the token or sends
// strange things: through the real services, the real data file and the simulator's fault injection.

const keys = {down: '\u001B[B', up: '\u001B[A', shiftTab: '\u001B[Z', escape: '\u001B', ctrlR: '\u0012'};

let environment: TestEnvironment | undefined;

afterEach(async () => {
	cleanup();
	await environment?.dispose();
	environment = undefined;
});

type Dashboard = FrameDriver & {
	environment: TestEnvironment;
	attempts: Attempt[];
};

async function openDashboard(options: {speed?: number; timeoutMs?: number; scheduler?: Scheduler} = {}): Promise<Dashboard> {
	environment = await startTestEnvironment({simulator: {speed: options.speed ?? 1000}});
	const {context, attempts} = contextWith(environment, {clientOptions: options.timeoutMs ? {timeoutMs: options.timeoutMs} : {}, scheduler: options.scheduler});
	const services: DashboardServices = {context, readOnly: false, pollIntervalMs: 150, logRefreshMs: 100, onQuit() {}};
	const instance = render(<App services={services} initialSize={{columns: 100, rows: 30}} />);
	const driver = driveFrames(instance);
	if (options.scheduler instanceof ManualScheduler) {
		const frame = () => driver.frame();
		await options.scheduler.advanceUntil(() => expect(frame()).toContain('● healthy'), {stepMs: 50});
	} else {
		await driver.waitForFrame('● healthy');
	}

	return {environment, attempts, ...driver};
}

// Ink writes no colour here (no TTY): any control character in a frame came from Coolify's text.
const controlCharacters = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** The connection banner under the header, its one or two rows joined. */
const banner = (frame: string) => frame.split('\n').slice(1, 4).filter(line => !/^[┌│└]/.test(line)).join(' ').replaceAll(/\s+/g, ' ').trim();

const rowOf = (frame: string, name: string) => frame.split('\n').find(line => line.includes(name) && line.startsWith('│')) ?? '';

/** Deploys the selected pipeline with d and waits for local record `id` to run; its application name. */
async function deployRunning(dashboard: Dashboard, id = 1): Promise<string> {
	await dashboard.press('d');
	const name = await nameOf(dashboard, id);
	await vi.waitFor(() => expect(rowOf(dashboard.frame(), name), dashboard.frame()).toContain('● running'), {timeout: 15_000, interval: 20});
	return name;
}

const isLogRequest = (attempt: Attempt) => /\/logs$|\/deployments\/(?!applications)[^/]+$/.test(attempt.path);
const isPollRequest = (attempt: Attempt) => !isLogRequest(attempt);

describe('the dashboard while Coolify is down', () => {
	it('shows since when, keeps cached data browsable, backs off, and recovers by itself', async () => {
		const scheduler = recordingScheduler();
		const dashboard = await openDashboard({scheduler});
		const web1 = await deployRunning(dashboard);
		await dashboard.waitForFrame('GET /health');
		await dashboard.environment.simulator.goDown();
		let frame = await dashboard.waitForFrame('Coolify unreachable since', 15_000);
		await vi.waitFor(() =>
			expect(banner(dashboard.frame())).toMatch(
				/^Coolify unreachable since \d\d:\d\d:\d\d, showing cached data, retrying( at \d\d:\d\d:\d\d)?: Coolify at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\): check that the instance is up and coolify\.baseUrl is right$/,
			),
		);
		expect(frame).toContain('✖ unavailable');
		expect(rowOf(frame, web1)).toContain('● running');

		// Left alone for a while: polls back off (each wait longer than the one before), and the followed
		// log does not keep asking either.
		const before = dashboard.attempts.length;
		const waitsBefore = scheduler.delays.length;
		const pollWaits = () => scheduler.delays.slice(waitsBefore).filter(delay => delay >= 150);
		await vi.waitFor(() => expect(pollWaits().length).toBeGreaterThanOrEqual(3), {timeout: 15_000, interval: 20});
		const waits = pollWaits();
		for (const [index, wait] of waits.entries()) {
			expect(wait).toBeGreaterThanOrEqual(waits[index - 1] ?? 0);
		}

		expect(waits.at(-1)).toBeGreaterThanOrEqual(4 * 150);
		// At most the one log fetch that was under way (each request up to 4 attempts).
		expect(dashboard.attempts.slice(before).filter(isLogRequest).length).toBeLessThanOrEqual(2 * 4);

		// Cached data stays browsable: the log pane shows the stored copy at once, marked as cached,
		// without asking Coolify (and waiting out the retries) first.
		const beforeBrowsing = dashboard.attempts.length;
		await dashboard.press('l');
		frame = await dashboard.waitForFrame('[build]');
		frame = await dashboard.waitForFrame(/cached \d\d:\d\d:\d\d \(not live\)/);
		expect(screenText(frame)).toContain('Starting deployment of nginx:1.27');
		expect(dashboard.attempts.slice(beforeBrowsing).filter(isLogRequest)).toEqual([]);
		await dashboard.press('?');
		await dashboard.waitForFrame('Keys');
		await dashboard.press('?');
		await dashboard.waitForFrame('Pipelines');

		await dashboard.environment.simulator.comeUp();
		frame = await dashboard.waitForNoFrame('Coolify unreachable', 15_000);
		expect(frame).toContain('● healthy');
		expect(rowOf(frame, web1)).toContain('● running');
		const record = await dashboard.environment.store.getRecord(1);
		expect(record).toMatchObject({status: 'running', deletedAt: null, errorMessage: null});
	});

	it('shows a burst of 503s that outlasts the retries as unavailable, then healthy again', async () => {
		const dashboard = await openDashboard();
		dashboard.environment.simulator.faults.errorRate = 1;
		dashboard.environment.simulator.faults.errorStatus = 503;
		await vi.waitFor(() => expect(banner(dashboard.frame())).toMatch(/Coolify is unavailable \(503 Service Unavailable on GET \/api\/v1\/\S+\): it may be restarting; try again shortly$/), {timeout: 10_000, interval: 20});
		const frame = dashboard.frame();
		expect(frame).toContain('✖ unavailable');
		dashboard.environment.simulator.faults.reset();
		await dashboard.waitForNoFrame('unavailable', 15_000);
		expect(dashboard.frame()).toContain('● healthy');
	});
});

describe('a hung or slow Coolify', () => {
	it('never blocks keys, and a hung log request does not hold up the polls', async () => {
		const dashboard = await openDashboard({timeoutMs: 60_000});
		const web1 = await deployRunning(dashboard);
		const {faults} = dashboard.environment.simulator;
		faults.only = 'GET /applications/{uuid}/logs';
		faults.hang = true;
		// A second deployment goes on to running while every runtime-log request hangs.
		await dashboard.press('d');
		const web2 = await nameOf(dashboard, 2);
		await dashboard.waitForFrame(web2);
		await vi.waitFor(() => expect(rowOf(dashboard.frame(), web2)).toContain('● running'), {timeout: 15_000, interval: 20});

		// Now everything hangs: keys still act at once.
		faults.only = null;
		const sent = dashboard.attempts.length;
		await vi.waitFor(() => expect(dashboard.attempts.length).toBeGreaterThan(sent), {timeout: 10_000, interval: 20});
		await dashboard.press(keys.down);
		await dashboard.waitForFrame(`Logs: #1 ${web1}`);
		await dashboard.press(keys.up);
		await dashboard.waitForFrame(`Logs: #2 ${web2}`);
		await dashboard.press('?');
		await dashboard.waitForFrame('Keys');
		await dashboard.press(keys.escape);
		await dashboard.press('/');
		for (const character of web1) {
			await dashboard.press(character);
		}

		await dashboard.waitForFrame(`/${web1}`);
		await dashboard.press('\r');
		const frame = await dashboard.waitForFrame(`filter: ${web1}`);
		expect(rowOf(frame, web2)).toBe('');
		expect(rowOf(frame, web1)).toContain('● running');
		faults.hang = false;
	});
});

describe('the token revoked or an ability removed mid-session', () => {
	it('pauses polling with one message naming the fix, stops asking, and resumes with Ctrl-R', async () => {
		const scheduler = new ManualScheduler();
		const dashboard = await openDashboard({scheduler});
		await dashboard.press('d');
		const web1 = await nameOf(dashboard, 1);
		await scheduler.advanceUntil(() => expect(rowOf(dashboard.frame(), web1)).toContain('● running'), {stepMs: 150});
		dashboard.environment.simulator.control.revokeToken();
		await scheduler.advanceUntil(() => expect(dashboard.frame()).toContain('Polling paused'), {stepMs: 150});
		const frame = dashboard.frame();
		expect(banner(frame)).toBe(
			'Polling paused: Coolify rejected the API token (401 Unauthenticated.): create a token under Keys & Tokens -> API tokens and set COOLIFY_API_TOKEN. Fix it, then press Ctrl-R.',
		);
		expect(screenText(frame)).not.toContain('Coolify unreachable');
		const before = dashboard.attempts.length;
		// Ten poll intervals, fifteen log refreshes: nothing may be sent.
		await scheduler.advance(1500);
		expect(dashboard.attempts.slice(before)).toEqual([]);

		dashboard.environment.simulator.control.restoreToken();
		await dashboard.press(keys.ctrlR);
		await dashboard.waitForNoFrame('Polling paused');
		await dashboard.waitForFrame('● healthy');
	});

	it('reports an action refused for a missing ability in one line with the fix', async () => {
		const dashboard = await openDashboard();
		const web1 = await deployRunning(dashboard);
		dashboard.environment.simulator.control.setAbilities(['read', 'read:sensitive', 'write']);
		await dashboard.press('s');
		const frame = await dashboard.waitForFrame('stop #1 failed');
		// Too long for one row, the error takes the hints' row as well rather than lose its fix.
		const message = frame.split('\n').slice(-2).join(' ').replaceAll(/\s+/g, ' ');
		expect(message).toMatch(/✖ stop #1 failed: Coolify refused POST \/api\/v1\/applications\/\S+\/stop \(403 Missing required permissions: deploy\): the token lacks the "deploy" ability/);
		expect(rowOf(frame, web1)).toContain('● running');
	});
});

describe('strange things from Coolify', () => {
	it('shows an unknown status string as it came, and an application deleted behind our back goes away', async () => {
		const dashboard = await openDashboard();
		const web1 = await deployRunning(dashboard);
		const record = (await dashboard.environment.store.getRecord(1))!;
		dashboard.environment.simulator.control.setApplicationStatus(record.coolifyApplicationId!, 'hibernating:sleepy');
		await vi.waitFor(() => expect(rowOf(dashboard.frame(), web1)).toContain('?hibernat'), {timeout: 15_000, interval: 20});
		// The table cell has room for its start only; the log pane's title shows it whole.
		await dashboard.waitForFrame('Coolify status: hibernating:sleepy');

		dashboard.environment.simulator.control.deleteApplication(record.coolifyApplicationId!);
		await dashboard.waitForFrame('cleaned up or deleted. H shows it', 15_000);
		expect(await dashboard.environment.store.getRecord(1)).toMatchObject({deletedAt: expect.any(String), errorMessage: expect.stringMatching(/no longer exists in Coolify/)});
	});

	it('shows log lines and status strings with escape sequences safely', async () => {
		// Slower, so the container's first lines stay within the runtime log's last 500.
		const dashboard = await openDashboard({speed: 50});
		const {simulator} = dashboard.environment;
		const web1 = await deployRunning(dashboard);
		// The simulated nginx's entrypoint colours a line with tput; Coolify strips the colour but lets `ESC(B` through.
		await dashboard.press('l');
		await dashboard.press('l');
		await dashboard.waitForFrame('[runtime]');
		await dashboard.press('\t');
		await dashboard.press('g');
		let frame = await dashboard.waitForFrame(/30-check\.sh: configuration ok/);
		expect(frame).not.toMatch(controlCharacters);

		// A status string with a screen clear and a window title in it.
		const record = (await dashboard.environment.store.getRecord(1))!;
		simulator.control.setApplicationStatus(record.coolifyApplicationId!, 'running\u001B[2J:\u001B]0;pwned\u0007weird');
		await vi.waitFor(() => expect(rowOf(dashboard.frame(), web1)).toContain('?running'), {timeout: 15_000, interval: 20});
		frame = await dashboard.waitForFrame('Coolify status: running:weird');
		expect(frame).not.toMatch(controlCharacters);
		expect((await dashboard.environment.store.getRecord(1))!.coolifyStatus).toBe('running:weird');
	});
});

describe('the disk filling up under the dashboard', () => {
	it('says so with the fix, not that Coolify is unreachable, and carries on once there is space (a real tmpfs; skipped where mount is not allowed)', async context => {
		environment = await startTestEnvironment({simulator: {speed: 20}});
		const env = environment;
		const mountPoint = path.join(env.folder, 'small-disk');
		await mkdir(mountPoint);
		try {
			execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], {stdio: 'ignore'});
		} catch {
			context.skip();
		}

		try {
			const store = await DeploymentStore.open(path.join(mountPoint, 'db.json'));
			const serviceContext = createServiceContext({config: env.config, store, clientOptions: {retry: {minDelayMs: 5, maxDelayMs: 20}}});
			const instance = render(<App services={{context: serviceContext, readOnly: false, pollIntervalMs: 100, logRefreshMs: 100, onQuit() {}}} initialSize={{columns: 100, rows: 30}} />);
			const frame = () => instance.lastFrame() ?? '';
			await vi.waitFor(() => expect(frame()).toContain('● healthy'), {timeout: 10_000});
			instance.stdin.write('d');
			const web1 = await nameOf({store}, 1);
			await vi.waitFor(() => expect(frame()).toContain(web1), {timeout: 10_000});
			try {
				execFileSync('dd', ['if=/dev/zero', `of=${path.join(mountPoint, 'filler')}`, 'bs=4k'], {stdio: 'ignore'});
			} catch {
				// "No space left on device": the disk is full.
			}

			// The deployment moves on in Coolify; saving that fails.
			await vi.waitFor(() => expect(screenText(frame()), frame()).toMatch(/no space left on device\); the data file was left unchanged; free some disk space/), {timeout: 15_000, interval: 20});
			expect(screenText(frame())).not.toContain('Coolify unreachable');
			await rm(path.join(mountPoint, 'filler'));
			await vi.waitFor(() => expect(rowOf(frame(), web1)).toContain('● running'), {timeout: 15_000, interval: 20});
			await expectWholeDataFile(path.join(mountPoint, 'db.json'));
			instance.unmount();
		} finally {
			// Unmounting the dashboard stops its watch of the folder; lazily, in case something still holds it.
			cleanup();
			execFileSync('umount', ['-l', mountPoint], {stdio: 'ignore'});
		}
	});
});
