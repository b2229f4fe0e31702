/**
 * Issue 10: the client and services against the simulator playing Coolify as its source shows it,
 * versions 4.3.11, 4.2.0 and 4.1.2.
 */
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {describe, expect, it} from 'vitest';
import {CoolifyClient} from '../../source/coolify/client.js';
import {AnswerTooLargeError, UnexpectedAnswerError, UnreachableError} from '../../source/coolify/errors.js';
import {checkHealth} from '../../source/coolify/health-check.js';
import {createDeployment} from '../../source/services/create-deployment.js';
import {deleteDeployment, stopDeployment} from '../../source/services/deployment-actions.js';
import {parseBuildLogs} from '../../source/services/build-logs.js';
import {pollOnce} from '../../source/services/poller.js';
import {startSimulator} from '../../source/simulator/index.js';
import {record, useServiceEnvironment} from '../services/support.js';

const digest = `sha256:${'d'.repeat(64)}`;

/** A server that answers every request with `body` (status 200, JSON). */
async function fixedAnswer(body: string | (() => AsyncGenerator<string>)): Promise<{baseUrl: string; close: () => Promise<void>}> {
	const server = createServer(async (_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		if (typeof body === 'string') {
			response.end(body);
			return;
		}

		try {
			for await (const chunk of body()) {
				if (!response.write(chunk)) {
					await new Promise(resolve => {
						response.once('drain', resolve);
					});
				}

				if (response.destroyed) {
					return;
				}
			}
		} catch {}

		response.end();
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		close: async () =>
			new Promise<void>(resolve => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** `body` sent in chunks of an odd size, so escapes and keys are cut across chunks. */
function inOddChunks(body: string): () => AsyncGenerator<string> {
	return async function * () {
		for (let at = 0; at < body.length; at += 4093) {
			yield body.slice(at, at + 4093);
		}
	};
}

function clientFor(baseUrl: string, options: {maxAnswerBytes?: number} = {}): CoolifyClient {
	return new CoolifyClient({baseUrl, token: '1|test-token', retry: {retries: 0}, ...options});
}

describe('lists as Coolify sends them', () => {
	const environments = useServiceEnvironment();

	it('reads GET /deployments as an object keyed by position once two or more builds are in flight', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const created = [await createDeployment(context, 'web'), await createDeployment(context, 'web'), await createDeployment(context, 'api')];
		// The raw answer is an object, as DeployController::deployments sends it (coollabsio/coolify#10077).
		const raw = await fetch(`${simulator.baseUrl}/api/v1/deployments`, {headers: {authorization: `Bearer ${simulator.token}`}});
		const body = (await raw.json()) as unknown;
		expect(Array.isArray(body)).toBe(false);
		expect(Object.keys(body as object).sort()).toEqual(['0', '1', '2']);

		const active = await context.client.listActiveDeployments();
		expect(active.map(deployment => deployment.deployment_uuid).sort()).toEqual(created.map(item => item.coolifyDeploymentId).sort());
		// The build logs are skipped as the answer streams in.
		expect(active.every(deployment => deployment.logs === null)).toBe(true);
		expect(await pollOnce(context)).toMatchObject({requests: 2});
		for (const item of created) {
			expect(['pending', 'building']).toContain((await record(environment, item.id)).status);
		}
	});

	it('reads every list as an array or an object of items (fault switch: always objects)', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		simulator.control.setDeploymentListShape('object');
		await createDeployment(context, 'web');
		expect(await context.client.listActiveDeployments()).toHaveLength(1);
		expect((await context.client.listOwnApplications()).length).toBe(1);
	});

	it('names the request and what was expected when a list is not a list', async () => {
		const fake = await fixedAnswer('"surprise"');
		try {
			const error = await clientFor(fake.baseUrl).listActiveDeployments().catch((error_: unknown) => error_);
			expect(error).toBeInstanceOf(UnexpectedAnswerError);
			expect((error as Error).message).toMatch(/^Coolify answered GET \/api\/v1\/deployments with a string; expected a list/);
			const applications = await clientFor(fake.baseUrl).listApplications().catch((error_: unknown) => error_);
			expect((applications as Error).message).toMatch(/^Coolify answered GET \/api\/v1\/applications with a string; expected a list/);
		} finally {
			await fake.close();
		}
	});

	it('names the field when an item has the wrong shape', async () => {
		const fake = await fixedAnswer(JSON.stringify([{deployment_uuid: 'a', status: 7}]));
		try {
			const error = await clientFor(fake.baseUrl).listActiveDeployments().catch((error_: unknown) => error_);
			expect(error).toBeInstanceOf(UnexpectedAnswerError);
			expect((error as Error).message).toMatch(/^Coolify answered GET \/api\/v1\/deployments with an item whose status is a number; expected a string/);
		} finally {
			await fake.close();
		}
	});
});

describe('answers are capped, polls are not failed by long build logs', () => {
	it('fails an endless answer with a clear error once past the cap, without reading on', async () => {
		let sent = 0;
		const fake = await fixedAnswer(async function * () {
			yield '[{"deployment_uuid":"a","status":"queued","application_name":"';
			for (;;) {
				sent += 65_536;
				yield 'x'.repeat(65_536);
			}
		});
		try {
			const error = await clientFor(fake.baseUrl, {maxAnswerBytes: 1024 * 1024}).listApplications().catch((error_: unknown) => error_);
			expect(error).toBeInstanceOf(AnswerTooLargeError);
			expect((error as Error).message).toMatch(/^Coolify's answer to GET \/api\/v1\/applications is larger than 1 MiB/);
			expect(sent).toBeLessThan(64 * 1024 * 1024);
		} finally {
			await fake.close();
		}
	});

	it('skips build logs far past the cap in GET /deployments, so the poll still succeeds', async () => {
		const log = JSON.stringify(Array.from({length: 20_000}, (_, order) => ({command: null, output: `line ${order} "quoted" \\ slash`, type: 'stdout', hidden: false, batch: 1, order})));
		const body = JSON.stringify({1: {deployment_uuid: 'b', status: 'in_progress', logs: log, application_name: 'y'}, 0: {deployment_uuid: 'a', status: 'queued', logs: log, application_name: 'x', nested: {logs: 'kept'}}});
		expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
		const fake = await fixedAnswer(inOddChunks(body));
		try {
			const client = clientFor(fake.baseUrl, {maxAnswerBytes: 1024 * 1024});
			const active = await client.listActiveDeployments();
			expect(active.map(deployment => [deployment.deployment_uuid, deployment.status, deployment.logs]).sort()).toEqual([
				['a', 'queued', null],
				['b', 'in_progress', null],
			]);
			// Only list items' own `logs` go: deeper ones stay.
			expect(active.find(deployment => deployment.deployment_uuid === 'a')!.nested).toEqual({logs: 'kept'});
			// The same answer on another route is not filtered: the cap holds there.
			await expect(client.listApplications()).rejects.toBeInstanceOf(AnswerTooLargeError);
		} finally {
			await fake.close();
		}
	});

	it('reads one deployment with a build log far past the cap, keeping the visible entries as they stream in', async () => {
		// Coolify's shape: `logs` a JSON string of entries, mostly hidden command output, slashes escaped as PHP does.
		const entries = Array.from({length: 20_000}, (_, order) => ({command: order % 100 === 0 ? null : `docker exec x "sh -c 'step ${order}'"`, output: `line ${order} "quoted" \\ http://x/y`, type: 'stdout', timestamp: '2026-12-03T02:29:33.067000Z', hidden: order % 100 !== 0, batch: 1, order}));
		const body = JSON.stringify({deployment_uuid: 'd', status: 'finished', logs: JSON.stringify(entries).replaceAll('/', '\\/'), finished_at: null}).replaceAll('/', '\\/');
		expect(body.length).toBeGreaterThan(4 * 1024 * 1024);
		const fake = await fixedAnswer(inOddChunks(body));
		try {
			const client = clientFor(fake.baseUrl, {maxAnswerBytes: 1024 * 1024});
			const deployment = await client.getDeployment('d', {logEntries: 'visible'});
			expect(deployment.status).toBe('finished');
			expect(parseBuildLogs(deployment.logs).lines).toEqual(parseBuildLogs(JSON.stringify(entries)).lines);
			expect(parseBuildLogs(deployment.logs).lines).toHaveLength(200);
			// Asked for every entry, the answer is held whole: the cap holds.
			await expect(client.getDeployment('d')).rejects.toBeInstanceOf(AnswerTooLargeError);
		} finally {
			await fake.close();
		}
	});
});

describe('stop and delete stick and harm nothing', () => {
	const environments = useServiceEnvironment();

	it('stopping a build in flight cancels it first, so no container comes back when the build would have ended', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const created = await createDeployment(context, 'web');
		simulator.clock.advance(2000);
		await pollOnce(context);
		expect((await record(environment, created.id)).status).toBe('building');
		const start = simulator.requests.length;
		await stopDeployment(context, created.id);
		const mutations = simulator.requests.slice(start).filter(request => request.method !== 'GET');
		expect(mutations.map(request => `${request.method} ${request.route}`)).toEqual(['POST /deployments/{uuid}/cancel', 'POST /applications/{uuid}/stop']);
		expect(mutations[1]!.query).toEqual({docker_cleanup: 'false'});
		simulator.clock.advance(30_000);
		expect(simulator.control.getApplicationStatus(created.coolifyApplicationId!)).toBe('exited:unhealthy');
		expect((await context.client.getDeployment(created.coolifyDeploymentId!)).status).toBe('cancelled-by-user');
		await pollOnce(context);
		expect((await record(environment, created.id)).status).toBe('stopped');
		expect(simulator.control.dockerCleanups).toBe(0);
	});

	it('a stop without cancelling (as Coolify alone does) lets the container start again when the build ends', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const created = await createDeployment(context, 'web');
		simulator.clock.advance(2000);
		await context.client.stopApplication(created.coolifyApplicationId!);
		simulator.clock.advance(30_000);
		expect(simulator.control.getApplicationStatus(created.coolifyApplicationId!)).toMatch(/^running:/);
	});

	it('delete sends docker_cleanup=false and no stop of its own', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const created = await createDeployment(context, 'web');
		simulator.clock.advance(20_000);
		const start = simulator.requests.length;
		await deleteDeployment(context, created.id, {pollMs: 500});
		const mutations = simulator.requests.slice(start).filter(request => request.method !== 'GET');
		expect(mutations.map(request => [request.route, request.query.docker_cleanup])).toEqual([['/applications/{uuid}', 'false']]);
		expect(simulator.control.dockerCleanups).toBe(0);
	});
});

describe('image references whole', () => {
	const environments = useServiceEnvironment();

	it.each([`nginx@${digest}`, `registry.example.com:5000/team/app:1.2@${digest}`])('deploys exactly %s', async reference => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const created = await createDeployment(context, 'web', {dockerImage: reference});
		const sent = simulator.requests.find(request => request.route === '/applications/dockerimage')!;
		expect(sent.body).toMatchObject({docker_registry_image_name: reference});
		expect((sent.body as Record<string, unknown>).docker_registry_image_tag).toBeUndefined();
		const application = await context.client.getApplication(created.coolifyApplicationId!);
		// DockerImageParser: the name keeps `@sha256`, the tag is the digest's hex.
		expect(`${String(application.docker_registry_image_name)}:${String(application.docker_registry_image_tag)}`).toBe(reference);
	});

	it('accepts a Dockerfile with UTF-8 text (Coolify checks UTF-8, not ASCII)', async () => {
		const environment = await environments.start();
		const {writeFile} = await import('node:fs/promises');
		const path = await import('node:path');
		const dockerfile = path.join(environment.folder, 'Dockerfile');
		await writeFile(dockerfile, '# Größe: ünïcødé ✓\nFROM nginx:alpine\n');
		const created = await createDeployment(environment.context, 'web', {dockerfile});
		expect(created.coolifyApplicationId).toEqual(expect.any(String));
		expect(created.status).not.toBe('failed');
	});
});

describe('versions', () => {
	const environments = useServiceEnvironment();

	it.each(['4.1.2', '4.0.0-beta.460'])('refuses to deploy on Coolify %s before creating anything', async version => {
		const environment = await environments.start({simulator: {version}});
		const {context, simulator} = environment;
		const error = await createDeployment(context, 'web').catch((error_: unknown) => error_);
		expect((error as Error).message).toBe(`Coolify ${version} is too old: upgrade Coolify to 4.2.0 or newer: older versions reject application tags`);
		expect(simulator.requests.filter(request => request.method !== 'GET')).toEqual([]);
		expect((await environment.store.read()).deployments).toEqual([]);
		const health = await checkHealth(context.client);
		expect(health).toMatchObject({status: 'degraded', version, message: expect.stringContaining('upgrade Coolify to 4.2.0 or newer')});
	});

	it('4.1.2 really rejects tags with its 422 body', async () => {
		const sim = await startSimulator({clock: 'manual', version: '4.1.2'});
		try {
			const response = await fetch(`${sim.baseUrl}/api/v1/applications/dockerimage`, {
				method: 'POST',
				headers: {authorization: `Bearer ${sim.token}`, 'content-type': 'application/json'},
				body: JSON.stringify({
					project_uuid: sim.seed.projectUuid,
					server_uuid: sim.seed.serverUuid,
					environment_name: sim.seed.environmentName,
					environment_uuid: sim.seed.environmentUuid,
					docker_registry_image_name: 'nginx',
					ports_exposes: '80',
					tags: ['coolify-tui'],
				}),
			});
			expect(response.status).toBe(422);
			expect(await response.json()).toEqual({message: 'Validation failed.', errors: {tags: ['This field is not allowed.']}});
			// No /team before 4.3.0 (the catch-all answers), /teams/current instead; no destinations routes before 4.2.0.
			const team = await fetch(`${sim.baseUrl}/api/v1/team`, {headers: {authorization: `Bearer ${sim.token}`}});
			expect([team.status, await team.json()]).toEqual([404, {message: 'Not found.', docs: 'https://coolify.io/docs'}]);
			const current = await fetch(`${sim.baseUrl}/api/v1/teams/current`, {headers: {authorization: `Bearer ${sim.token}`}});
			expect(current.status).toBe(200);
			const destinations = await fetch(`${sim.baseUrl}/api/v1/servers/${sim.seed.serverUuid}/destinations`, {headers: {authorization: `Bearer ${sim.token}`}});
			expect(destinations.status).toBe(404);
		} finally {
			await sim.close();
		}
	});

	it('deploys on 4.2.0, where /team is still missing', async () => {
		const environment = await environments.start({simulator: {version: '4.2.0'}});
		const created = await createDeployment(environment.context, 'web');
		expect(created.coolifyApplicationId).toEqual(expect.any(String));
		expect((await checkHealth(environment.context.client)).status).toBe('healthy');
	});

	it('build logs are listed without read:sensitive on 4.1.2, hidden on 4.2.0 and later', async () => {
		for (const [version, shown] of [['4.1.2', true], ['4.3.11', false]] as const) {
			const sim = await startSimulator({clock: 'manual', version, abilities: ['read', 'write', 'deploy']});
			try {
				const client = new CoolifyClient({baseUrl: sim.baseUrl, token: sim.token});
				const created = await fetch(`${sim.baseUrl}/api/v1/applications/dockerimage`, {
					method: 'POST',
					headers: {authorization: `Bearer ${sim.token}`, 'content-type': 'application/json'},
					body: JSON.stringify({
						project_uuid: sim.seed.projectUuid,
						server_uuid: sim.seed.serverUuid,
						environment_name: sim.seed.environmentName,
						environment_uuid: sim.seed.environmentUuid,
						docker_registry_image_name: 'nginx',
						ports_exposes: '80',
						instant_deploy: true,
					}),
				});
				const {uuid} = (await created.json()) as {uuid: string};
				const page = await client.listApplicationDeployments(uuid);
				const deployment = await client.getDeployment(page.deployments[0]!.deployment_uuid);
				expect('logs' in deployment).toBe(shown);
			} finally {
				await sim.close();
			}
		}
	});
});

describe('no such route, or gone', () => {
	it('tells the catch-all 404 from a controller 404', async () => {
		const sim = await startSimulator({clock: 'manual', version: '4.1.2'});
		try {
			const client = new CoolifyClient({baseUrl: sim.baseUrl, token: sim.token});
			const missing = await client.listServerDestinations(sim.seed.serverUuid).catch((error: unknown) => error);
			expect(missing).toMatchObject({isMissingRoute: true});
			const gone = await client.getApplication('no-such-application').catch((error: unknown) => error);
			expect(gone).toMatchObject({isMissingRoute: false, serverMessage: 'Application not found.'});
			expect(await client.findApplication('no-such-application')).toBeUndefined();
		} finally {
			await sim.close();
		}
	});

	it('does not retry forever on a server that is down (sanity of the typed errors)', async () => {
		const client = clientFor('http://127.0.0.1:9');
		await expect(client.listActiveDeployments()).rejects.toBeInstanceOf(UnreachableError);
	});
});

describe('simulator --state keeps its world across restarts', () => {
	it('keeps the token, uuids and applications', async () => {
		const {mkdtemp, rm} = await import('node:fs/promises');
		const {tmpdir} = await import('node:os');
		const path = await import('node:path');
		const folder = await mkdtemp(path.join(tmpdir(), 'coolify-tui-sim-state-'));
		const stateFile = path.join(folder, 'world.json');
		try {
			const first = await startSimulator({clock: 'manual', stateFile});
			const client = new CoolifyClient({baseUrl: first.baseUrl, token: first.token});
			const response = await fetch(`${first.baseUrl}/api/v1/applications/dockerimage`, {
				method: 'POST',
				headers: {authorization: `Bearer ${first.token}`, 'content-type': 'application/json'},
				body: JSON.stringify({project_uuid: first.seed.projectUuid, server_uuid: first.seed.serverUuid, environment_name: first.seed.environmentName, environment_uuid: first.seed.environmentUuid, docker_registry_image_name: 'nginx', ports_exposes: '80', description: 'kept as written'}),
			});
			const {uuid} = (await response.json()) as {uuid: string};
			expect((await client.getApplication(uuid)).description).toBe('kept as written');
			await first.close();

			const second = await startSimulator({clock: 'manual', stateFile, version: '4.2.0'});
			try {
				expect(second.token).toBe(first.token);
				expect(second.seed).toEqual(first.seed);
				const again = new CoolifyClient({baseUrl: second.baseUrl, token: second.token});
				expect((await again.getApplication(uuid)).description).toBe('kept as written');
				expect(await again.version()).toBe('4.2.0');
			} finally {
				await second.close();
			}
		} finally {
			await rm(folder, {recursive: true, force: true});
		}
	});
});
