import {describe, expect, it} from 'vitest';
import {startSimulator} from '../../source/simulator/index.js';
import {buildLogEntries, call, createImageApp, startApp, useSimulator} from './support.js';

describe('simulator: health, version and auth', () => {
	const context = useSimulator();

	it('serves health as plain text without auth on both paths', async () => {
		for (const path of ['/api/health', '/api/v1/health']) {
			const answer = await call(context.sim, 'GET', path, {token: null});
			expect(answer.status).toBe(200);
			expect(answer.text).toBe('OK');
			expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
		}
	});

	it('serves the version as plain text without a leading v', async () => {
		const answer = await call(context.sim, 'GET', '/version');
		expect(answer.status).toBe(200);
		expect(answer.text).toBe('4.3.11');
		expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
	});

	it('answers 401 for a missing or wrong token', async () => {
		for (const token of [null, 'nope', `${context.sim.token}x`]) {
			const answer = await call(context.sim, 'GET', '/team', {token});
			expect(answer.status).toBe(401);
			expect(answer.json).toEqual({message: 'Unauthenticated.'});
		}
	});

	it('answers 404 JSON for unknown API routes, even without a token', async () => {
		const answer = await call(context.sim, 'GET', '/nothing-here', {token: null});
		expect(answer.status).toBe(404);
		expect(answer.json.message).toBe('Not found.');
	});

	it('turns every v1 route but health off when the API is disabled', async () => {
		context.sim.control.setApiEnabled(false);
		const answer = await call(context.sim, 'GET', '/team');
		expect(answer.status).toBe(403);
		expect(answer.json).toEqual({success: true, message: 'API is disabled.'});
		expect((await call(context.sim, 'GET', '/api/v1/health', {token: null})).status).toBe(200);
		context.sim.control.setApiEnabled(true);
		expect((await call(context.sim, 'GET', '/team')).status).toBe(200);
	});

	it('answers 401 after the token is revoked', async () => {
		context.sim.control.revokeToken();
		expect((await call(context.sim, 'GET', '/team')).status).toBe(401);
		context.sim.control.restoreToken();
		expect((await call(context.sim, 'GET', '/team')).status).toBe(200);
	});
});

describe('simulator: token abilities', () => {
	const context = useSimulator();

	it('needs read for GET routes; write does not imply read', async () => {
		context.sim.control.setAbilities(['write', 'deploy']);
		const answer = await call(context.sim, 'GET', '/applications');
		expect(answer.status).toBe(403);
		expect(answer.json).toEqual({message: 'Missing required permissions: read'});
		expect((await call(context.sim, 'GET', '/version')).status).toBe(403);
	});

	it('needs write to create, patch, delete and change envs', async () => {
		const uuid = await createImageApp(context.sim);
		context.sim.control.setAbilities(['read', 'deploy']);
		const checks = [
			await call(context.sim, 'POST', '/applications/dockerimage', {body: {}}),
			await call(context.sim, 'PATCH', `/applications/${uuid}`, {body: {name: 'x'}}),
			await call(context.sim, 'DELETE', `/applications/${uuid}`),
			await call(context.sim, 'PATCH', `/applications/${uuid}/envs/bulk`, {body: {data: []}}),
		];
		for (const answer of checks) {
			expect(answer.status).toBe(403);
			expect(answer.json.message).toBe('Missing required permissions: write');
		}
	});

	it('needs deploy to start, stop, restart and cancel', async () => {
		const uuid = await createImageApp(context.sim);
		context.sim.control.setAbilities(['read', 'write']);
		for (const action of ['start', 'stop', 'restart']) {
			const answer = await call(context.sim, 'POST', `/applications/${uuid}/${action}`);
			expect(answer.status).toBe(403);
			expect(answer.json.message).toBe('Missing required permissions: deploy');
		}

		expect((await call(context.sim, 'POST', '/deployments/whatever/cancel')).json.message).toBe('Missing required permissions: deploy');
	});

	it('lets root pass every check and see build logs', async () => {
		context.sim.control.setAbilities(['root']);
		const uuid = await createImageApp(context.sim);
		const started = await startApp(context.sim, uuid);
		context.sim.clock.advance(3000);
		const deployment = (await call(context.sim, 'GET', `/deployments/${started.json.deployment_uuid}`)).json;
		expect(buildLogEntries(deployment).length).toBeGreaterThan(0);
	});

	it('leaves the build logs out silently without read:sensitive', async () => {
		const uuid = await createImageApp(context.sim);
		const started = await startApp(context.sim, uuid);
		context.sim.clock.advance(3000);
		context.sim.control.setAbilities(['read', 'write', 'deploy']);
		const answer = await call(context.sim, 'GET', `/deployments/${started.json.deployment_uuid}`);
		expect(answer.status).toBe(200);
		expect(answer.json).not.toHaveProperty('logs');
		expect(answer.json.status).toBe('in_progress');
	});
});

describe('simulator: base path and addresses', () => {
	it('acts like Coolify behind a reverse-proxy path', async () => {
		const sim = await startSimulator({clock: 'manual', basePath: '/coolify/'});
		try {
			expect(sim.baseUrl).toBe(`http://127.0.0.1:${sim.port}/coolify`);
			expect((await call(sim, 'GET', '/team')).status).toBe(200);
			const outside = await fetch(`http://127.0.0.1:${sim.port}/api/v1/team`, {headers: {authorization: `Bearer ${sim.token}`}});
			expect(outside.status).toBe(404);
			expect(await outside.text()).toBe('404 page not found');
			const root = await call(sim, 'GET', '/');
			expect(root.status).toBe(302);
			expect(root.headers.get('location')).toBe('/coolify/login');
		} finally {
			await sim.close();
		}
	});

	it('uses the given token, port and abilities', async () => {
		const sim = await startSimulator({clock: 'manual', token: '7|fixed-secret', abilities: ['read']});
		try {
			expect(sim.token).toBe('7|fixed-secret');
			expect(sim.baseUrl).toBe(`http://127.0.0.1:${sim.port}`);
			expect((await call(sim, 'GET', '/team')).status).toBe(200);
			expect((await call(sim, 'POST', '/applications/dockerimage', {body: {a: 1}})).status).toBe(403);
		} finally {
			await sim.close();
		}
	});

	it('makes a random <id>|<secret> token by default', async () => {
		const sim = await startSimulator({clock: 'manual'});
		await sim.close();
		expect(sim.token).toMatch(/^\d+\|[A-Za-z\d]{40}$/);
	});
});
