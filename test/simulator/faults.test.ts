import {describe, expect, it} from 'vitest';
import {ofetch} from 'ofetch';
import {startSimulator} from '../../source/simulator/index.js';
import {appStatus, call, createImageApp, imageBody, useSimulator} from './support.js';

describe('simulator: injected faults', () => {
	const context = useSimulator();

	it('fails the next n API requests with the given status, then recovers', async () => {
		const {sim} = context;
		sim.faults.failNext(2, 500);
		const first = await call(sim, 'GET', '/team');
		expect(first.status).toBe(500);
		expect(first.json).toEqual({message: 'Server Error'});
		expect((await call(sim, 'GET', '/api/health', {token: null})).status).toBe(200);
		expect((await call(sim, 'GET', '/team')).status).toBe(500);
		expect((await call(sim, 'GET', '/team')).status).toBe(200);
	});

	it('limits faults to a route filter', async () => {
		const {sim} = context;
		sim.faults.failNext(1, 503, {only: 'GET /applications'});
		expect((await call(sim, 'GET', '/team')).status).toBe(200);
		const failed = await call(sim, 'GET', '/applications');
		expect(failed.status).toBe(503);
		expect((await call(sim, 'GET', '/applications')).status).toBe(200);
		sim.faults.only = /^POST /;
		sim.faults.malformed = 'html';
		expect((await call(sim, 'GET', '/applications')).status).toBe(200);
		expect((await call(sim, 'POST', '/applications/dockerimage', {body: imageBody(sim)})).status).toBe(502);
	});

	it('can lose the answer after the work was done', async () => {
		const {sim} = context;
		sim.faults.failNext(1, 502, {only: 'POST /applications/dockerimage', afterHandling: true});
		const answer = await call(sim, 'POST', '/applications/dockerimage', {body: imageBody(sim)});
		expect(answer.status).toBe(502);
		expect(answer.text).toBe('Bad Gateway');
		expect((await call(sim, 'GET', '/applications')).json).toHaveLength(1);
	});

	it('fails a deterministic fraction of requests with errorRate', async () => {
		const {sim} = context;
		sim.faults.errorRate = 0.5;
		const statuses = [];
		for (let index = 0; index < 6; index++) {
			statuses.push((await call(sim, 'GET', '/team')).status);
		}

		expect(statuses).toEqual([200, 503, 200, 503, 200, 503]);
		sim.faults.reset();
		expect((await call(sim, 'GET', '/team')).status).toBe(200);
	});

	it('delays answers by latencyMs (real time)', async () => {
		const {sim} = context;
		sim.faults.latencyMs = 30;
		const started = performance.now();
		expect((await call(sim, 'GET', '/team')).status).toBe(200);
		expect(performance.now() - started).toBeGreaterThanOrEqual(25);
	});

	it('hangs until the fault is cleared, then answers', async () => {
		const {sim} = context;
		sim.faults.hang = true;
		let isSettled = false;
		const pending = call(sim, 'GET', '/team').then(answer => {
			isSettled = true;
			return answer;
		});
		await new Promise(resolve => setTimeout(resolve, 30));
		expect(isSettled).toBe(false);
		sim.faults.hang = false;
		expect((await pending).status).toBe(200);
	});

	it('serves broken bodies: an HTML page with 200, or truncated JSON', async () => {
		const {sim} = context;
		sim.faults.malformed = 'html-200';
		const html = await call(sim, 'GET', '/applications');
		expect(html.status).toBe(200);
		expect(html.headers.get('content-type')).toMatch(/^text\/html/);
		expect(html.text).toContain('<!DOCTYPE html>');
		sim.faults.malformed = 'truncated';
		const truncated = await call(sim, 'GET', '/team');
		expect(truncated.status).toBe(200);
		expect(truncated.headers.get('content-type')).toBe('application/json');
		expect(truncated.json).toBeUndefined();
		expect(() => JSON.parse(truncated.text)).toThrow();
	});

	it('sets any status behind the client back, even unknown ones', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		sim.control.setApplicationStatus(uuid, 'paused:weird');
		expect(await appStatus(sim, uuid)).toBe('paused:weird');
		expect(sim.control.getApplicationStatus(uuid)).toBe('paused:weird');
		sim.control.setApplicationStatus(uuid, 'running:unhealthy');
		expect((await call(sim, 'GET', `/applications/${uuid}/logs`)).status).toBe(200);
	});

	it('deletes an application behind the client back: 404 at once', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		sim.control.deleteApplication(uuid);
		expect((await call(sim, 'GET', `/applications/${uuid}`)).status).toBe(404);
		expect(sim.control.getApplicationStatus(uuid)).toBeUndefined();
	});
});

describe('simulator: going down and coming back', () => {
	it('refuses connections while down and keeps its state on the same port', async () => {
		const sim = await startSimulator({clock: 'manual'});
		try {
			const uuid = await createImageApp(sim);
			await sim.goDown();
			expect(sim.isUp).toBe(false);
			const failure = await ofetch(`${sim.baseUrl}/api/health`, {retry: 0}).catch((error: unknown) => error);
			const cause = (failure as {cause?: {cause?: {code?: string}; code?: string}}).cause;
			expect(cause?.cause?.code ?? cause?.code).toBe('ECONNREFUSED');
			await sim.comeUp();
			expect(sim.isUp).toBe(true);
			expect((await call(sim, 'GET', `/applications/${uuid}`)).status).toBe(200);
		} finally {
			await sim.close();
		}
	});

	it('drops hanging requests when it goes down or closes', async () => {
		const sim = await startSimulator({clock: 'manual'});
		sim.faults.hang = true;
		const pending = call(sim, 'GET', '/team').catch((error: unknown) => error);
		await new Promise(resolve => setTimeout(resolve, 20));
		await sim.goDown();
		expect(await pending).toBeInstanceOf(Error);
		await expect.poll(() => sim.requests.at(-1)).toMatchObject({route: '/team', status: 0});
		await sim.close();
	});
});

describe('simulator: rate limit', () => {
	it('answers 429 with an integer Retry-After once the per-minute budget is spent', async () => {
		const sim = await startSimulator({clock: 'manual', rateLimitPerMinute: 3});
		try {
			const statuses = [];
			for (let index = 0; index < 3; index++) {
				const answer = await call(sim, 'GET', '/team');
				statuses.push(answer.status);
				expect(answer.headers.get('x-ratelimit-remaining')).toBe(String(2 - index));
			}

			const limited = await call(sim, 'GET', '/team');
			expect(statuses).toEqual([200, 200, 200]);
			expect(limited.status).toBe(429);
			expect(limited.json).toEqual({message: 'Too Many Attempts.'});
			const retryAfter = limited.headers.get('retry-after');
			expect(retryAfter).toMatch(/^\d+$/);
			expect(Number(retryAfter)).toBeGreaterThan(0);
			expect(Number(retryAfter)).toBeLessThanOrEqual(60);
			// Health has a budget of its own.
			expect((await call(sim, 'GET', '/api/health', {token: null})).status).toBe(200);
			sim.control.setRateLimit(100);
			expect((await call(sim, 'GET', '/team')).status).toBe(200);
		} finally {
			await sim.close();
		}
	});
});
