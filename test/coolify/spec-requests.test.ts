import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {checkHealth} from '../../source/coolify/health-check.js';
import {createServiceContext, type ServiceContext} from '../../source/services/context.js';
import {createDeployment} from '../../source/services/create-deployment.js';
import {deleteDeployment, startDeployment, stopDeployment} from '../../source/services/deployment-actions.js';
import {fetchLogs} from '../../source/services/logs.js';
import {pollOnce} from '../../source/services/poller.js';
import {runCleanup} from '../../source/services/cleanup.js';
import type {RecordedRequest} from '../../source/simulator/index.js';
import {startTestEnvironment, type TestEnvironment} from '../helpers/environment.js';
import {hasOpenApi, loadOpenApi, missingSpecMessage, requestBodyValidator, type OpenApiSpec} from '../helpers/openapi.js';

// Drives a whole lifecycle through the services against the simulator, then checks every request the
// client sent against Coolify's OpenAPI spec: bodies (strict: no field outside the spec), query
// parameters, and that each path+method exists.

if (!hasOpenApi) {
	console.warn(missingSpecMessage);
}

type Parameter = {name: string; in: string; $ref?: string};

/** The query parameters the spec declares for one operation (operation and path-level, `$ref`s resolved). */
function declaredQueryParameters(spec: OpenApiSpec, template: string, method: string): Set<string> {
	const pathItem = spec.paths[template] as Record<string, unknown> | undefined;
	const operation = pathItem?.[method.toLowerCase()] as {parameters?: Parameter[]} | undefined;
	const parameters = [...((pathItem?.parameters as Parameter[] | undefined) ?? []), ...(operation?.parameters ?? [])];
	const names = new Set<string>();
	for (const parameter of parameters) {
		let resolved: Parameter = parameter;
		if (parameter.$ref) {
			let node: unknown = spec;
			for (const part of parameter.$ref.slice(2).split('/')) {
				node = (node as Record<string, unknown>)[part];
			}

			resolved = node as Parameter;
		}

		if (resolved.in === 'query') {
			names.add(resolved.name);
		}
	}

	return names;
}

function label(request: RecordedRequest): string {
	return `${request.method} ${request.route} (${request.path})`;
}

describe.skipIf(!hasOpenApi)('requests the services send conform to the OpenAPI spec', () => {
	let environment: TestEnvironment;
	let context: ServiceContext;
	let dockerfileFolder: string;

	beforeAll(async () => {
		dockerfileFolder = await mkdtemp(path.join(tmpdir(), 'coolify-tui-spec-'));
		const dockerfile = path.join(dockerfileFolder, 'Dockerfile');
		await writeFile(dockerfile, 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nEXPOSE 3000\nCMD ["node", "server.js"]\n');
		environment = await startTestEnvironment({
			simulator: {clock: 'manual'},
			config: {
				pipelines: [
					{
						id: 'web',
						dockerImage: 'registry.example.com:5000/team/web:1.4.2',
						ports: [{containerPort: 80, hostPort: 8080}],
						env: {NODE_ENV: 'test', API_KEY: 'sk-live-spec-0001'},
						secrets: ['API_KEY'],
						limits: {memory: '256m', cpus: '0.5'},
						domains: 'https://web-test.example.com',
					},
					{
						id: 'api',
						dockerfile,
						ports: [{containerPort: 3000}, {containerPort: 9090, hostPort: 9091}],
						env: {DATABASE_URL: 'postgres://app:db-pass-42@db:5432/app', LOG_LEVEL: 'debug'},
						limits: {memory: '512m'},
					},
				],
			},
		});
		const {simulator} = environment;
		context = createServiceContext({
			config: environment.config,
			store: environment.store,
			clientOptions: {retry: {minDelayMs: 1, maxDelayMs: 5}},
			now: () => simulator.clock.now(),
			// Waiting moves simulated time instead of real time.
			async sleep(ms) {
				simulator.clock.advance(ms);
			},
		});
	});

	afterAll(async () => {
		await environment?.dispose();
		await rm(dockerfileFolder, {recursive: true, force: true});
	});

	async function pollUntil(id: number, status: string): Promise<void> {
		for (let step = 0; step < 40; step++) {
			await pollOnce(context);
			if ((await context.store.getRecord(id))?.status === status) {
				return;
			}

			environment.simulator.clock.advance(2000);
		}

		throw new Error(`record ${id} never reached ${status}: ${JSON.stringify(await context.store.getRecord(id))}`);
	}

	it('runs a full lifecycle through the services', async () => {
		const {simulator} = environment;
		expect((await checkHealth(context.client, {projectUuid: simulator.seed.projectUuid, environmentName: 'production', serverUuid: simulator.seed.serverUuid})).status).toBe('healthy');

		const web = await createDeployment(context, 'web');
		const api = await createDeployment(context, 'api');
		expect(web).toMatchObject({status: 'pending', errorMessage: null});
		expect(api).toMatchObject({status: 'pending', errorMessage: null});

		await pollUntil(web.id, 'running');
		await pollUntil(api.id, 'running');

		for (const record of [web, api]) {
			const current = (await context.store.getRecord(record.id))!;
			for (const type of ['build', 'runtime', 'combined'] as const) {
				const view = await fetchLogs(context, current, type, {lines: 50, includeHidden: type === 'build'});
				expect(view.source, `${record.pipelineId} ${type}`).toBe('live');
				expect(view.lines.length).toBeGreaterThan(0);
			}
		}

		await stopDeployment(context, web.id);
		simulator.clock.advance(1500);
		await pollOnce(context);
		expect((await context.store.getRecord(web.id))?.status).toBe('stopped');
		await startDeployment(context, web.id);
		await pollUntil(web.id, 'running');

		const deleted = await deleteDeployment(context, api.id, {pollMs: 500});
		expect(deleted.deletedAt).not.toBeNull();

		// A digest-pinned image, stopped while it builds: cancel, then stop without a Docker cleanup.
		const pinned = await createDeployment(context, 'api', {dockerImage: `nginx@sha256:${'e'.repeat(64)}`});
		simulator.clock.advance(2000);
		await pollOnce(context);
		await stopDeployment(context, pinned.id);

		const report = await runCleanup(context, {maxAgeHours: 0});
		expect(report.items).toEqual([expect.objectContaining({id: web.id, outcome: 'cleaned'}), expect.objectContaining({id: pinned.id, outcome: 'cleaned'})]);
	});

	it('used the operations a lifecycle needs', () => {
		const used = new Set(environment.simulator.requests.map(request => `${request.method} ${request.route}`));
		for (const operation of [
			'GET /health',
			'GET /version',
			'GET /projects/{uuid}/{environment_name_or_uuid}',
			'POST /applications/dockerimage',
			'POST /applications/dockerfile',
			'PATCH /applications/{uuid}',
			'PATCH /applications/{uuid}/envs/bulk',
			'POST /applications/{uuid}/start',
			'POST /applications/{uuid}/stop',
			'POST /deployments/{uuid}/cancel',
			'DELETE /applications/{uuid}',
			'GET /applications',
			'GET /applications/{uuid}',
			'GET /applications/{uuid}/logs',
			'GET /deployments',
			'GET /deployments/{uuid}',
		]) {
			expect(used, operation).toContain(operation);
		}
	});

	it('sent only paths and methods the spec has', () => {
		const spec = loadOpenApi()!;
		const {requests} = environment.simulator;
		expect(requests.length).toBeGreaterThan(30);
		const unknown = requests.filter(request => !spec.paths[request.route]?.[request.method.toLowerCase()]).map(request => label(request));
		expect(unknown).toEqual([]);
	});

	it('sent only request bodies valid against the spec (strict: no field outside it)', () => {
		const withBody = environment.simulator.requests.filter(request => request.body !== undefined);
		expect(withBody.length).toBeGreaterThanOrEqual(5);
		const problems: string[] = [];
		for (const request of withBody) {
			const result = requestBodyValidator(request.method, request.route)(request.body);
			if (!result.valid) {
				problems.push(`${label(request)}: ${result.errors.join('; ')}`);
			}
		}

		expect(problems).toEqual([]);

		// The check has teeth: an unknown field, a numeric port or a missing environment field fails it.
		const image = withBody.find(request => request.route === '/applications/dockerimage')!.body as Record<string, unknown>;
		const validate = requestBodyValidator('POST', '/applications/dockerimage');
		expect(validate({...image, bogus: true}).valid).toBe(false);
		expect(validate({...image, ports_exposes: 80}).valid).toBe(false);
		const {environment_uuid: _uuid, ...withoutUuid} = image;
		expect(validate(withoutUuid).valid).toBe(false);
	});

	it('sent create bodies with both environment fields, string ports, limits and our tag', () => {
		const creates = environment.simulator.requests.filter(request => request.route.startsWith('/applications/docker'));
		expect(creates.map(request => request.route).sort()).toEqual(['/applications/dockerfile', '/applications/dockerimage', '/applications/dockerimage']);
		const {seed} = environment.simulator;
		for (const request of creates) {
			const body = request.body as Record<string, unknown>;
			expect(body, request.route).toMatchObject({environment_name: seed.environmentName, environment_uuid: seed.environmentUuid, tags: ['coolify-tui']});
			expect(typeof body.ports_exposes).toBe('string');
			expect(body.ports_exposes).toMatch(/^\d+(,\d+)*$/);
		}

		const image = creates.find(request => request.route === '/applications/dockerimage')!.body as Record<string, unknown>;
		expect(image).toMatchObject({
			docker_registry_image_name: 'registry.example.com:5000/team/web',
			docker_registry_image_tag: '1.4.2',
			ports_exposes: '80',
			ports_mappings: '8080:80',
			limits_memory: '256m',
			limits_cpus: '0.5',
			domains: 'https://web-test.example.com',
		});
		const dockerfile = creates.find(request => request.route === '/applications/dockerfile')!.body as Record<string, unknown>;
		expect(dockerfile).toMatchObject({ports_exposes: '3000,9090', ports_mappings: '9091:9090', limits_memory: '512m'});
		expect(Buffer.from(String(dockerfile.dockerfile), 'base64').toString('utf8')).toContain('FROM node:20-alpine');

		// The server overwrote the Dockerfile application's port with 80; the client put it back.
		const patch = environment.simulator.requests.find(request => request.method === 'PATCH' && request.route === '/applications/{uuid}');
		expect(patch?.body).toEqual({ports_exposes: '3000,9090'});
	});

	it('sent only query parameters the spec declares for each operation', () => {
		const spec = loadOpenApi()!;
		const problems: string[] = [];
		for (const request of environment.simulator.requests) {
			const declared = declaredQueryParameters(spec, request.route, request.method);
			for (const name of Object.keys(request.query)) {
				if (!declared.has(name)) {
					problems.push(`${label(request)}: query parameter ${name} is not in the spec (declared: ${[...declared].join(', ') || 'none'})`);
				}
			}
		}

		expect(problems).toEqual([]);
		// Every stop and delete sent docker_cleanup=false (the spec declares it on both).
		const stopsAndDeletes = environment.simulator.requests.filter(request => request.route === '/applications/{uuid}/stop' || (request.method === 'DELETE' && request.route === '/applications/{uuid}'));
		expect(stopsAndDeletes.length).toBeGreaterThanOrEqual(3);
		expect(stopsAndDeletes.every(request => request.query.docker_cleanup === 'false')).toBe(true);
		// The check is not vacuous: some requests did carry query parameters.
		expect(environment.simulator.requests.some(request => Object.keys(request.query).length > 0)).toBe(true);
	});
});
