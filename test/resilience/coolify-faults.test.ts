import {readFile} from 'node:fs/promises';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {CoolifyError} from '../../source/coolify/errors.js';
import {createDeployment} from '../../source/services/create-deployment.js';
import {fetchLogs} from '../../source/services/logs.js';
import {pollOnce, Poller, type PollerState} from '../../source/services/poller.js';
import {startTestEnvironment, type TestEnvironment} from '../helpers/environment.js';
import {contextWith, deployUntil, pollUntil, sleep} from './support.js';

// Faults from Coolify against the real services, the real data file and the simulator's fault injection.
// Nothing of ours is mocked; the clock is injected only where a test reads back the delays it chose.

let environment: TestEnvironment | undefined;

afterEach(async () => {
	vi.useRealTimers();
	await environment?.dispose();
	environment = undefined;
});

async function start(options: Parameters<typeof startTestEnvironment>[0] = {}): Promise<TestEnvironment> {
	environment = await startTestEnvironment(options);
	return environment;
}

const routeCount = (env: TestEnvironment, route: string) => env.simulator.stats.byRoute[route] ?? 0;

describe('an outage (connection refused) for several polls', () => {
	it('backs off, keeps every record as it was, and recovers on the first good poll without a restart', async () => {
		const env = await start();
		const running = await deployUntil(env.context, 'web');
		// A clock that stands still makes each delay the poller picks readable as nextTickAt - now.
		const now = Date.now();
		const {context, attempts} = contextWith(env, {now: () => now});
		const before = await readFile(env.dataPath, 'utf8');
		await env.simulator.goDown();

		const finished: PollerState[] = [];
		const poller = new Poller(context, {
			intervalMs: 10,
			maxBackoffMs: 160,
			onChange(state) {
				if (!state.isTicking) {
					finished.push({...state});
				}
			},
		});
		poller.start();
		try {
			await vi.waitFor(() => expect(finished.length).toBeGreaterThanOrEqual(6), {timeout: 15_000, interval: 10});
			const failures = finished.slice(0, 6);
			expect(failures.every(state => state.lastError instanceof CoolifyError && state.lastError.kind === 'unreachable')).toBe(true);
			expect(failures[0]!.lastError!.message).toMatch(/^Coolify at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\): check that the instance is up/);
			// The banner's "since" stays the time of the first failure.
			expect(new Set(failures.map(state => state.failingSince))).toEqual(new Set([now]));
			// Exponential backoff up to the cap: no request storm.
			expect(failures.map(state => state.nextTickAt! - now)).toEqual([20, 40, 80, 160, 160, 160]);
			// Each poll is two requests, each tried at most 1 + 3 times.
			const pollsSoFar = finished.length + (poller.state.isTicking ? 1 : 0);
			expect(attempts.length).toBeLessThanOrEqual(pollsSoFar * 2 * 4);
			expect(Math.max(...attempts.map(attempt => attempt.attemptNumber))).toBeLessThanOrEqual(4);
			// Nothing was written while Coolify was away.
			expect(await readFile(env.dataPath, 'utf8')).toBe(before);

			await env.simulator.comeUp();
			await vi.waitFor(() => expect(poller.state.lastError).toBeNull(), {timeout: 15_000, interval: 10});
			expect(poller.state).toMatchObject({failingSince: null, paused: false, lastSuccessAt: now});
			const after = await env.store.getRecord(running.id);
			expect(after).toMatchObject({status: 'running', health: 'unknown', deletedAt: null, errorMessage: null, coolifyApplicationId: running.coolifyApplicationId});
		} finally {
			poller.stop();
		}
	});

	it('serves cached logs, marked as cached, while Coolify is down', async () => {
		const env = await start();
		const running = await deployUntil(env.context, 'web');
		const live = await fetchLogs(env.context, running, 'combined');
		expect(live.source).toBe('live');
		await env.simulator.goDown();
		const record = (await env.store.getRecord(running.id))!;
		const cached = await fetchLogs(env.context, record, 'combined');
		expect(cached.source).toBe('cache');
		expect(cached.problem).toMatch(/is unreachable \(ECONNREFUSED\)/);
		expect(cached.lines.join('\n')).toContain('── runtime log (cached');
		expect(cached.lines.length).toBeGreaterThan(5);
	});
});

describe('503 and 500 bursts', () => {
	it('retries a short burst with growing delays and succeeds', async () => {
		const env = await start();
		const delays: number[] = [];
		const {context} = contextWith(env, {
			clientOptions: {
				async sleep(ms) {
					delays.push(ms);
					await sleep(ms);
				},
			},
		});
		const before = routeCount(env, 'GET /applications');
		env.simulator.faults.failNext(3, 503, {only: 'GET /applications'});
		await expect(pollOnce(context)).resolves.toMatchObject({changed: 0});
		expect(routeCount(env, 'GET /applications') - before).toBe(4);
		expect(delays).toHaveLength(3);
		// Full jitter below a doubling ceiling (5, 10, 20 ms here): each delay is at least the previous one.
		expect([...delays].sort((a, b) => a - b)).toEqual(delays);
	});

	it('stops after 3 retries and reports Coolify as unavailable', async () => {
		const env = await start();
		const before = routeCount(env, 'GET /applications');
		env.simulator.faults.failNext(10, 500, {only: 'GET /applications'});
		const error = await pollOnce(env.context).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(CoolifyError);
		expect((error as CoolifyError).message).toMatch(/^Coolify is unavailable \(500 Server Error on GET \/api\/v1\/applications\): it may be restarting; try again shortly$/);
		expect(routeCount(env, 'GET /applications') - before).toBe(4);
	});
});

describe('429 with Retry-After', () => {
	it('waits as long as Coolify says before trying again, and is refused at most once per request in flight', async () => {
		const env = await start({simulator: {rateLimitPerMinute: 6}});
		// The simulator's rate window follows Date.now(); a fake Date lets "wait 60 s" pass at once.
		vi.useFakeTimers({toFake: ['Date']});
		const waits: number[] = [];
		const attemptTimes: number[] = [];
		const {context} = contextWith(env, {
			clientOptions: {
				async sleep(ms) {
					waits.push(ms);
					vi.setSystemTime(Date.now() + ms);
				},
				onAttempt() {
					attemptTimes.push(Date.now());
				},
			},
		});
		env.simulator.requests.length = 0;
		// Six polls of two requests each against a limit of six a minute.
		for (let poll = 0; poll < 6; poll++) {
			await pollOnce(context);
		}

		const refused = env.simulator.requests.filter(request => request.status === 429);
		const answered = env.simulator.requests.filter(request => request.status === 200);
		expect(answered).toHaveLength(12);
		expect(refused.length).toBeGreaterThan(0);
		// Every wait is the server's Retry-After (at most a minute), never a guess of ours.
		expect(waits.length).toBe(refused.length);
		expect(waits.every(ms => ms >= 1000 && ms <= 60_000 && ms % 1000 === 0)).toBe(true);
		// Within any minute no more requests were answered than the instance allows: the client waited.
		for (const [index, time] of attemptTimes.entries()) {
			const inWindow = attemptTimes.filter(other => other >= time && other < time + 60_000).length;
			expect(inWindow, `attempt ${index}`).toBeLessThanOrEqual(6 + 2);
		}
	});
});

describe('malformed and unexpected answers', () => {
	it.each([
		['html', /^Coolify is unavailable \(502 on GET \/api\/v1\/\S+\): it may be restarting/],
		['html-200', /^Coolify sent an unexpected answer to GET \/api\/v1\/\S+ \(an HTML page instead of JSON\): check that coolify\.baseUrl points at Coolify/],
		['truncated', /^Coolify sent an unexpected answer to GET \/api\/v1\/\S+ \(invalid or truncated JSON\)/],
	] as const)('a %s body is one clear error and changes no record', async (mode, message) => {
		const env = await start();
		const running = await deployUntil(env.context, 'web');
		const before = await readFile(env.dataPath, 'utf8');
		env.simulator.faults.malformed = mode;
		const error = await pollOnce(env.context).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(CoolifyError);
		expect((error as Error).message).toMatch(message);
		expect((error as Error).message).not.toContain('\n');
		expect(await readFile(env.dataPath, 'utf8')).toBe(before);
		// Logs fall back to the cache instead of failing.
		const logs = await fetchLogs(env.context, running, 'runtime');
		expect(logs.source).not.toBe('live');
		expect(logs.problem).toMatch(/Coolify/);
		env.simulator.faults.reset();
		await expect(pollOnce(env.context)).resolves.toBeDefined();
	});

	it('keeps an unknown status string visible as it came, and does not crash on it', async () => {
		const env = await start();
		const running = await deployUntil(env.context, 'web');
		env.simulator.control.setApplicationStatus(running.coolifyApplicationId!, 'hibernating:sleepy');
		const record = await pollUntil(env.context, running.id, candidate => candidate.coolifyStatus === 'hibernating:sleepy', 'the unknown status');
		expect(record.status).not.toBe('failed');
		env.simulator.control.setApplicationStatus(running.coolifyApplicationId!, 'running:healthy');
		await pollUntil(env.context, running.id, candidate => candidate.status === 'running', 'running again');
	});
});

describe('401 and 403 in the middle of a session', () => {
	it('pauses polling on a revoked token with one message naming the fix, and resumes on demand', async () => {
		const env = await start();
		await deployUntil(env.context, 'web');
		const {context, attempts} = contextWith(env);
		const poller = new Poller(context, {intervalMs: 10});
		poller.start();
		try {
			await vi.waitFor(() => expect(poller.state.lastSuccessAt).not.toBeNull(), {timeout: 10_000, interval: 10});
			env.simulator.control.revokeToken();
			await vi.waitFor(() => expect(poller.state.paused).toBe(true), {timeout: 10_000, interval: 10});
			expect(poller.state.lastError?.message).toBe(
				'Coolify rejected the API token (401 Unauthenticated.): create a token under Keys & Tokens -> API tokens and set COOLIFY_API_TOKEN',
			);
			expect(poller.state.nextTickAt).toBeNull();
			const attemptsWhenPaused = attempts.length;
			// At 10 ms a poll, this would be ~20 polls if it kept going.
			await sleep(200);
			expect(attempts.length).toBe(attemptsWhenPaused);

			env.simulator.control.restoreToken();
			await poller.pollNow();
			expect(poller.state).toMatchObject({paused: false, lastError: null});
		} finally {
			poller.stop();
		}
	});

	it('names the missing ability when it is removed, and pauses', async () => {
		const env = await start();
		await deployUntil(env.context, 'web');
		const poller = new Poller(env.context, {intervalMs: 10});
		env.simulator.control.setAbilities(['write', 'deploy']);
		await poller.pollNow();
		poller.stop();
		expect(poller.state.paused).toBe(true);
		expect(poller.state.lastError?.message).toMatch(
			/^Coolify refused GET \/api\/v1\/\S+ \(403 Missing required permissions: read\): the token lacks the "read" ability: create a token with read, read:sensitive, write, deploy \(or root\)$/,
		);
	});
});

describe('an application deleted in Coolify behind our back', () => {
	it('marks the record deleted with the reason, and polls it no more', async () => {
		const env = await start();
		const running = await deployUntil(env.context, 'web');
		const uuid = running.coolifyApplicationId!;
		env.simulator.control.deleteApplication(uuid);
		await pollOnce(env.context);
		const record = (await env.store.getRecord(running.id))!;
		expect(record.deletedAt).not.toBeNull();
		expect(record.status).toBe('stopped');
		expect(record.errorMessage).toBe('the application no longer exists in Coolify (deleted outside coolify-tui)');
		env.simulator.requests.length = 0;
		for (let poll = 0; poll < 3; poll++) {
			await pollOnce(env.context);
		}

		expect(env.simulator.requests.length).toBeGreaterThan(0);
		expect(env.simulator.requests.filter(request => request.path.includes(uuid) || JSON.stringify(request.query).includes(uuid))).toEqual([]);
		expect((await env.store.getRecord(running.id))!.updatedAt).toBe(record.updatedAt);
	});

	it('marks a deployment whose application vanished mid-build the same way', async () => {
		const env = await start({simulator: {speed: 20}});
		const created = await createDeployment(env.context, 'web');
		env.simulator.control.deleteApplication(created.coolifyApplicationId!);
		await pollOnce(env.context);
		expect(await env.store.getRecord(created.id)).toMatchObject({status: 'stopped', errorMessage: expect.stringMatching(/no longer exists/)});
	});
});

describe('an action whose outcome is unknown', () => {
	it('a create answered 502 after Coolify made the application does not make a second one', async () => {
		const env = await start();
		env.simulator.faults.failNext(1, 502, {only: 'POST /applications/dockerimage', afterHandling: true});
		const record = await createDeployment(env.context, 'web');
		expect(record.status, record.errorMessage ?? '').toBe('pending');
		const applications = await env.context.client.listOwnApplications();
		expect(applications.map(application => application.uuid)).toEqual([record.coolifyApplicationId]);
		expect(routeCount(env, 'POST /applications/dockerimage')).toBe(1);
	});

	it('a create that timed out after Coolify made the application does not make a second one', async () => {
		const env = await start();
		const {context, attempts} = contextWith(env, {clientOptions: {timeoutMs: 300}});
		// Coolify creates the application, but its answer never arrives: the client times out.
		env.simulator.faults.failNext(1, 504, {only: 'POST /applications/dockerimage', afterHandling: true, noAnswer: true});
		const record = await createDeployment(context, 'web');
		expect(record.status, record.errorMessage ?? '').toBe('pending');
		const applications = await env.context.client.listOwnApplications();
		expect(applications.map(application => application.uuid)).toEqual([record.coolifyApplicationId]);
		expect(attempts.filter(attempt => attempt.method === 'POST' && attempt.path.endsWith('/applications/dockerimage'))).toHaveLength(1);
	});

	it('a create that timed out before Coolify did anything is tried again, once', async () => {
		const env = await start();
		const {context} = contextWith(env, {clientOptions: {timeoutMs: 300}});
		env.simulator.faults.failNext(1, 504, {only: 'POST /applications/dockerimage', noAnswer: true});
		const record = await createDeployment(context, 'web');
		expect(record.status, record.errorMessage ?? '').toBe('pending');
		const applications = await env.context.client.listOwnApplications();
		expect(applications.map(application => application.uuid)).toEqual([record.coolifyApplicationId]);
	});
});
