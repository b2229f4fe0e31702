import {describe, expect, it, vi} from 'vitest';
import {CleanupLoop, runCleanup, type CleanupReport} from '../../source/services/cleanup.js';
import {createDeployment} from '../../source/services/create-deployment.js';
import {pollOnce} from '../../source/services/poller.js';
import {age, createUntaggedApplication, record, useServiceEnvironment, type ServiceEnvironment} from './support.js';

/** Two running deployments made two days ago and one made just now. */
async function oldAndNew(environment: ServiceEnvironment) {
	const {context, simulator} = environment;
	const first = await createDeployment(context, 'web');
	const second = await createDeployment(context, 'api');
	const fresh = await createDeployment(context, 'web');
	simulator.clock.advance(40_000);
	await pollOnce(context);
	await age(environment, [first.id, second.id], 48);
	return {first, second, fresh};
}

describe('runCleanup', () => {
	const environments = useServiceEnvironment();

	it('asks Coolify only for the list of tagged applications when nothing is old enough', async () => {
		const environment = await environments.start();
		await createDeployment(environment.context, 'web');
		const {total, mutating} = environment.simulator.stats;
		const report = await runCleanup(environment.context, {maxAgeHours: 24});
		expect(report).toMatchObject({maxAgeHours: 24, dryRun: false, items: []});
		expect(environment.simulator.stats.total).toBe(total + 1);
		expect(environment.simulator.stats.mutating).toBe(mutating);
	});

	it('dry run: reports what it would clean and changes nothing', async () => {
		const environment = await environments.start();
		const {first, second} = await oldAndNew(environment);
		const mutating = environment.simulator.stats.mutating;
		const writes = environment.store.writeCount;
		const before = await environment.store.read();

		const report = await runCleanup(environment.context, {maxAgeHours: 24, dryRun: true});
		expect(report.dryRun).toBe(true);
		expect(report.items).toEqual([
			expect.objectContaining({id: first.id, outcome: 'would-clean', message: 'would stop and delete the application'}),
			expect.objectContaining({id: second.id, outcome: 'would-clean', message: 'would stop and delete the application'}),
		]);
		expect(environment.simulator.stats.mutating).toBe(mutating);
		expect(environment.store.writeCount).toBe(writes);
		expect(await environment.store.read()).toEqual(before);
		expect(await environment.context.client.listOwnApplications()).toHaveLength(3);
	});

	it('deletes only old applications (Coolify stops them itself, without a server-wide Docker cleanup), and marks their records cleaned', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const {first, second, fresh} = await oldAndNew(environment);
		const start = simulator.requests.length;

		const report = await runCleanup(context, {maxAgeHours: 24});
		expect(report.items).toEqual([
			expect.objectContaining({id: first.id, outcome: 'cleaned', message: 'stopped, deletion queued in Coolify'}),
			expect.objectContaining({id: second.id, outcome: 'cleaned', message: 'stopped, deletion queued in Coolify'}),
		]);
		const mutations = simulator.requests.slice(start).filter(request => request.method !== 'GET');
		expect(mutations.map(request => `${request.method} ${request.path.split('/').slice(4).join('/')}`)).toEqual([
			`DELETE ${first.coolifyApplicationId}`,
			`DELETE ${second.coolifyApplicationId}`,
		]);
		expect(mutations.every(request => request.query.docker_cleanup === 'false')).toBe(true);
		expect(simulator.control.dockerCleanups).toBe(0);

		for (const id of [first.id, second.id]) {
			const cleaned = await record(environment, id);
			expect(cleaned).toMatchObject({status: 'stopped', stoppedByUser: true, buildLogs: null, runtimeLogs: null});
			expect(cleaned.cleanedAt).not.toBeNull();
		}

		expect((await record(environment, fresh.id)).cleanedAt).toBeNull();
		simulator.clock.advance(5000);
		expect((await context.client.listOwnApplications()).map(application => application.uuid)).toEqual([fresh.coolifyApplicationId]);

		// A second run finds nothing left to do.
		expect((await runCleanup(context, {maxAgeHours: 24})).items).toEqual([]);
	});

	it('deletes a stopped application without stopping it', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web', {autoStart: false});
		await age(environment, [created.id], 48);
		const report = await runCleanup(environment.context, {maxAgeHours: 24});
		expect(report.items).toEqual([expect.objectContaining({outcome: 'cleaned', message: 'deletion queued in Coolify'})]);
		expect(environment.simulator.stats.byRoute['POST /applications/{uuid}/stop']).toBeUndefined();
	});

	it('leaves an application without our tag alone', async () => {
		const environment = await environments.start();
		const {context, simulator, store} = environment;
		const uuid = await createUntaggedApplication(environment, 'someone-elses');
		const pointing = await store.createRecord({pipelineId: 'web', applicationName: 'someone-elses', coolifyApplicationId: uuid});
		await age(environment, [pointing.id], 48);
		const mutating = simulator.stats.mutating;

		const report = await runCleanup(context, {maxAgeHours: 24});
		expect(report.items).toEqual([
			expect.objectContaining({id: pointing.id, outcome: 'skipped', message: `application ${uuid} does not carry the coolify-tui tag; left alone`}),
		]);
		expect(simulator.stats.mutating).toBe(mutating);
		expect((await context.client.getApplication(uuid)).name).toBe('someone-elses');
		expect((await record(environment, pointing.id)).cleanedAt).toBeNull();
	});

	it('marks a record whose application is already gone as cleaned', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web');
		environment.simulator.control.deleteApplication(created.coolifyApplicationId!);
		await age(environment, [created.id], 48);
		const mutating = environment.simulator.stats.mutating;
		const report = await runCleanup(environment.context, {maxAgeHours: 24});
		expect(report.items).toEqual([expect.objectContaining({outcome: 'already-gone'})]);
		expect(environment.simulator.stats.mutating).toBe(mutating);
		expect((await record(environment, created.id)).cleanedAt).not.toBeNull();
	});

	it('counts an application deleted between its listing and our delete (another cleanup, or in Coolify) as cleaned', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const {first, second} = await oldAndNew(environment);
		const target = first.coolifyApplicationId!;
		// Another cleanup's deletion finishes just before ours arrives: Coolify's delete_by_uuid then answers
		// 404 "Application not found" (no full stop, unlike application_by_uuid).
		simulator.faults.only = request => {
			if (request.method === 'DELETE' && request.path.endsWith(`/applications/${target}`)) {
				simulator.control.deleteApplication(target);
			}

			return false;
		};

		const report = await runCleanup(context, {maxAgeHours: 24});
		expect(report.items).toEqual([
			expect.objectContaining({id: first.id, outcome: 'cleaned', message: 'already deleted (by another cleanup, or in Coolify)'}),
			expect.objectContaining({id: second.id, outcome: 'cleaned'}),
		]);
		expect((await record(environment, first.id)).cleanedAt).not.toBeNull();
	});

	it('goes on after one failure', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const {first, second} = await oldAndNew(environment);
		const target = first.coolifyApplicationId!;
		// Every attempt (the first and three retries) to delete the first application fails.
		simulator.faults.failNext(4, 500, {only: request => request.method === 'DELETE' && request.path.endsWith(`/applications/${target}`)});

		const report = await runCleanup(context, {maxAgeHours: 24});
		expect(report.items).toEqual([
			expect.objectContaining({id: first.id, outcome: 'failed', message: expect.stringContaining('Coolify is unavailable (500')}),
			expect.objectContaining({id: second.id, outcome: 'cleaned'}),
		]);
		expect(report.items[0]!.message).not.toContain(simulator.token.split('|')[1]);
		expect((await record(environment, first.id)).cleanedAt).toBeNull();
		expect((await record(environment, second.id)).cleanedAt).not.toBeNull();

		// The next run retries the one that failed.
		const retry = await runCleanup(context, {maxAgeHours: 24});
		expect(retry.items).toEqual([expect.objectContaining({id: first.id, outcome: 'cleaned'})]);
	});

	it('never cleans a record the user is acting on', async () => {
		const environment = await environments.start();
		const {first, second} = await oldAndNew(environment);
		const report = await runCleanup(environment.context, {maxAgeHours: 24, isBusy: id => id === first.id});
		expect(report.items.map(item => item.id)).toEqual([second.id]);
	});

	it('by default cleans expired deployments, whose TTL defaults to the configured age', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const first = await createDeployment(context, 'web');
		const second = await createDeployment(context, 'api');
		simulator.clock.advance(25 * 3_600_000);
		const fresh = await createDeployment(context, 'web');
		simulator.clock.advance(40_000);
		await pollOnce(context);
		expect(environment.config.cleanup.maxAgeHours).toBe(24);
		const report = await runCleanup(context, {dryRun: true});
		expect(report).toMatchObject({selection: 'expired', maxAgeHours: 24});
		expect(report.items.map(item => [item.id, item.reason])).toEqual([[first.id, 'expired'], [second.id, 'expired']]);
		expect(report.items.map(item => item.id)).not.toContain(fresh.id);
	});
});

describe('CleanupLoop', () => {
	const environments = useServiceEnvironment();

	it('joins a run under way instead of starting another', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const {first, second} = await oldAndNew(environment);
		const reports: CleanupReport[] = [];
		const loop = new CleanupLoop(context, {intervalMs: 3_600_000, onReport: report => reports.push(report)});
		simulator.faults.latencyMs = 20;
		const listsBefore = simulator.stats.byRoute['GET /applications'] ?? 0;

		const runs = [loop.runNow({maxAgeHours: 24}), loop.runNow({maxAgeHours: 24}), loop.runNow({maxAgeHours: 24})];
		expect(loop.isRunning).toBe(true);
		const results = await Promise.all(runs);
		expect(loop.isRunning).toBe(false);
		expect(results[1]).toBe(results[0]);
		expect(results[2]).toBe(results[0]);
		expect(reports).toHaveLength(1);
		expect(results[0]!.items.map(item => item.id)).toEqual([first.id, second.id]);
		expect(simulator.stats.byRoute['GET /applications']! - listsBefore).toBe(1);
		expect(simulator.stats.byRoute['DELETE /applications/{uuid}']).toBe(2);
	});

	it('runs on its interval and reports errors without stopping', async () => {
		const environment = await environments.start({realTime: true});
		const {context, simulator} = environment;
		const created = await createDeployment(context, 'web', {ttlMs: 1000});
		await age(environment, [created.id], 48);
		const reports: CleanupReport[] = [];
		const errors: Error[] = [];
		const loop = new CleanupLoop(context, {intervalMs: 5, onReport: report => reports.push(report), onError: error => errors.push(error)});
		await simulator.goDown();
		loop.start();
		try {
			expect(loop.nextRunAt).not.toBeNull();
			await vi.waitFor(() => expect(errors.length).toBeGreaterThanOrEqual(2), {timeout: 10_000, interval: 5});
			expect(errors[0]!.message).toContain('unreachable');
			await simulator.comeUp();
			await vi.waitFor(() => expect(reports.some(report => report.items.some(item => item.outcome === 'cleaned'))).toBe(true), {timeout: 10_000, interval: 5});
		} finally {
			loop.stop();
		}

		expect(loop.nextRunAt).toBeNull();
		expect((await record(environment, created.id)).cleanedAt).not.toBeNull();
		// Cleaned once: later runs found nothing to do.
		expect(simulator.stats.byRoute['DELETE /applications/{uuid}']).toBe(1);
	});
});
