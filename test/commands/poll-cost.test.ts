import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/config.js';
import {createServiceContext, type ServiceContext} from '../../source/services/context.js';
import {createDeployment} from '../../source/services/create-deployment.js';
import {pollOnce} from '../../source/services/poller.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {DeploymentStore} from '../../source/store/index.js';

// What one poll tick (the loop behind `deploy --wait`, `start --wait`, `list` and the dashboard) costs
// in requests to Coolify, with 1, 10 and 50 deployments: it must not grow with them. The simulator's
// clock is manual, so the deployments are exactly where the test puts them.

let sim: Simulator;
let folder: string;
let context: ServiceContext;

beforeAll(async () => {
	sim = await startSimulator({clock: 'manual', rateLimitPerMinute: 1_000_000, deploymentQueueLimit: 1000});
	folder = await mkdtemp(path.join(tmpdir(), 'coolify-tui-poll-cost-'));
	const config = parseConfig(
		{
			coolify: {baseUrl: sim.baseUrl, token: sim.token, projectUuid: sim.seed.projectUuid, serverUuid: sim.seed.serverUuid},
			pipelines: [{id: 'web', dockerImage: 'nginx:1.27', ports: [{containerPort: 80}]}],
		},
		{path: path.join(folder, 'coolify-tui.json'), env: {}},
	);
	const store = await DeploymentStore.open(path.join(folder, 'db.json'));
	context = createServiceContext({config, store});
});

afterAll(async () => {
	await sim?.close();
	await rm(folder, {recursive: true, force: true});
});

/** Requests the simulator received during one `pollOnce`. */
async function requestsOfOneTick(): Promise<number> {
	sim.stats.reset();
	const result = await pollOnce(context);
	expect(result.requests).toBe(sim.stats.total);
	return sim.stats.total;
}

describe('one poll tick', () => {
	it('costs the same few requests with 1, 10 and 50 active deployments', async () => {
		const costs: Array<{deployments: number; inFlight: number; ended: number; settled: number}> = [];
		let created = 0;
		for (const total of [1, 10, 50]) {
			for (; created < total; created++) {
				await createDeployment(context, 'web');
			}

			// Every build queued or in progress: all known from the one list of active deployments.
			await pollOnce(context);
			const inFlight = await requestsOfOneTick();

			// Let every build finish and every container become healthy (2 build slots: 25 rounds of ~15 s).
			sim.clock.advance(60 * 60_000);
			// The tick that sees the builds end needs no more: each new container shows its build finished.
			const ended = await requestsOfOneTick();
			expect(ended).toBe(2);
			const settled = await requestsOfOneTick();
			const records = await context.store.listRecords();
			expect(records).toHaveLength(total);
			expect(records.every(record => record.status === 'running')).toBe(true);
			costs.push({deployments: total, inFlight, ended, settled});
		}

		for (const cost of costs) {
			expect(cost.inFlight).toBeLessThanOrEqual(3);
			expect(cost.settled).toBeLessThanOrEqual(3);
		}

		// Not growing at all: the same count for 1 as for 50.
		expect(new Set(costs.map(cost => cost.inFlight)).size).toBe(1);
		expect(new Set(costs.map(cost => cost.settled)).size).toBe(1);
		console.log(`requests per poll tick: ${costs.map(cost => `${cost.deployments} deployments: ${cost.inFlight} in flight, ${cost.ended} when the new builds end, ${cost.settled} settled`).join('; ')}`);
	}, 60_000);
});

describe('poll ticks every 2 s while 50 builds run', () => {
	it('costs at most 3 requests a tick, whatever ends', async () => {
		const before = (await context.store.listRecords()).length;
		for (let index = 0; index < 50; index++) {
			await createDeployment(context, 'web');
		}

		const perTick: number[] = [];
		let ended = 0;
		for (let tick = 0; tick < 1000; tick++) {
			perTick.push(await requestsOfOneTick());
			const records = await context.store.listRecords();
			ended = records.slice(before).filter(record => record.status === 'running').length;
			if (ended === 50) {
				break;
			}

			sim.clock.advance(2000);
		}

		expect(ended).toBe(50);
		// A build whose new container is starting costs nothing more; any other ending costs one
		// request, and never more than one in a tick.
		expect(Math.max(...perTick)).toBeLessThanOrEqual(3);
		expect(perTick.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(2 * perTick.length + 50);
		console.log(`50 builds over ${perTick.length} ticks: at most ${Math.max(...perTick)} requests in a tick`);
	}, 60_000);
});
