// In-process measurements of the services and the store (bundled from source/ by bundle.mjs): requests per
// poll tick, requests over one deployment's life, and the cost of one data file write.
import {copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {open, rename} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

const dockerfile = `FROM node:20-alpine
WORKDIR /app
RUN npm ci
CMD ["node", "server.js"]
`;

async function openWorld(lib) {
	const sim = await lib.startSimulator({clock: 'manual', rateLimitPerMinute: 1_000_000_000, deploymentQueueLimit: 100_000});
	const folder = mkdtempSync(path.join(tmpdir(), 'coolify-tui-bench-services-'));
	writeFileSync(path.join(folder, 'Dockerfile'), dockerfile);
	const config = lib.parseConfig(
		{
			coolify: {baseUrl: sim.baseUrl, token: sim.token, projectUuid: sim.seed.projectUuid, serverUuid: sim.seed.serverUuid, environmentName: sim.seed.environmentName},
			cleanup: {enabled: false},
			pipelines: [
				{id: 'web', name: 'Web', dockerImage: 'nginx:1.27', ports: [{containerPort: 80}], env: {NODE_ENV: 'test', API_KEY: 'bench-secret'}, secrets: ['API_KEY']},
				{id: 'api', name: 'API', dockerfile: 'Dockerfile', ports: [{containerPort: 3000}], env: {LOG_LEVEL: 'debug'}},
			],
		},
		{path: path.join(folder, 'config.json'), env: {}},
	);
	const store = await lib.DeploymentStore.open(path.join(folder, 'db.json'));
	const context = lib.createServiceContext({config, store});
	return {
		sim,
		store,
		context,
		async close() {
			await sim.close();
			rmSync(folder, {recursive: true, force: true});
		},
	};
}

async function countRequests(sim, work) {
	const before = sim.stats.total;
	const result = await work();
	return {requests: sim.stats.total - before, result};
}

/**
 * With N deployments active (queued or building, the simulated clock frozen): requests per tick of
 * `pollOnce`. Then the clock moves 10 s (the default poll interval) per tick until all N are running:
 * requests per tick over their whole build, which includes one request per build that ended since the
 * last tick.
 */
export async function measureRequestsPerTick(lib, counts) {
	const results = [];
	for (const count of counts) {
		const world = await openWorld(lib);
		try {
			for (let index = 0; index < count; index++) {
				await lib.createDeployment(world.context, 'web');
			}

			await lib.pollOnce(world.context);
			const steady = [];
			for (let tick = 0; tick < 10; tick++) {
				steady.push((await countRequests(world.sim, async () => lib.pollOnce(world.context))).requests);
			}

			const life = [];
			for (let tick = 0; tick < 1000; tick++) {
				world.sim.clock.advance(10_000);
				life.push((await countRequests(world.sim, async () => lib.pollOnce(world.context))).requests);
				const records = await world.store.listRecords();
				if (records.every(record => record.status === 'running')) {
					break;
				}
			}

			results.push({count, steady, life});
		} finally {
			await world.close();
		}
	}

	return results;
}

/**
 * One deployment from `createDeployment` to `running`, the clock moving 2 s per poll tick: all requests
 * minus the 2 every tick makes whatever it watches (so the per-deployment ones made by ticks count).
 */
export async function measureRequestsPerLife(lib) {
	const results = [];
	for (const pipeline of ['web', 'api']) {
		const world = await openWorld(lib);
		try {
			const before = world.sim.stats.total;
			const byRouteBefore = {...world.sim.stats.byRoute};
			const record = await lib.createDeployment(world.context, pipeline);
			let ticks = 0;
			let status = record.status;
			while (status !== 'running' && ticks < 500) {
				world.sim.clock.advance(2000);
				await lib.pollOnce(world.context);
				ticks++;
				status = (await world.store.getRecord(record.id)).status;
			}

			const total = world.sim.stats.total - before;
			const routes = {};
			for (const [route, value] of Object.entries(world.sim.stats.byRoute)) {
				const delta = value - (byRouteBefore[route] ?? 0);
				if (delta > 0) {
					routes[route] = delta;
				}
			}

			results.push({pipeline, status, ticks, total, requests: total - 2 * ticks, routes});
		} finally {
			await world.close();
		}
	}

	return results;
}

/** The floor of a data file write: the same bytes written atomically (temp file, fsync, rename, fsync of the folder). */
async function atomicWrite(filePath, bytes) {
	const tempPath = `${filePath}.tmp`;
	const handle = await open(tempPath, 'w', 0o600);
	try {
		await handle.writeFile(bytes);
		await handle.sync();
	} finally {
		await handle.close();
	}

	await rename(tempPath, filePath);
	const folder = await open(path.dirname(filePath), 'r');
	try {
		await folder.sync();
	} finally {
		await folder.close();
	}
}

/**
 * `patchRecord` on a data file of 1,000 records (the terminal fixture): the time of one changing update
 * (read, change, check, atomic write, under the locks), and whether an update that changes nothing writes.
 */
export async function measureDataFileWrite(lib, fixturePath, writes) {
	const folder = mkdtempSync(path.join(tmpdir(), 'coolify-tui-bench-store-'));
	try {
		const dataPath = path.join(folder, 'db.json');
		copyFileSync(fixturePath, dataPath);
		const store = await lib.DeploymentStore.open(dataPath);
		const times = [];
		const floorTimes = [];
		const floorPath = path.join(folder, 'floor.json');
		for (let index = 0; index < writes + 3; index++) {
			const startedAt = performance.now();
			await store.patchRecord(500 + (index % 10), {errorMessage: `bench write ${index}`});
			const patchedAt = performance.now();
			const bytes = readFileSync(dataPath);
			const floorStartedAt = performance.now();
			await atomicWrite(floorPath, bytes);
			if (index >= 3) {
				times.push(patchedAt - startedAt);
				floorTimes.push(performance.now() - floorStartedAt);
			}
		}

		const record = await store.getRecord(500);
		const writeCount = store.writeCount;
		const before = statSync(dataPath);
		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
		const unchangedTimes = [];
		for (let index = 0; index < 5; index++) {
			const startedAt = performance.now();
			await store.patchRecord(500, {errorMessage: record.errorMessage, status: record.status});
			unchangedTimes.push(performance.now() - startedAt);
		}

		const after = statSync(dataPath);
		return {
			times,
			floorTimes,
			unchangedTimes,
			fileBytes: before.size,
			unchangedWrote: store.writeCount !== writeCount || after.mtimeMs !== before.mtimeMs || after.ino !== before.ino,
		};
	} finally {
		rmSync(folder, {recursive: true, force: true});
	}
}
