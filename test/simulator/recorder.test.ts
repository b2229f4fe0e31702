import {describe, expect, it} from 'vitest';
import {formatSimulatorBanner, startSimulator} from '../../source/simulator/index.js';
import {call, createImageApp, imageBody, useSimulator} from './support.js';

describe('simulator: stats and request log', () => {
	const context = useSimulator();

	it('counts requests by route template and mutating method', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		await call(sim, 'GET', `/applications/${uuid}`);
		await call(sim, 'GET', `/applications/${uuid}`);
		await call(sim, 'GET', '/api/health', {token: null});
		expect(sim.stats.total).toBe(4);
		expect(sim.stats.mutating).toBe(1);
		expect(sim.stats.byRoute).toEqual({
			'POST /applications/dockerimage': 1,
			'GET /applications/{uuid}': 2,
			'GET /health': 1,
		});
		sim.stats.reset();
		expect(sim.stats).toMatchObject({total: 0, mutating: 0, byRoute: {}});
	});

	it('logs method, template, path, query, parsed body and status', async () => {
		const {sim} = context;
		await call(sim, 'POST', '/applications/dockerimage', {body: imageBody(sim)});
		await call(sim, 'GET', '/deployments/applications/abc?skip=0&take=1');
		await call(sim, 'POST', '/applications/dockerimage', {rawBody: 'not json'});
		expect(sim.requests[0]).toMatchObject({method: 'POST', route: '/applications/dockerimage', path: '/api/v1/applications/dockerimage', status: 201});
		expect(sim.requests[0].body).toEqual(imageBody(sim));
		expect(sim.requests[1]).toMatchObject({route: '/deployments/applications/{uuid}', query: {skip: '0', take: '1'}, status: 404, body: undefined});
		expect(sim.requests[2]).toMatchObject({body: 'not json', status: 400});
	});

	it('keeps only the last 2000 requests', async () => {
		const {sim} = context;
		for (let batch = 0; batch < 201; batch++) {
			await Promise.all(Array.from({length: 10}, async () => call(sim, 'GET', '/api/health', {token: null})));
		}

		expect(sim.requests).toHaveLength(2000);
		expect(sim.stats.total).toBe(2010);
	});
});

describe('simulator: clock and banner', () => {
	it('runs a real clock at the given speed', async () => {
		const sim = await startSimulator({speed: 1000});
		try {
			const uuid = await createImageApp(sim);
			await call(sim, 'POST', `/applications/${uuid}/start`);
			await expect.poll(async () => (await call(sim, 'GET', `/applications/${uuid}`)).json.status, {timeout: 5000, interval: 20}).toBe('running:unknown');
		} finally {
			await sim.close();
		}
	});

	it('only moves a manual clock with advance()', async () => {
		const sim = await startSimulator({clock: 'manual'});
		try {
			const before = sim.clock.now();
			await new Promise(resolve => setTimeout(resolve, 10));
			expect(sim.clock.now()).toBe(before);
			sim.clock.advance(1500);
			expect(sim.clock.now()).toBe(before + 1500);
			expect(() => sim.clock.advance(-1)).toThrow(RangeError);
		} finally {
			await sim.close();
		}
	});

	it('prints base URL, token and seed uuids', async () => {
		const sim = await startSimulator({clock: 'manual', basePath: '/coolify'});
		await sim.close();
		const banner = formatSimulatorBanner(sim);
		for (const value of [sim.baseUrl, sim.token, sim.seed.projectUuid, sim.seed.serverUuid, sim.seed.environmentUuid, sim.seed.destinationUuid]) {
			expect(banner).toContain(value);
		}

		expect(JSON.parse(banner.slice(banner.indexOf('{')))).toMatchObject({baseUrl: sim.baseUrl, environmentName: 'production'});
	});
});
