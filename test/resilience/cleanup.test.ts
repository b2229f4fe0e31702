import {afterEach, describe, expect, it, vi} from 'vitest';
import {CleanupLoop, runCleanup, type CleanupReport} from '../../source/services/cleanup.js';
import {createDeployment} from '../../source/services/create-deployment.js';
import {startTestEnvironment, type TestEnvironment} from '../helpers/environment.js';

// The cleanup loop while the user works: one run at a time however its timer and the c key fire, and
// never a deployment the user is acting on.

let environment: TestEnvironment | undefined;

afterEach(async () => {
	await environment?.dispose();
	environment = undefined;
});

const deletes = (env: TestEnvironment) => env.simulator.stats.byRoute['DELETE /applications/{uuid}'] ?? 0;

async function threeDeployments(env: TestEnvironment): Promise<number[]> {
	const ids: number[] = [];
	for (let index = 0; index < 3; index++) {
		const record = await createDeployment(env.context, 'web');
		expect(record.coolifyApplicationId, record.errorMessage ?? '').toBeTruthy();
		ids.push(record.id);
	}

	return ids;
}

describe('the cleanup loop', () => {
	it('runs once at a time while a run is slow, however often its timer and the key fire', async () => {
		const env = (environment = await startTestEnvironment({config: {cleanup: {maxAgeHours: 0, intervalMinutes: 60}}}));
		await threeDeployments(env);
		// Each deletion takes 150 ms: a run takes about half a second, its timer fires every 20 ms.
		env.simulator.faults.only = 'DELETE /applications/{uuid}';
		env.simulator.faults.latencyMs = 150;
		const reports: CleanupReport[] = [];
		const loop = new CleanupLoop(env.context, {intervalMs: 20, onReport: report => reports.push(report)});
		loop.start();
		try {
			await vi.waitFor(() => expect(loop.isRunning).toBe(true), {interval: 1});
			const joined = await Promise.all([loop.runNow(), loop.runNow(), loop.runNow()]);
			// Every caller got the one run's report.
			expect(new Set(joined).size).toBe(1);
			expect(joined[0]!.items.map(item => item.outcome)).toEqual(['cleaned', 'cleaned', 'cleaned']);
			// Later runs find nothing left to clean.
			await vi.waitFor(() => expect(reports.length).toBeGreaterThanOrEqual(3), {timeout: 10_000, interval: 5});
		} finally {
			loop.stop();
		}

		expect(deletes(env)).toBe(3);
		expect(reports.slice(1).every(report => report.items.length === 0)).toBe(true);
		expect((await env.context.client.listOwnApplications()).filter(application => !application.status.startsWith('removing'))).toEqual([]);
	});

	it('leaves alone a deployment the user starts acting on while a run is under way', async () => {
		const env = (environment = await startTestEnvironment());
		const [first, second, third] = await threeDeployments(env);
		const busy = new Set<number>();
		env.simulator.faults.only = 'DELETE /applications/{uuid}';
		env.simulator.faults.latencyMs = 150;
		const running = runCleanup(env.context, {maxAgeHours: 0, isBusy: id => busy.has(id)});
		// The user presses s on the third one while the first is being deleted.
		await vi.waitFor(() => expect(deletes(env)).toBe(1), {interval: 1});
		busy.add(third!);
		const report = await running;
		expect(report.items.find(item => item.id === first)?.outcome).toBe('cleaned');
		expect(report.items.find(item => item.id === second)?.outcome).toBe('cleaned');
		expect(report.items.find(item => item.id === third)).toMatchObject({outcome: 'skipped'});
		expect(deletes(env)).toBe(2);
		const record = (await env.store.getRecord(third!))!;
		expect(record.cleanedAt).toBeNull();
		expect(env.simulator.control.getApplicationStatus(record.coolifyApplicationId!)).toBeDefined();
	});

	it('never touches a deployment that is busy when the run starts', async () => {
		const env = (environment = await startTestEnvironment());
		const [first, second] = await threeDeployments(env);
		const report = await runCleanup(env.context, {maxAgeHours: 0, isBusy: id => id === second});
		expect(report.items.map(item => item.id)).not.toContain(second);
		expect(report.items.map(item => item.id)).toContain(first);
		expect((await env.store.getRecord(second!))!.cleanedAt).toBeNull();
	});
});
