import {fetchLogs} from '../../source/services/logs.js';
import {describe, expect, it, vi} from 'vitest';
import {createServiceContext} from '../../source/services/context.js';
import {createDeployment} from '../../source/services/create-deployment.js';
import {stopDeployment} from '../../source/services/deployment-actions.js';
import {pollOnce, Poller, type PollerState} from '../../source/services/poller.js';
import {record, useServiceEnvironment, type ServiceEnvironment} from './support.js';
import {frozenAt, ManualScheduler} from '../helpers/manual-scheduler.js';

/** Polls once per simulated second and returns the distinct statuses the record went through. */
async function statusesUntil(environment: ServiceEnvironment, id: number, final: string, stepMs = 1000, maxSteps = 60): Promise<string[]> {
	const seen: string[] = [];
	for (let step = 0; step < maxSteps; step++) {
		await pollOnce(environment.context);
		const {status} = await record(environment, id);
		if (seen.at(-1) !== status) {
			seen.push(status);
		}

		if (status === final) {
			return seen;
		}

		environment.simulator.clock.advance(stepMs);
	}

	throw new Error(`never reached ${final}; saw ${seen.join(' -> ')}`);
}

describe('pollOnce', () => {
	const environments = useServiceEnvironment();

	it('maps a deployment through pending, building and running (Coolify shows no starting state in between)', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web');
		expect(await statusesUntil(environment, created.id, 'running')).toEqual(['pending', 'building', 'running']);
		// The blip right after the build (ApplicationDeploymentJob stores `running`, read as `running:unhealthy`)...
		expect(await record(environment, created.id)).toMatchObject({health: 'unhealthy', coolifyStatus: 'running:unhealthy'});
		// ...then the real health: `unknown`, as the application has no health check.
		environment.simulator.clock.advance(5000);
		await pollOnce(environment.context);
		const current = await record(environment, created.id);
		expect(current).toMatchObject({health: 'unknown', deploymentStatus: 'finished', coolifyStatus: 'running:unknown', errorMessage: null});
		expect(current.statusHistory.map(change => change.status)).toEqual(['pending', 'building', 'running']);
		// The new container told the build finished: no request for the deployment, so no cached log yet
		// (the log pane and `logs` fetch it when asked).
		expect(current.buildLogs).toBeNull();
	});

	it('maps a Dockerfile deployment the same way', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'api');
		expect(await statusesUntil(environment, created.id, 'running')).toEqual(['pending', 'building', 'running']);
	});

	it('ends a failed build as failed, with a reason and the build log', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'broken');
		expect(await statusesUntil(environment, created.id, 'failed')).toEqual(['pending', 'building', 'failed']);
		const current = await record(environment, created.id);
		expect(current).toMatchObject({deploymentStatus: 'failed', health: null, errorMessage: 'the build failed: see the build log'});
		expect(current.buildLogs?.text).toContain('pull access denied for example/broken-build');

		// It stays failed, and costs no more per-deployment requests.
		environment.simulator.clock.advance(60_000);
		expect(await pollOnce(environment.context)).toEqual({changed: 0, requests: 2, unmanaged: []});
		expect((await record(environment, created.id)).status).toBe('failed');
	});

	it('keeps a stopped deployment stopped while Coolify still says running', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web');
		await statusesUntil(environment, created.id, 'running');
		await stopDeployment(environment.context, created.id);

		await pollOnce(environment.context);
		expect(await record(environment, created.id)).toMatchObject({status: 'stopped', coolifyStatus: 'running:unhealthy'});
		environment.simulator.clock.advance(2000);
		await pollOnce(environment.context);
		expect(await record(environment, created.id)).toMatchObject({status: 'stopped', coolifyStatus: 'exited:unhealthy', health: null});
		expect(environment.simulator.control.getApplicationStatus(created.coolifyApplicationId!)).toBe('exited:unhealthy');
	});

	it('marks an application deleted behind our back, and never polls it again', async () => {
		const environment = await environments.start();
		const kept = await createDeployment(environment.context, 'web');
		const gone = await createDeployment(environment.context, 'web');
		await pollOnce(environment.context);
		environment.simulator.control.deleteApplication(gone.coolifyApplicationId!);
		await pollOnce(environment.context);
		const marked = await record(environment, gone.id);
		expect(marked).toMatchObject({status: 'stopped', errorMessage: 'the application no longer exists in Coolify (deleted outside coolify-tui)'});
		expect(marked.deletedAt).not.toBeNull();

		// Its build ends later: nothing is fetched for the deleted record, which stays as it is (the kept
		// one's new container tells its build finished).
		environment.simulator.clock.advance(30_000);
		const start = environment.simulator.requests.length;
		const result = await pollOnce(environment.context);
		expect(result.requests).toBe(2);
		const fetched = environment.simulator.requests.slice(start).filter(request => request.route === '/deployments/{uuid}');
		expect(fetched.map(request => request.path.split('/').at(-1))).not.toContain(gone.coolifyDeploymentId);
		expect(['deploying', 'running']).toContain((await record(environment, kept.id)).status);
		expect(await record(environment, gone.id)).toEqual(marked);
	});

	it('leaves a deployment created while a tick waits for Coolify to the next tick, never "deleted outside"', async () => {
		const environment = await environments.start();
		// Another process (a `deploy` command) on the same data file.
		const other = createServiceContext({config: environment.config, store: environment.store, clientOptions: {retry: {minDelayMs: 1, maxDelayMs: 5}}});
		const client = environment.context.client;
		const listOwnApplications = client.listOwnApplications.bind(client);
		let created: Awaited<ReturnType<typeof createDeployment>> | undefined;
		vi.spyOn(client, 'listOwnApplications').mockImplementationOnce(async () => {
			const applications = await listOwnApplications();
			created = await createDeployment(other, 'web');
			return applications;
		});
		await pollOnce(environment.context);
		expect(created).toBeDefined();
		expect(await record(environment, created!.id)).toMatchObject({deletedAt: null, errorMessage: null, status: 'pending'});

		await pollOnce(environment.context);
		const next = await record(environment, created!.id);
		expect(next.deletedAt).toBeNull();
		expect(['building', 'pending']).toContain(next.status);
	});

	it('writes nothing when nothing changed', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web');
		await statusesUntil(environment, created.id, 'running');
		environment.simulator.clock.advance(5000);
		await pollOnce(environment.context);
		const writes = environment.store.writeCount;
		const updatedAt = (await record(environment, created.id)).updatedAt;
		for (let tick = 0; tick < 3; tick++) {
			environment.simulator.clock.advance(10_000);
			expect(await pollOnce(environment.context)).toEqual({changed: 0, requests: 2, unmanaged: []});
		}

		expect(environment.store.writeCount).toBe(writes);
		expect((await record(environment, created.id)).updatedAt).toBe(updatedAt);
	});

	it('writes all changes of a tick at once', async () => {
		const environment = await environments.start();
		await createDeployment(environment.context, 'web');
		await createDeployment(environment.context, 'web');
		await createDeployment(environment.context, 'api');
		const writes = environment.store.writeCount;
		expect((await pollOnce(environment.context)).changed).toBe(3);
		expect(environment.store.writeCount).toBe(writes + 1);
	});

	it('costs a constant 2 requests per tick for 1, 10 and 50 deployments, builds ending included', async () => {
		for (const count of [1, 10, 50]) {
			const environment = await environments.start({simulator: {rateLimitPerMinute: 1_000_000, deploymentQueueLimit: 1000}});
			const {simulator, context} = environment;
			for (let index = 0; index < count; index++) {
				await createDeployment(context, 'web', {env: {}});
			}

			const ticks: Array<{requests: number; sent: number}> = [];
			const tick = async () => {
				const before = simulator.stats.total;
				const result = await pollOnce(context);
				ticks.push({requests: result.requests, sent: simulator.stats.total - before});
			};

			// All queued or building: the two list requests tell everything.
			await tick();
			simulator.clock.advance(1000);
			await tick();
			// Every build ended (two build slots, ~12 s each): their new containers tell so, at no cost.
			simulator.clock.advance(count * 10_000);
			await tick();
			await tick();
			simulator.clock.advance(60_000);
			await tick();

			expect(ticks, `${count} deployments`).toEqual([
				{requests: 2, sent: 2},
				{requests: 2, sent: 2},
				{requests: 2, sent: 2},
				{requests: 2, sent: 2},
				{requests: 2, sent: 2},
			]);
			const records = await environment.store.listRecords();
			expect(records.every(entry => entry.status === 'running'), `${count} deployments`).toBe(true);
		}
	});

	it('reads a deployment Coolify never stored (its queue was full) as a failed start', async () => {
		const environment = await environments.start();
		environment.simulator.control.setDeploymentQueueLimit(0);
		const created = await createDeployment(environment.context, 'web');
		expect(created.coolifyDeploymentId).toEqual(expect.any(String));
		expect(await pollOnce(environment.context)).toEqual({changed: 1, requests: 3, unmanaged: []});
		expect(await record(environment, created.id)).toMatchObject({
			status: 'failed',
			deploymentStatus: 'failed',
			errorMessage: 'Coolify did not queue the deployment (its queue may be full): start it again',
		});
	});

	it('caches a terminal-safe, redacted build log once it is fetched', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		// A Dockerfile application's name is printed in the first (visible) build-log line.
		const name = `evil\u001B]0;pwned\u0007\u001B[2J-${simulator.token.split('|')[1]}`;
		const created = await createDeployment(context, 'api', {name});
		await statusesUntil(environment, created.id, 'running');
		await fetchLogs(context, await record(environment, created.id), 'build');
		const text = (await record(environment, created.id)).buildLogs!.text;
		expect(text).toContain('Starting deployment of evil-***');
		expect(text).not.toContain('\u001B');
		expect(text).not.toContain('\u0007');
		expect(text).not.toContain(simulator.token.split('|')[1]);
	});
});

describe('Poller', () => {
	const environments = useServiceEnvironment();

	it('backs off while Coolify is down, polls no more than that, and recovers', async () => {
		const environment = await environments.start();
		const {simulator, config, store} = environment;
		let attempts = 0;
		const now = 1_000_000;
		const context = createServiceContext({
			config,
			store,
			// One attempt per request, so each tick costs exactly two attempts.
			clientOptions: {retry: {retries: 0}, onAttempt: () => attempts++},
			scheduler: frozenAt(now),
		});
		await createDeployment(environment.context, 'web');
		await simulator.goDown();

		const delays: number[] = [];
		const states: PollerState[] = [];
		const poller = new Poller(context, {
			intervalMs: 5,
			maxBackoffMs: 80,
			onChange(state) {
				states.push(state);
				if (!state.isTicking && state.nextTickAt !== null) {
					delays.push(state.nextTickAt - now);
				}
			},
		});
		poller.start();
		try {
			await vi.waitFor(() => expect(delays.length).toBeGreaterThanOrEqual(6), {timeout: 10_000, interval: 5});
			const failed = delays.length;
			// Doubling per failure, capped.
			expect(delays.slice(0, 6)).toEqual([10, 20, 40, 80, 80, 80]);
			expect(attempts).toBeGreaterThanOrEqual(2 * failed);
			expect(attempts).toBeLessThanOrEqual(2 * (failed + 1));
			expect(poller.state).toMatchObject({failingSince: now, lastSuccessAt: null, paused: false});
			expect(poller.state.lastError?.message).toContain('unreachable');

			await simulator.comeUp();
			await vi.waitFor(() => expect(poller.state.lastSuccessAt).not.toBeNull(), {timeout: 10_000, interval: 5});
			expect(poller.state).toMatchObject({failingSince: null, lastError: null});
			await vi.waitFor(() => expect(delays.at(-1)).toBe(5), {timeout: 10_000, interval: 5});
		} finally {
			poller.stop();
		}
	});

	it('pauses on 401 and resumes with pollNow', async () => {
		const scheduler = new ManualScheduler();
		const environment = await environments.start({scheduler});
		const {simulator, context} = environment;
		await createDeployment(context, 'web');
		simulator.control.revokeToken();
		const baseline = simulator.stats.total;
		const poller = new Poller(context, {intervalMs: 5});
		poller.start();
		try {
			await vi.waitFor(() => expect(poller.state.paused).toBe(true), {timeout: 10_000, interval: 5});
			expect(poller.state).toMatchObject({nextTickAt: null, isTicking: false});
			expect(poller.state.lastError?.message).toContain('401');
			const sent = simulator.stats.total;
			// One tick, two requests, no retries of a 401.
			expect(sent - baseline).toBe(2);
			// Many intervals later, nothing more was sent, and nothing waits to send.
			await scheduler.advance(100);
			expect(simulator.stats.total).toBe(sent);
			expect(scheduler.pendingTimers).toBe(0);

			simulator.control.restoreToken();
			const result = await poller.pollNow();
			expect(result).toEqual(expect.objectContaining({requests: 2}));
			expect(poller.state).toMatchObject({paused: false, lastError: null});
			expect(poller.state.nextTickAt).not.toBeNull();
		} finally {
			poller.stop();
		}
	});

	it('pauses on a 403 too', async () => {
		const environment = await environments.start({realTime: true});
		environment.simulator.control.setApiEnabled(false);
		const poller = new Poller(environment.context, {intervalMs: 5});
		try {
			await poller.pollNow();
			expect(poller.state).toMatchObject({paused: true, nextTickAt: null});
		} finally {
			poller.stop();
		}
	});

	it('never runs two polls at once', async () => {
		const environment = await environments.start();
		const {simulator, context} = environment;
		await createDeployment(context, 'web');
		const poller = new Poller(context, {intervalMs: 60_000});
		simulator.faults.latencyMs = 30;
		const before = simulator.stats.total;
		const [first, second, third] = await Promise.all([poller.pollNow(), poller.pollNow(), poller.pollNow()]);
		poller.stop();
		expect(second).toBe(first);
		expect(third).toBe(first);
		expect(simulator.stats.total - before).toBe(2);
	});
});
