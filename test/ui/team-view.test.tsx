import path from 'node:path';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {decodeMarker, encodeMarker} from '../../source/domain/marker.js';
import {createServiceContext} from '../../source/services/context.js';
import {createDeployment} from '../../source/services/create-deployment.js';
import {DeploymentStore} from '../../source/store/index.js';
import {App} from '../../source/ui/app.js';
import {startTestEnvironment, type TestEnvironment} from '../helpers/environment.js';
import {driveFrames} from '../helpers/ink-frames.js';

// The dashboard's team view and `+`, through the real services, data files and the simulated Coolify.

let environment: TestEnvironment | undefined;

afterEach(async () => {
	cleanup();
	await environment?.dispose();
	environment = undefined;
});

const rowOf = (frame: string, name: string) => frame.split('\n').find(line => line.includes(name)) ?? '';

describe('dashboard: mine and the team\'s', () => {
	it('shows my deployments, t switches to the team\'s with an OWNER column, + extends the expiry in Coolify', async () => {
		environment = await startTestEnvironment({simulator: {speed: 1000}});
		const {context, folder} = environment;
		const mine = await createDeployment(context, 'web', {ttlMs: 30 * 60_000});
		// Another machine: its own data file; its marker names bob.
		const otherStore = await DeploymentStore.open(path.join(folder, 'machine-b', 'db.json'));
		const other = createServiceContext({config: context.config, store: otherStore, client: context.client});
		const theirs = await createDeployment(other, 'api');
		const marker = decodeMarker((await context.client.getApplication(theirs.coolifyApplicationId!)).description)!;
		await context.client.updateApplication(theirs.coolifyApplicationId!, {description: encodeMarker({...marker, owner: 'bob'})});

		const instance = render(<App services={{context, readOnly: false, pollIntervalMs: 150, logRefreshMs: 100, onQuit() {}}} initialSize={{columns: 120, rows: 30}} />);
		const dashboard = driveFrames(instance);
		await dashboard.waitForFrame(mine.applicationName);
		let frame = dashboard.frame();
		expect(frame).toContain('mine');
		expect(rowOf(frame, mine.applicationName)).toMatch(/\b(29m|30m)\b/);
		expect(frame).not.toContain(theirs.applicationName);
		expect(frame).not.toContain('OWNER');

		await dashboard.press('t');
		await dashboard.waitForFrame(theirs.applicationName, 15_000);
		frame = dashboard.frame();
		expect(frame).toContain('whole team');
		expect(frame).toContain('OWNER');
		expect(rowOf(frame, theirs.applicationName)).toContain('bob');

		await dashboard.press('t');
		await vi.waitFor(() => expect(dashboard.frame()).not.toContain(theirs.applicationName), {timeout: 10_000, interval: 20});

		await dashboard.press('+');
		await dashboard.waitForFrame('now expires in', 15_000);
		const extended = decodeMarker((await context.client.getApplication(mine.coolifyApplicationId!)).description)!;
		// The pipeline's TTL: cleanup.maxAgeHours (24) here.
		expect(Date.parse(extended.expiresAt!) - Date.now()).toBeGreaterThan(23 * 3_600_000);
		await vi.waitFor(() => expect(rowOf(dashboard.frame(), mine.applicationName)).toMatch(/\b(23h5\dm|1d)\b/), {timeout: 10_000, interval: 20});
	});

	it('c lists every expired deployment Coolify knows, a teammate\'s too, and y cleans those and nothing newer', async () => {
		environment = await startTestEnvironment({simulator: {speed: 1000}});
		const {context, folder} = environment;
		const mine = await createDeployment(context, 'web');
		const otherStore = await DeploymentStore.open(path.join(folder, 'machine-b', 'db.json'));
		const other = createServiceContext({config: context.config, store: otherStore, client: context.client});
		const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
		const remark = async (uuid: string, change: Record<string, unknown>) => {
			const marker = decodeMarker((await context.client.getApplication(uuid)).description)!;
			await context.client.updateApplication(uuid, {description: encodeMarker({...marker, ...change})});
		};

		// Bob's, made on another machine and expired an hour ago: this machine has no record of it.
		const expired = await createDeployment(other, 'api');
		await remark(expired.coolifyApplicationId!, {owner: 'bob', createdAt: new Date(Date.now() - 7_200_000).toISOString(), expiresAt: hourAgo});
		// Bob's too, expiring only after the confirmation is on screen.
		const later = await createDeployment(other, 'web');
		await remark(later.coolifyApplicationId!, {owner: 'bob', createdAt: new Date(Date.now() - 7_200_000).toISOString()});

		const instance = render(<App services={{context, readOnly: false, pollIntervalMs: 150, logRefreshMs: 100, onQuit() {}}} initialSize={{columns: 120, rows: 30}} />);
		const dashboard = driveFrames(instance);
		// Mine running first: its announcement would otherwise replace the cleanup's message below.
		await vi.waitFor(() => expect(rowOf(dashboard.frame(), mine.applicationName)).toContain('● running'), {timeout: 15_000, interval: 20});
		await dashboard.press('c');
		const frame = await dashboard.waitForFrame('Clean up 1 test deployment?', 15_000);
		expect(frame).toContain(`${expired.applicationName} (bob's)  expired`);
		expect(frame).not.toContain(later.applicationName);

		await remark(later.coolifyApplicationId!, {expiresAt: hourAgo});
		await dashboard.press('y');
		await vi.waitFor(async () => expect(await context.client.findApplication(expired.coolifyApplicationId!)).toBeUndefined(), {timeout: 15_000, interval: 50});
		// The message line may have moved on: the message history (M) keeps it.
		await vi.waitFor(() => expect(dashboard.frame()).not.toContain('cleaning up…'), {timeout: 15_000, interval: 20});
		await dashboard.press('M');
		await dashboard.waitForFrame('cleanup: 1 cleaned', 15_000);
		expect(await context.client.findApplication(later.coolifyApplicationId!)).toBeDefined();
		expect(await context.client.findApplication(mine.coolifyApplicationId!)).toBeDefined();
	});
});
