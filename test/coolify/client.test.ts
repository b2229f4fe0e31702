import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {CoolifyClient, type CoolifyClientOptions} from '../../source/coolify/client.js';
import {
	BadRequestError,
	CoolifyError,
	ForbiddenError,
	NotFoundError,
	RateLimitError,
	UnauthorizedError,
	UnreachableError,
	ValidationError,
} from '../../source/coolify/errors.js';
import {checkHealth} from '../../source/coolify/health-check.js';
import type {CreateDockerImageApplicationRequest} from '../../source/coolify/types.js';
import {splitImageReference} from '../../source/services/create-deployment.js';
import {startSimulator, type Simulator, type SimulatorOptions} from '../../source/simulator/index.js';

// The client against the simulator, one operation at a time. Retry timing lives in transport.test.ts;
// here the retry delays are recorded instead of slept, and attempts are counted by the simulator.

const dockerfileText = 'FROM node:20-alpine\nWORKDIR /app\nEXPOSE 3000\nCMD ["node", "server.js"]\n';

/** Every error message any test produced: none may contain the token or its secret half. */
const errorMessages: Array<{label: string; message: string; token: string}> = [];

type Harness = {sim: Simulator; client: CoolifyClient; delays: number[]; attempts: string[]};

async function harness(options: SimulatorOptions = {}, clientOptions: Partial<CoolifyClientOptions> = {}): Promise<Harness> {
	const sim = await startSimulator({clock: 'manual', ...options});
	const delays: number[] = [];
	const attempts: string[] = [];
	const client = new CoolifyClient({
		baseUrl: sim.baseUrl,
		token: sim.token,
		timeoutMs: 5000,
		retry: {minDelayMs: 1, maxDelayMs: 5},
		async sleep(ms) {
			delays.push(ms);
		},
		onAttempt: attempt => attempts.push(`${attempt.method} ${attempt.path}`),
		...clientOptions,
	});
	return {sim, client, delays, attempts};
}

/** Awaits a rejection, records its message for the token check, and checks it at once too. */
async function failure<T extends Error = CoolifyError>(label: string, token: string, promise: Promise<unknown>): Promise<T> {
	const error = await promise.then(
		value => {
			throw new Error(`${label}: expected a rejection, got ${JSON.stringify(value)}`);
		},
		(error_: unknown) => error_ as T,
	);
	expect(error).toBeInstanceOf(Error);
	errorMessages.push({label, message: error.message, token});
	expectNoToken(error.message, token);
	return error;
}

function expectNoToken(text: string, token: string) {
	const secretHalf = token.split('|')[1]!;
	expect(text).not.toContain(token);
	expect(text).not.toContain(secretHalf);
}

function imageRequest(sim: Simulator, overrides: Partial<CreateDockerImageApplicationRequest> = {}): CreateDockerImageApplicationRequest {
	return {
		project_uuid: sim.seed.projectUuid,
		server_uuid: sim.seed.serverUuid,
		environment_name: sim.seed.environmentName,
		environment_uuid: sim.seed.environmentUuid,
		docker_registry_image_name: 'nginx',
		docker_registry_image_tag: '1.27',
		ports_exposes: '80',
		instant_deploy: false,
		...overrides,
	};
}

/** Runs the deployment through queue, build and container start. */
function runToRunning(sim: Simulator) {
	sim.clock.advance(20_000);
}

let h: Harness;

afterEach(async () => {
	await h?.sim.close();
	h = undefined as unknown as Harness;
});

describe('CoolifyClient: discovery', () => {
	beforeEach(async () => {
		h = await harness();
	});

	it('reads health and version as plain text', async () => {
		expect(await h.client.health()).toBe('OK');
		expect(await h.client.version()).toBe('4.3.11');
		expect(h.sim.requests.map(request => `${request.method} ${request.path}`)).toEqual(['GET /api/health', 'GET /api/v1/version']);
	});

	it('drops a leading v from a version and keeps pre-release suffixes', async () => {
		const other = await harness({version: 'v4.0.0-beta.420'});
		try {
			expect(await other.client.version()).toBe('4.0.0-beta.420');
		} finally {
			await other.sim.close();
		}
	});

	it('reads the team, projects, a project, its environments and one environment by name or uuid', async () => {
		const {client, sim} = h;
		const team = await client.team();
		expect(team).toMatchObject({id: sim.seed.teamId, name: expect.any(String)});

		const projects = await client.listProjects();
		expect(projects.map(project => project.uuid)).toContain(sim.seed.projectUuid);

		const project = await client.getProject(sim.seed.projectUuid);
		expect(project.uuid).toBe(sim.seed.projectUuid);
		expect(project.environments?.map(environment => environment.name)).toContain(sim.seed.environmentName);

		const environments = await client.listEnvironments(sim.seed.projectUuid);
		expect(environments).toContainEqual(expect.objectContaining({uuid: sim.seed.environmentUuid, name: sim.seed.environmentName}));

		const byName = await client.getEnvironment(sim.seed.projectUuid, sim.seed.environmentName);
		expect(byName.uuid).toBe(sim.seed.environmentUuid);
		const byUuid = await client.getEnvironment(sim.seed.projectUuid, sim.seed.environmentUuid);
		expect(byUuid.name).toBe(sim.seed.environmentName);
	});

	it('reads servers, one server and its destinations', async () => {
		const {client, sim} = h;
		const servers = await client.listServers();
		expect(servers.map(server => server.uuid)).toContain(sim.seed.serverUuid);
		const server = await client.getServer(sim.seed.serverUuid);
		expect(server).toMatchObject({uuid: sim.seed.serverUuid, name: expect.any(String)});
		const destinations = await client.listServerDestinations(sim.seed.serverUuid);
		expect(destinations).toEqual([expect.objectContaining({uuid: sim.seed.destinationUuid, network: expect.any(String)})]);

		const second = sim.control.addDestination(sim.seed.serverUuid, {name: 'second'});
		expect((await client.listServerDestinations(sim.seed.serverUuid)).map(destination => destination.uuid)).toEqual([sim.seed.destinationUuid, second]);
	});
});

describe('CoolifyClient: applications', () => {
	beforeEach(async () => {
		h = await harness();
	});

	it('lists applications with and without the tag filter', async () => {
		const {client, sim} = h;
		const ours = await client.createDockerImageApplication(imageRequest(sim, {name: 'ours'}));
		// An application someone else made, without our tag.
		const response = await fetch(`${sim.baseUrl}/api/v1/applications/dockerimage`, {
			method: 'POST',
			headers: {authorization: `Bearer ${sim.token}`, 'content-type': 'application/json', accept: 'application/json'},
			body: JSON.stringify({...imageRequest(sim, {name: 'theirs'}), tags: undefined}),
		});
		expect(response.status).toBe(201);
		const theirs = ((await response.json()) as {uuid: string}).uuid;

		const all = await client.listApplications();
		expect(all.map(application => application.uuid).sort()).toEqual([ours.uuid, theirs].sort());
		const tagged = await client.listApplications({tag: 'coolify-tui'});
		expect(tagged.map(application => application.uuid)).toEqual([ours.uuid]);
		expect((await client.listOwnApplications()).map(application => application.uuid)).toEqual([ours.uuid]);

		const lists = sim.requests.filter(request => request.route === '/applications' && request.method === 'GET');
		expect(lists.map(request => request.query)).toEqual([{}, {tag: 'coolify-tui'}, {tag: 'coolify-tui'}]);
	});

	it('answers a list polled again with unchanged bytes with the same frozen value, and a changed list anew', async () => {
		const {client, sim} = h;
		const ours = await client.createDockerImageApplication(imageRequest(sim, {name: 'polled'}));
		const first = await client.listOwnApplications();
		const second = await client.listOwnApplications();
		// Each poll still asks Coolify; only the checking of an unchanged answer is skipped.
		expect(sim.requests.filter(request => request.route === '/applications' && request.method === 'GET')).toHaveLength(2);
		expect(second).toBe(first);
		expect(Object.isFrozen(second)).toBe(true);
		expect(Object.isFrozen(second[0])).toBe(true);

		sim.control.setApplicationStatus(ours.uuid!, 'running:healthy');
		const third = await client.listOwnApplications();
		expect(third).not.toBe(first);
		expect(third.map(application => application.status)).toEqual(['running:healthy']);
		// The unfiltered list is another request: never answered with the tagged one.
		expect(await client.listApplications()).not.toBe(third);
	});

	it('lets go of an answer held as bytes and equal to the last, and says so, for every such poll and no other', async () => {
		await h.sim.close();
		let unchanged = 0;
		h = await harness({}, {afterUnchangedAnswer: () => unchanged++});
		const {client, sim} = h;
		const ours = await client.createDockerImageApplication(imageRequest(sim, {name: 'polled'}));
		sim.control.setApplicationStatus(ours.uuid!, 'running:healthy');
		const first = await client.listOwnApplications();
		expect(unchanged).toBe(0);
		expect(await client.listOwnApplications()).toBe(first);
		expect(unchanged).toBe(1);

		// As long as before, other bytes: seen as a change.
		sim.control.setApplicationStatus(ours.uuid!, 'running:unknown');
		const changed = await client.listOwnApplications();
		expect(unchanged).toBe(1);
		expect(changed.map(application => application.status)).toEqual(['running:unknown']);
		await client.listOwnApplications();
		expect(unchanged).toBe(2);

		// Deployments are thinned as they come (their logs dropped): nothing was held, nothing to let go.
		expect(await client.listActiveDeployments()).toBe(await client.listActiveDeployments());
		expect(unchanged).toBe(2);
	});

	it('creates from an image split into name and tag, tagged coolify-tui, and reads it back', async () => {
		const {client, sim} = h;
		const image = splitImageReference('ghcr.io/acme/web:2.1');
		const created = await client.createDockerImageApplication(
			imageRequest(sim, {name: 'web-test', docker_registry_image_name: image.name, docker_registry_image_tag: image.tag, tags: ['qa']}),
		);
		expect(created.uuid).toEqual(expect.any(String));
		expect(created.domains).toBe(`http://${created.uuid}.127.0.0.1.sslip.io`);

		const sent = sim.requests.find(request => request.route === '/applications/dockerimage')!;
		expect(sent.body).toMatchObject({docker_registry_image_name: 'ghcr.io/acme/web', docker_registry_image_tag: '2.1', tags: ['qa', 'coolify-tui']});
		expect(sent.body).toMatchObject({environment_name: sim.seed.environmentName, environment_uuid: sim.seed.environmentUuid, ports_exposes: '80'});

		const application = await client.getApplication(created.uuid!);
		expect(application).toMatchObject({
			uuid: created.uuid,
			name: 'web-test',
			build_pack: 'dockerimage',
			docker_registry_image_name: 'ghcr.io/acme/web',
			docker_registry_image_tag: '2.1',
			ports_exposes: '80',
			// The column default `exited` read through Application::status's getter.
			status: 'exited:unhealthy',
		});
	});

	it('creates from a Dockerfile sent as base64, then puts back the port the server overwrote with 80', async () => {
		const {client, sim} = h;
		const created = await client.createDockerfileApplication({
			project_uuid: sim.seed.projectUuid,
			server_uuid: sim.seed.serverUuid,
			environment_name: sim.seed.environmentName,
			environment_uuid: sim.seed.environmentUuid,
			name: 'api-test',
			ports_exposes: '3000',
			instant_deploy: false,
			dockerfileText,
		});
		const sent = sim.requests.find(request => request.route === '/applications/dockerfile')!;
		const body = sent.body as Record<string, unknown>;
		expect(body).not.toHaveProperty('dockerfileText');
		expect(body.dockerfile).toBe(Buffer.from(dockerfileText, 'utf8').toString('base64'));
		expect(body.tags).toEqual(['coolify-tui']);

		const uuid = created.uuid!;
		const before = await client.getApplication(uuid);
		expect(before).toMatchObject({build_pack: 'dockerfile', ports_exposes: '80', dockerfile: dockerfileText});

		expect(await client.updateApplication(uuid, {ports_exposes: '3000'})).toEqual({uuid});
		expect((await client.getApplication(uuid)).ports_exposes).toBe('3000');
	});

	it('updates an application partially', async () => {
		const {client, sim} = h;
		const {uuid} = await client.createDockerImageApplication(imageRequest(sim));
		await client.updateApplication(uuid!, {
			name: 'renamed',
			description: 'changed',
			domains: 'https://renamed.example.com',
			ports_mappings: '8081:80',
			docker_registry_image_tag: '1.28',
		});
		expect(await client.getApplication(uuid!)).toMatchObject({
			name: 'renamed',
			description: 'changed',
			fqdn: 'https://renamed.example.com',
			ports_mappings: '8081:80',
			docker_registry_image_name: 'nginx',
			docker_registry_image_tag: '1.28',
		});
	});

	it('upserts environment variables in bulk and lists them', async () => {
		const {client, sim} = h;
		const {uuid} = await client.createDockerImageApplication(imageRequest(sim));
		const first = await client.upsertEnvironmentVariables(uuid!, [
			{key: 'NODE_ENV', value: 'test', is_preview: false},
			{key: 'API_KEY', value: 'abc123', is_preview: false},
		]);
		expect(first.map(env => env.key).sort()).toEqual(['API_KEY', 'NODE_ENV']);

		// Upsert: one updated, one added, none deleted.
		await client.upsertEnvironmentVariables(uuid!, [
			{key: 'NODE_ENV', value: 'production', is_preview: false},
			{key: 'EXTRA', value: 'yes', is_preview: false},
		]);
		const listed = await client.listEnvironmentVariables(uuid!);
		const values = Object.fromEntries(listed.map(env => [env.key, env.value]));
		expect(values).toEqual({NODE_ENV: 'production', API_KEY: 'abc123', EXTRA: 'yes'});
		expect(listed.every(env => env.is_preview === false)).toBe(true);
	});
});

describe('CoolifyClient: lifecycle', () => {
	beforeEach(async () => {
		h = await harness();
	});

	it('starts with a deployment uuid; a second start while queued answers "already queued" without one, unless forced', async () => {
		const {client, sim} = h;
		const {uuid} = await client.createDockerImageApplication(imageRequest(sim));
		const started = await client.startApplication(uuid!);
		expect(started).toEqual({message: 'Deployment request queued.', deployment_uuid: expect.any(String)});

		const again = await client.startApplication(uuid!);
		expect(again).toEqual({message: 'Deployment already queued for this commit.'});
		expect(again.deployment_uuid).toBeUndefined();

		// The fallback for the missing uuid: the application's newest deployment.
		const latest = await client.latestDeployment(uuid!);
		expect(latest?.deployment_uuid).toBe(started.deployment_uuid);
		expect(sim.requests.at(-1)).toMatchObject({route: '/deployments/applications/{uuid}', query: {take: '1'}});

		// `force` (force_rebuild) bypasses the skip (queue_application_deployment), and so does instant_deploy.
		const forced = await client.startApplication(uuid!, {force: true});
		expect(forced).toEqual({message: 'Deployment request queued.', deployment_uuid: expect.any(String)});
		expect(sim.requests.at(-1)!.query).toEqual({force: 'true'});
		const instant = await client.startApplication(uuid!, {instantDeploy: true});
		expect(instant.deployment_uuid).toEqual(expect.any(String));
		expect(new Set([started.deployment_uuid, forced.deployment_uuid, instant.deployment_uuid]).size).toBe(3);
	});

	it('has no latest deployment for an application never started', async () => {
		const {client, sim} = h;
		const {uuid} = await client.createDockerImageApplication(imageRequest(sim));
		expect(await client.latestDeployment(uuid!)).toBeUndefined();
	});

	it('restarts a running application as a restart-only deployment', async () => {
		const {client, sim} = h;
		const {uuid} = await client.createDockerImageApplication(imageRequest(sim));
		await client.startApplication(uuid!);
		runToRunning(sim);
		// No health check configured: Coolify reads the health as unknown.
		expect((await client.getApplication(uuid!)).status).toBe('running:unknown');
		const restarted = await client.restartApplication(uuid!);
		expect(restarted).toEqual({message: 'Restart request queued.', deployment_uuid: expect.any(String)});
		expect(await client.getDeployment(restarted.deployment_uuid!)).toMatchObject({restart_only: true, status: 'queued'});
	});

	it('stops: queued by Coolify, so the status catches up later', async () => {
		const {client, sim} = h;
		const {uuid} = await client.createDockerImageApplication(imageRequest(sim));
		await client.startApplication(uuid!);
		runToRunning(sim);
		expect(await client.stopApplication(uuid!, {dockerCleanup: false})).toEqual({message: 'Application stopping request queued.'});
		expect(sim.requests.at(-1)!.query).toEqual({docker_cleanup: 'false'});
		expect((await client.getApplication(uuid!)).status).toBe('running:unknown');
		sim.clock.advance(1000);
		expect((await client.getApplication(uuid!)).status).toBe('exited:unhealthy');
		expect(sim.control.dockerCleanups).toBe(0);
		// Without the flag Coolify's default (true) cleans the whole server; our client sends false by default.
		await client.stopApplication(uuid!);
		expect(sim.requests.at(-1)!.query).toEqual({docker_cleanup: 'false'});
		expect(sim.control.dockerCleanups).toBe(0);
	});

	it('deletes: queued, still there at first, then 404 and findApplication resolves undefined', async () => {
		const {client, sim} = h;
		const {uuid} = await client.createDockerImageApplication(imageRequest(sim));
		expect(await client.deleteApplication(uuid!, {deleteVolumes: true})).toEqual({message: 'Application deletion request queued.'});
		expect(sim.requests.at(-1)!.query).toEqual({delete_volumes: 'true', docker_cleanup: 'false'});
		// DeleteResourceJob stops it itself: never a `removing` status, just there and then gone.
		expect((await client.findApplication(uuid!))?.status).toBe('exited:unhealthy');
		expect(sim.control.dockerCleanups).toBe(0);

		sim.clock.advance(2000);
		const error = await failure<NotFoundError>('get deleted application', sim.token, client.getApplication(uuid!));
		expect(error).toBeInstanceOf(NotFoundError);
		expect(error.message).toBe(`Application not found (404 on GET /api/v1/applications/${uuid})`);
		expect(await client.findApplication(uuid!)).toBeUndefined();
	});

	it('reads runtime logs while running, and a BadRequestError "Application is not running." when stopped', async () => {
		const {client, sim} = h;
		const {uuid} = await client.createDockerImageApplication(imageRequest(sim));
		await client.upsertEnvironmentVariables(uuid!, [{key: 'GREETING', value: 'hello', is_preview: false}]);
		const stopped = await failure<BadRequestError>('logs of a stopped application', sim.token, client.applicationLogs(uuid!));
		expect(stopped).toBeInstanceOf(BadRequestError);
		expect(stopped.status).toBe(400);
		expect(stopped.serverMessage).toBe('Application is not running.');

		await client.startApplication(uuid!);
		runToRunning(sim);
		const logs = await client.applicationLogs(uuid!, {lines: 100});
		expect(logs).toContain('GREETING=hello');
		expect(sim.requests.at(-1)!.query).toEqual({lines: '100'});

		sim.clock.advance(60_000);
		const tail = await client.applicationLogs(uuid!, {lines: 3, showTimestamps: true});
		expect(tail.split('\n')).toHaveLength(3);
		expect(sim.requests.at(-1)!.query).toEqual({lines: '3', show_timestamps: 'true'});
	});

	it('reads one deployment whose logs field is a JSON-encoded string', async () => {
		const {client, sim} = h;
		const {uuid} = await client.createDockerImageApplication(imageRequest(sim));
		const {deployment_uuid: id} = await client.startApplication(uuid!);
		const queued = await client.getDeployment(id!);
		expect(queued).toMatchObject({deployment_uuid: id, status: 'queued', logs: null});

		runToRunning(sim);
		const finished = await client.getDeployment(id!);
		expect(finished.status).toBe('finished');
		expect(finished.finished_at).toEqual(expect.any(String));
		expect(typeof finished.logs).toBe('string');
		const entries = JSON.parse(finished.logs!) as Array<{order?: number; output: string}>;
		expect(entries.length).toBeGreaterThan(5);
		expect(entries[0]).not.toHaveProperty('order');
		expect(entries[1]!.order).toBe(2);
	});

	it('pages an application history as {count, deployments}, newest first', async () => {
		const {client, sim} = h;
		const {uuid} = await client.createDockerImageApplication(imageRequest(sim));
		const ids: string[] = [];
		for (let index = 0; index < 3; index++) {
			ids.push((await client.startApplication(uuid!)).deployment_uuid!);
			runToRunning(sim);
		}

		const page = await client.listApplicationDeployments(uuid!);
		expect(page.count).toBe(3);
		expect(page.deployments.map(deployment => deployment.deployment_uuid)).toEqual([...ids].reverse());
		const second = await client.listApplicationDeployments(uuid!, {skip: 1, take: 1});
		expect(second).toEqual({count: 3, deployments: [expect.objectContaining({deployment_uuid: ids[1]})]});
		expect(sim.requests.at(-1)!.query).toEqual({skip: '1', take: '1'});
	});

	it('lists only queued and in-progress deployments as active', async () => {
		const {client, sim} = h;
		const done = (await client.createDockerImageApplication(imageRequest(sim, {name: 'done'}))).uuid!;
		const building = (await client.createDockerImageApplication(imageRequest(sim, {name: 'building'}))).uuid!;
		const waiting = (await client.createDockerImageApplication(imageRequest(sim, {name: 'waiting'}))).uuid!;
		await client.startApplication(done);
		runToRunning(sim);
		const buildingId = (await client.startApplication(building)).deployment_uuid;
		sim.clock.advance(1500);
		const waitingId = (await client.startApplication(waiting)).deployment_uuid;

		const active = await client.listActiveDeployments();
		expect(active.map(deployment => [deployment.deployment_uuid, deployment.status]).sort()).toEqual(
			[
				[buildingId, 'in_progress'],
				[waitingId, 'queued'],
			].sort(),
		);
	});

	it('cancels a deployment once; a second cancel is a 400', async () => {
		const {client, sim} = h;
		const {uuid} = await client.createDockerImageApplication(imageRequest(sim));
		const {deployment_uuid: id} = await client.startApplication(uuid!);
		sim.clock.advance(2000);
		expect(await client.cancelDeployment(id!)).toEqual({message: 'Deployment cancelled successfully.', deployment_uuid: id, status: 'cancelled-by-user'});
		const again = await failure<BadRequestError>('second cancel', sim.token, client.cancelDeployment(id!));
		expect(again).toBeInstanceOf(BadRequestError);
		expect(again.status).toBe(400);
		expect(again.serverMessage).toBe('Deployment cannot be cancelled. Current status: cancelled-by-user');
		expect((await client.getDeployment(id!)).status).toBe('cancelled-by-user');
	});
});

describe('CoolifyClient: errors from the server', () => {
	beforeEach(async () => {
		h = await harness();
	});

	it('401 once the token is revoked, without retrying', async () => {
		const {client, sim} = h;
		sim.control.revokeToken();
		const error = await failure<UnauthorizedError>('revoked token', sim.token, client.team());
		expect(error).toBeInstanceOf(UnauthorizedError);
		expect(error.status).toBe(401);
		expect(error.message).toContain('401 Unauthenticated.');
		expect(error.message).toContain('COOLIFY_API_TOKEN');
		expect(sim.stats.byRoute['GET /team']).toBe(1);
		// Health needs no token.
		expect(await client.health()).toBe('OK');
		sim.control.restoreToken();
		await expect(client.team()).resolves.toMatchObject({id: sim.seed.teamId});
	});

	it('403 names the missing ability', async () => {
		const {client, sim} = h;
		const {uuid} = await client.createDockerImageApplication(imageRequest(sim));
		sim.control.setAbilities(['read']);
		await expect(client.getApplication(uuid!)).resolves.toMatchObject({uuid});

		const deploy = await failure<ForbiddenError>('missing deploy', sim.token, client.startApplication(uuid!));
		expect(deploy).toBeInstanceOf(ForbiddenError);
		expect(deploy.kind).toBe('forbidden');
		expect(deploy.ability).toBe('deploy');
		expect(deploy.message).toContain('Missing required permissions: deploy');
		expect(deploy.message).toContain('lacks the "deploy" ability');

		const write = await failure<ForbiddenError>('missing write', sim.token, client.createDockerImageApplication(imageRequest(sim)));
		expect(write.ability).toBe('write');
		expect(sim.stats.byRoute['POST /applications/dockerimage']).toBe(2);
	});

	it('403 "API is disabled." as its own kind, with health still answering', async () => {
		const {client, sim} = h;
		sim.control.setApiEnabled(false);
		const error = await failure<ForbiddenError>('api disabled', sim.token, client.listApplications());
		expect(error).toBeInstanceOf(ForbiddenError);
		expect(error.kind).toBe('api-disabled');
		expect(error.message).toContain('Settings -> Advanced');
		expect(await client.health()).toBe('OK');
	});

	it('404 with the server message for each kind of resource', async () => {
		const {client, sim} = h;
		const cases: Array<[string, Promise<unknown>, string]> = [
			['application', client.getApplication('missing-app'), 'Application not found'],
			['deployment', client.getDeployment('missing-deployment'), 'Deployment not found'],
			['project', client.getProject('missing-project'), 'Project not found'],
			['server', client.getServer('missing-server'), 'Server not found'],
			['environment', client.getEnvironment(sim.seed.projectUuid, 'staging'), 'Environment not found'],
		];
		for (const [label, promise, text] of cases) {
			const error = await failure<NotFoundError>(`404 ${label}`, sim.token, promise);
			expect(error, label).toBeInstanceOf(NotFoundError);
			expect(error.message, label).toContain(text);
			expect(error.status).toBe(404);
		}
	});

	it('422 field errors, given as arrays or as single strings, are normalised to arrays', async () => {
		const {client, sim} = h;
		const badPort = await failure<ValidationError>('422 array', sim.token, client.createDockerImageApplication(imageRequest(sim, {ports_exposes: 'eighty'})));
		expect(badPort).toBeInstanceOf(ValidationError);
		expect(badPort.fieldErrors).toEqual({ports_exposes: ['The ports exposes field format is invalid.']});

		// Coolify's hand-written check answers a single string.
		const duplicateHostPort = await failure<ValidationError>(
			'422 string',
			sim.token,
			client.createDockerImageApplication(imageRequest(sim, {ports_mappings: '8080:80,8080:81'})),
		);
		expect(duplicateHostPort.fieldErrors).toEqual({ports_mappings: ['The first number before : should be unique between mappings.']});
		expect(duplicateHostPort.message).toContain('ports_mappings: The first number before : should be unique between mappings.');

		const {uuid} = await client.createDockerImageApplication(imageRequest(sim));
		// `dockerfile` is not on PATCH's allowed list; our types keep it out, so force it in here.
		const unknownField = await failure<ValidationError>(
			'422 unknown field',
			sim.token,
			client.updateApplication(uuid!, {dockerfile: 'RlJPTSBub2Rl', name: 'x'.repeat(300)} as never),
		);
		expect(unknownField.fieldErrors).toEqual({
			name: ['The name field must not be greater than 255 characters.'],
			dockerfile: ['This field is not allowed.'],
		});

		// Invalid domains: here `errors` is a list of strings rather than an object.
		const badDomain = await failure<ValidationError>('422 list', sim.token, client.createDockerImageApplication(imageRequest(sim, {domains: 'not a url'})));
		expect(badDomain).toBeInstanceOf(ValidationError);
		expect(badDomain.message).toContain('Invalid domain: not a url');
		expect(Object.values(badDomain.fieldErrors).flat()).toEqual(['Invalid domain: not a url']);
	});

	it('429 waits as long as Retry-After says, then succeeds; the simulator counts every attempt', async () => {
		const {client, sim, delays} = h;
		sim.faults.failNext(2, 429, {only: 'GET /team'});
		await expect(client.team()).resolves.toMatchObject({id: sim.seed.teamId});
		expect(sim.stats.byRoute['GET /team']).toBe(3);
		expect(delays).toEqual([60_000, 60_000]);
	});

	it('429 from the real rate limiter, persisting past every retry', async () => {
		const {client, sim, delays} = h;
		sim.control.setRateLimit(1);
		await client.listProjects();
		const error = await failure<RateLimitError>('rate limited', sim.token, client.listProjects());
		expect(error).toBeInstanceOf(RateLimitError);
		expect(error.retryAfterSeconds).toBeGreaterThan(0);
		expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
		expect(error.message).toContain(`wait ${error.retryAfterSeconds}s`);
		expect(sim.stats.byRoute['GET /projects']).toBe(5);
		// Each wait is the Retry-After of the answer before it (whole seconds, within the minute's window).
		expect(delays).toHaveLength(3);
		for (const delay of delays) {
			expect(delay % 1000).toBe(0);
			expect(delay).toBeGreaterThanOrEqual(1000);
			expect(delay).toBeLessThanOrEqual(60_000);
		}
	});

	it('unreachable once the simulator goes down: ECONNREFUSED after every retry, nothing reached the server', async () => {
		const {client, sim, attempts} = h;
		await sim.goDown();
		const before = sim.stats.total;
		const error = await failure<UnreachableError>('unreachable', sim.token, client.listApplications());
		expect(error).toBeInstanceOf(UnreachableError);
		expect(error.kind).toBe('unreachable');
		expect(error.mayHaveReachedServer).toBe(false);
		expect(error.message).toContain('ECONNREFUSED');
		expect(error.message).toContain(sim.baseUrl);
		expect(attempts.filter(attempt => attempt === 'GET /api/v1/applications')).toHaveLength(4);
		expect(sim.stats.total).toBe(before);

		const health = await failure<UnreachableError>('unreachable health', sim.token, client.health());
		expect(health).toBeInstanceOf(UnreachableError);
		await sim.comeUp();
		expect(await client.health()).toBe('OK');
	});

	it('503 bursts are retried and then succeed', async () => {
		const {client, sim} = h;
		sim.faults.failNext(2, 503, {only: 'GET /servers'});
		expect((await client.listServers()).map(server => server.uuid)).toContain(sim.seed.serverUuid);
		expect(sim.stats.byRoute['GET /servers']).toBe(3);
	});
});

describe('checkHealth', () => {
	beforeEach(async () => {
		h = await harness();
	});

	it('is healthy when Coolify answers, the token works and the targets exist', async () => {
		const {client, sim} = h;
		const report = await checkHealth(client, {projectUuid: sim.seed.projectUuid, environmentName: sim.seed.environmentName, serverUuid: sim.seed.serverUuid});
		expect(report).toEqual({available: true, status: 'healthy', version: '4.3.11', message: 'Coolify 4.3.11 is reachable and the token works'});
	});

	it('is degraded when a target does not exist', async () => {
		const {client, sim} = h;
		const report = await checkHealth(client, {projectUuid: 'no-such-project', serverUuid: sim.seed.serverUuid});
		expect(report).toMatchObject({available: true, status: 'degraded', version: '4.3.11'});
		expect(report.message).toContain('Project not found');
		errorMessages.push({label: 'health degraded (project)', message: report.message, token: sim.token});

		const environment = await checkHealth(client, {projectUuid: sim.seed.projectUuid, environmentName: 'staging'});
		expect(environment.status).toBe('degraded');
		expect(environment.message).toContain('Environment not found');
	});

	it('is degraded when the token is revoked', async () => {
		const {client, sim} = h;
		sim.control.revokeToken();
		const report = await checkHealth(client, {projectUuid: sim.seed.projectUuid});
		expect(report).toMatchObject({available: true, status: 'degraded', version: null});
		expect(report.message).toContain('401');
		errorMessages.push({label: 'health degraded (token)', message: report.message, token: sim.token});
		expectNoToken(report.message, sim.token);
	});

	it('is unavailable when Coolify is down', async () => {
		const {client, sim} = h;
		await sim.goDown();
		const report = await checkHealth(client, {projectUuid: sim.seed.projectUuid});
		expect(report).toMatchObject({available: false, status: 'unavailable', version: null});
		expect(report.message).toContain('unreachable');
		errorMessages.push({label: 'health unavailable', message: report.message, token: sim.token});
	});
});

describe('CoolifyClient behind a reverse-proxy base path', () => {
	beforeEach(async () => {
		h = await harness({basePath: '/coolify'});
	});

	it('sends every request below the base path', async () => {
		const {client, sim} = h;
		expect(sim.baseUrl).toMatch(/\/coolify$/);
		expect(await client.health()).toBe('OK');
		expect(await client.version()).toBe('4.3.11');
		const {uuid} = await client.createDockerImageApplication(imageRequest(sim));
		await client.startApplication(uuid!);
		expect((await client.listOwnApplications()).map(application => application.uuid)).toEqual([uuid]);
		expect(sim.requests.length).toBeGreaterThanOrEqual(5);
		expect(sim.requests.every(request => request.path.startsWith('/coolify/api/') && request.status < 300)).toBe(true);
		expect(await checkHealth(client, {projectUuid: sim.seed.projectUuid})).toMatchObject({status: 'healthy'});
	});

	it('a base URL without the path reaches the proxy, not Coolify', async () => {
		const {sim} = h;
		const wrong = new CoolifyClient({baseUrl: sim.baseUrl.replace(/\/coolify$/, ''), token: sim.token, retry: {retries: 0}});
		const error = await failure<CoolifyError>('missing base path', sim.token, wrong.team());
		expect(error).toBeInstanceOf(NotFoundError);
		const report = await checkHealth(wrong);
		expect(report.status).toBe('unavailable');
	});
});

describe('no token in any error message', () => {
	it('collected messages from every error above', () => {
		// Runs after the tests above (vitest keeps file order); when run alone it has nothing to check.
		if (errorMessages.length > 0) {
			expect(new Set(errorMessages.map(entry => entry.label)).size).toBeGreaterThan(15);
		}

		for (const {label, message, token} of errorMessages) {
			expect(message, label).not.toContain(token);
			expect(message, label).not.toContain(token.split('|')[1]);
		}
	});

	it('scrubs the token when a server echoes it back', async () => {
		h = await harness();
		const {client, sim} = h;
		// A token with a 40-character secret half, as Coolify makes them; a message that includes it.
		const echoed = await failure<NotFoundError>('echoed token', sim.token, client.getApplication(sim.token));
		expect(echoed).toBeInstanceOf(NotFoundError);
		expect(echoed.message).toContain('***');
		const half = await failure<NotFoundError>('echoed secret half', sim.token, client.getDeployment(sim.token.split('|')[1]!));
		expect(half.message).toContain('***');
	});
});
