// The simulated Coolify the benchmark's terminal runs talk to, in a process of its own so that its work
// (rendering a 32 MB build log, answering polls) never delays the bench's own clock or the pty reads.
//
// argv: <bundled lib.mjs> <work folder>. Builds the fixtures, then sends {type: 'ready', ...} over IPC and
// answers {type: 'requests'} with the real (wall-clock) arrival time and route of every request since.
//
// The simulated clock is manual and frozen after set-up: no build, container or status changes by itself,
// so a dashboard watching it has nothing to show but its own polls.
import {chmodSync, copyFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';

const [libPath, folder] = process.argv.slice(2);
const lib = await import(libPath);

const recordCount = 1000;
const hour = 3_600_000;

const sim = await lib.startSimulator({clock: 'manual', rateLimitPerMinute: 1_000_000_000, deploymentQueueLimit: 100_000, token: '1|bench-token'});
const requestTimes = [];
const push = sim.requests.push.bind(sim.requests);
sim.requests.push = (...entries) => {
	for (const entry of entries) {
		requestTimes.push({at: Date.now(), route: `${entry.method} ${entry.route}`});
	}

	return push(...entries);
};

const headers = {authorization: `Bearer ${sim.token}`, 'content-type': 'application/json', accept: 'application/json'};
async function api(method, route, body) {
	const response = await fetch(`${sim.baseUrl}/api/v1${route}`, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
	const text = await response.text();
	if (!response.ok) {
		throw new Error(`simulator ${method} ${route}: ${response.status} ${text.slice(0, 200)}`);
	}

	return JSON.parse(text);
}

const target = {project_uuid: sim.seed.projectUuid, server_uuid: sim.seed.serverUuid, environment_name: sim.seed.environmentName, ports_exposes: '80', instant_deploy: false, tags: ['coolify-tui']};
const pipelines = [
	{id: 'web', name: 'Web (nginx image)', dockerImage: 'nginx:1.27', ports: [{containerPort: 80}], env: {NODE_ENV: 'test', API_KEY: 'bench-secret-api-key'}, secrets: ['API_KEY']},
	{id: 'api', name: 'API (node image)', dockerImage: 'node:20-alpine', ports: [{containerPort: 3000}], env: {LOG_LEVEL: 'debug'}},
	{id: 'worker', name: 'Worker', dockerImage: 'example/worker:1', ports: [{containerPort: 8080}]},
];

const configPath = path.join(folder, 'config.json');
writeFileSync(
	configPath,
	JSON.stringify({
		coolify: {baseUrl: sim.baseUrl, token: sim.token, projectUuid: sim.seed.projectUuid, serverUuid: sim.seed.serverUuid, environmentName: sim.seed.environmentName},
		pollIntervalSeconds: 10,
		// Off: the records are days old, and a sweep would delete them in the middle of a measurement.
		cleanup: {enabled: false},
		pipelines,
	}),
	{mode: 0o600},
);
chmodSync(configPath, 0o600);
const config = lib.parseConfig(JSON.parse(JSON.stringify({coolify: {baseUrl: sim.baseUrl, token: sim.token, projectUuid: sim.seed.projectUuid, serverUuid: sim.seed.serverUuid, environmentName: sim.seed.environmentName}, cleanup: {enabled: false}, pipelines})), {path: configPath, env: {}});

// 1,000 applications, created through the API like coolify-tui creates them: tagged, named after a key,
// with the marker in their description (source/domain/marker.ts), one per record.
const owner = 'bench@machine';
const keyOf = id => `b${id.toString(36).padStart(5, '0')}`;
const setUpAt = Date.now();
const createdAtOf = id => new Date(Math.floor((setUpAt - (recordCount - id) * 40 * 60_000 - 5 * 60_000) / 1000) * 1000).toISOString();
const expiresAt = new Date(Math.floor(setUpAt / 1000) * 1000 + 30 * 24 * hour).toISOString();
const markerOf = (id, pipelineId, key = keyOf(id)) => lib.encodeMarker({key, pipeline: pipelineId, owner, createdAt: createdAtOf(id), expiresAt});
const kinds = [];
const applications = [];
for (let id = 1; id <= recordCount; id++) {
	kinds[id] = id % 5 === 1 ? 'running' : id % 10 === 3 ? 'failed' : 'stopped';
}

for (let first = 1; first <= recordCount; first += 20) {
	const batch = [];
	for (let id = first; id < first + 20 && id <= recordCount; id++) {
		const pipeline = pipelines[id % pipelines.length];
		const [image, tag] = pipeline.dockerImage.split(':');
		batch.push(
			api('POST', '/applications/dockerimage', {...target, name: `${pipeline.id}-test-${keyOf(id)}`, description: markerOf(id, pipeline.id), docker_registry_image_name: image, docker_registry_image_tag: tag}).then(answer => {
				applications[id] = {uuid: answer.uuid, url: answer.domains, pipeline};
			}),
		);
	}

	await Promise.all(batch);
}

// The big one: a Dockerfile of 49,990 steps builds with a 100,015-line log; its container then runs for
// 70 simulated hours (the build takes ~8), one request line every 2 s: a runtime log of over 100,000 lines.
const dockerfile = ['FROM node:20-alpine', ...Array.from({length: 49_990}, (_, index) => `RUN echo step ${index + 1}`)].join('\n');
const bigKey = 'bbig00';
const big = await api('POST', '/applications/dockerfile', {...target, name: `api-test-${bigKey}`, description: markerOf(recordCount, 'api', bigKey), dockerfile: Buffer.from(dockerfile).toString('base64')});
const bigStart = await api('POST', `/applications/${big.uuid}/start`);
// Its twin, left running: the big-log fixture shows its build log's debug lines (`v`).
const twinKey = 'bbig01';
const twin = await api('POST', '/applications/dockerfile', {...target, name: `api-test-${twinKey}`, description: markerOf(recordCount, 'api', twinKey), dockerfile: Buffer.from(dockerfile).toString('base64')});
const twinStart = await api('POST', `/applications/${twin.uuid}/start`);
sim.clock.advance(70 * hour);

for (let id = 1; id <= recordCount; id++) {
	sim.control.setApplicationStatus(applications[id].uuid, kinds[id] === 'running' ? 'running:healthy' : 'exited');
}

const deployments = [];
for (let id = 1; id <= recordCount; id++) {
	const {uuid, url, pipeline} = applications[id];
	const kind = kinds[id];
	// Newest last; spread over the last ~28 days so the AGE column shows hours and days.
	const createdAt = createdAtOf(id);
	deployments.push({
		id,
		pipelineId: pipeline.id,
		coolifyDeploymentId: null,
		coolifyApplicationId: uuid,
		status: kind,
		health: kind === 'running' ? 'healthy' : null,
		applicationName: `${pipeline.id}-test-${keyOf(id)}`,
		key: keyOf(id),
		owner,
		expiresAt,
		origin: 'created',
		dockerImage: pipeline.dockerImage,
		dockerfilePath: null,
		environmentVariables: Object.fromEntries(Object.entries(pipeline.env ?? {}).map(([key, value]) => [key, pipeline.secrets?.includes(key) ? '***' : value])),
		portMappings: pipeline.ports,
		deploymentUrl: url,
		buildLogs: null,
		runtimeLogs: null,
		errorMessage: kind === 'failed' ? 'the build failed: see the build log' : null,
		createdAt,
		updatedAt: createdAt,
		cleanedAt: null,
		deletedAt: null,
		statusHistory: [{status: kind, at: createdAt}],
		...(kind === 'stopped' ? {stoppedByUser: true} : {}),
		deploymentStatus: kind === 'failed' ? 'failed' : 'finished',
	});
}

const typicalPath = path.join(folder, 'typical.json');
writeFileSync(typicalPath, JSON.stringify({schemaVersion: 1, nextId: recordCount + 1, deployments}), {mode: 0o600});

/** Polls until the data file agrees with the simulator, so the dashboard's own polls change nothing. */
async function converge(dataPath) {
	const store = await lib.DeploymentStore.open(dataPath);
	const context = lib.createServiceContext({config, store, owner: {name: owner, source: 'config'}});
	for (let round = 0; round < 5; round++) {
		const {changed} = await lib.pollOnce(context);
		if (changed === 0) {
			return {store, context};
		}
	}

	throw new Error(`fixture ${dataPath} does not settle`);
}

await converge(typicalPath);

/**
 * A copy of the typical data file whose newest record is a big deployment (application `app`, started as
 * `start`), polled once so it sees the build ended (and stores its log, bounded to the last 2,000 lines).
 * Resolves the store, its context and the record.
 */
async function withBigDeployment(dataPath, key, app, start) {
	copyFileSync(typicalPath, dataPath);
	const store = await lib.DeploymentStore.open(dataPath);
	const context = lib.createServiceContext({config, store, owner: {name: owner, source: 'config'}});
	await store.patchRecord(recordCount, {
		pipelineId: 'api',
		applicationName: `api-test-${key}`,
		key,
		coolifyApplicationId: app.uuid,
		coolifyDeploymentId: start.deployment_uuid,
		deploymentUrl: app.domains,
		dockerImage: null,
		dockerfilePath: '/bench/Dockerfile',
		status: 'building',
		deploymentStatus: 'in_progress',
		stoppedByUser: false,
		errorMessage: null,
	});
	await lib.pollOnce(context);
	const record = await store.getRecord(recordCount);
	if (record.status !== 'running') {
		throw new Error(`big deployment fixture ${dataPath}: status ${record.status}`);
	}

	return {store, context, record};
}

// The key-press fixture: the newest record is the big deployment, stopped by its user after its logs were
// read (so the dashboard shows the cached runtime log and fetches the build log once).
const keysPath = path.join(folder, 'keys.json');
{
	const {store, context, record} = await withBigDeployment(keysPath, bigKey, big, bigStart);
	// The dashboard caches what it reads of the container log (bounded, store/log-bounds.ts); ask for the most
	// Coolify sends.
	const runtime = await lib.fetchLogs(context, record, 'runtime', {lines: 10_000});
	if (runtime.lines.length === 0) {
		throw new Error('big deployment fixture: no runtime lines');
	}

	sim.control.setApplicationStatus(big.uuid, 'exited');
	await store.patchRecord(recordCount, {stoppedByUser: true, status: 'stopped', health: null});
}

await converge(keysPath);

// The big-log fixture: its twin, left running: its build log with the hidden lines (`v`) and its container log:
// a log pane of over 100,000 lines.
const bigLogPath = path.join(folder, 'big-log.json');
await withBigDeployment(bigLogPath, twinKey, twin, twinStart);
await converge(bigLogPath);

const counts = {};
for (const record of (await (await lib.DeploymentStore.open(typicalPath)).read()).deployments) {
	counts[record.status] = (counts[record.status] ?? 0) + 1;
}

process.send({
	type: 'ready',
	baseUrl: sim.baseUrl,
	token: sim.token,
	configPath,
	typicalPath,
	keysPath,
	bigLogPath,
	bigLog: {applicationUuid: twin.uuid, deploymentUuid: twinStart.deployment_uuid},
	counts,
	bigBuildLogLines: 100_015,
	setUpAt: Date.now(),
});
process.on('message', message => {
	if (message?.type === 'requests') {
		process.send({type: 'requests', requests: requestTimes.filter(request => request.at >= (message.since ?? 0))});
	} else if (message?.type === 'close') {
		void sim.close().then(() => process.exit(0));
	}
});
