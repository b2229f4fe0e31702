import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {decodeMarker} from '../../source/domain/marker.js';
import {firstUrl} from '../../source/domain/urls.js';
import {createDeployment, overrideSecrets, splitImageReference} from '../../source/services/create-deployment.js';
import {UserError} from '../../source/services/errors.js';
import {databasePassword, secretApiKey} from '../helpers/environment.js';
import {record, rejection, useServiceEnvironment} from './support.js';

describe('splitImageReference and firstUrl', () => {
	it.each([
		['nginx', {name: 'nginx', tag: 'latest'}],
		['nginx:1.27', {name: 'nginx', tag: '1.27'}],
		['registry.example.com:5000/team/app', {name: 'registry.example.com:5000/team/app', tag: 'latest'}],
		['registry.example.com:5000/team/app:2.1', {name: 'registry.example.com:5000/team/app', tag: '2.1'}],
		['registry:5000/team/app', {name: 'registry:5000/team/app', tag: 'latest'}],
		['localhost:5000/app:2', {name: 'localhost:5000/app', tag: '2'}],
		// Digest-pinned: sent whole, no tag (Coolify's DockerImageParser reads the digest itself).
		[`nginx@sha256:${'b'.repeat(64)}`, {name: `nginx@sha256:${'b'.repeat(64)}`}],
		[`ghcr.io/acme/app:3@sha256:${'a'.repeat(64)}`, {name: `ghcr.io/acme/app:3@sha256:${'a'.repeat(64)}`}],
		[`registry:5000/team/app:1.2@sha256:${'c'.repeat(64)}`, {name: `registry:5000/team/app:1.2@sha256:${'c'.repeat(64)}`}],
	])('splits %s', (reference, expected) => {
		expect(splitImageReference(reference)).toEqual(expected);
	});

	it('takes the first URL of a comma-separated fqdn', () => {
		expect(firstUrl('https://a.example.com, https://b.example.com')).toBe('https://a.example.com');
		expect(firstUrl(',https://b.example.com')).toBe('https://b.example.com');
		expect(firstUrl('')).toBeNull();
		expect(firstUrl(null)).toBeNull();
	});
});

describe('createDeployment', () => {
	const environments = useServiceEnvironment();

	it('creates an image deployment: tagged app, env vars, ports, start, and a record with masked values', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const created = await createDeployment(context, 'web');

		expect(created).toMatchObject({
			pipelineId: 'web',
			applicationName: `web-test-${created.key}`,
			key: expect.stringMatching(/^[\da-z]{6}$/),
			owner: context.owner.name,
			origin: 'created',
			status: 'pending',
			dockerImage: 'nginx:1.27',
			dockerfilePath: null,
			environmentVariables: {NODE_ENV: 'test', API_KEY: '***'},
			portMappings: [{containerPort: 80, hostPort: 8080}],
			errorMessage: null,
			coolifyApplicationId: expect.any(String),
			coolifyDeploymentId: expect.any(String),
		});
		const uuid = created.coolifyApplicationId!;
		expect(created.deploymentUrl).toBe(`http://${uuid}.127.0.0.1.sslip.io`);

		const ours = await context.client.listOwnApplications();
		expect(ours.map(application => application.uuid)).toEqual([uuid]);
		expect(ours[0]).toMatchObject({
			name: `web-test-${created.key}`,
			docker_registry_image_name: 'nginx',
			docker_registry_image_tag: '1.27',
			ports_exposes: '80',
			ports_mappings: '8080:80',
		});
		// Coolify gets the real values; only our record masks them.
		const envs = await context.client.listEnvironmentVariables(uuid);
		expect(Object.fromEntries(envs.map(env => [env.key, env.value]))).toEqual({NODE_ENV: 'test', API_KEY: secretApiKey});
		expect((await context.client.getDeployment(created.coolifyDeploymentId!)).status).toBe('queued');

		const sent = simulator.requests.find(request => request.route === '/applications/dockerimage')!.body as Record<string, unknown>;
		expect(sent).toMatchObject({instant_deploy: false, tags: ['coolify-tui'], name: `web-test-${created.key}`});
		// The marker in the description says, to any machine, whose test deployment this is and when it expires.
		expect(decodeMarker(ours[0]!.description)).toEqual({key: created.key, pipeline: 'web', owner: context.owner.name, createdAt: expect.any(String), expiresAt: created.expiresAt});
		expect(await readFile(environment.dataPath, 'utf8')).not.toContain(secretApiKey);
	});

	it('creates a Dockerfile deployment and restores its port after Coolify set 80', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const created = await createDeployment(context, 'api');
		expect(created).toMatchObject({
			status: 'pending',
			dockerImage: null,
			dockerfilePath: path.join(environment.folder, 'Dockerfile'),
			environmentVariables: {DATABASE_PASSWORD: '***'},
			portMappings: [{containerPort: 3000}],
		});
		const routes = simulator.requests.map(request => `${request.method} ${request.route}`);
		const application = await context.client.getApplication(created.coolifyApplicationId!);
		expect(application).toMatchObject({build_pack: 'dockerfile', ports_exposes: '3000'});
		expect(application.ports_mappings ?? null).toBeNull();
		expect(String(application.dockerfile)).toContain('EXPOSE 3000');
		expect(routes).toEqual([
			// Refused here on a Coolify older than 4.2.0, before anything is created.
			'GET /version',
			'GET /projects/{uuid}/{environment_name_or_uuid}',
			'POST /applications/dockerfile',
			'PATCH /applications/{uuid}',
			'PATCH /applications/{uuid}/envs/bulk',
			'POST /applications/{uuid}/start',
		]);
		expect(await readFile(environment.dataPath, 'utf8')).not.toContain(databasePassword);
	});

	it('looks the environment uuid up once per project and environment', async () => {
		const {context, simulator} = await environments.start();
		await createDeployment(context, 'web');
		await createDeployment(context, 'web');
		expect(simulator.stats.byRoute['GET /projects/{uuid}/{environment_name_or_uuid}']).toBe(1);
	});

	it('applies overrides: name, image, env, ports and no auto start', async () => {
		const {context, simulator} = await environments.start();
		const created = await createDeployment(context, 'api', {
			name: 'custom-name',
			dockerImage: 'httpd:2.4',
			env: {EXTRA: 'value', SESSION_SECRET: 'override-secret-1'},
			ports: [{containerPort: 8000, hostPort: 18000}],
			autoStart: false,
		});
		expect(created).toMatchObject({
			applicationName: 'custom-name',
			dockerImage: 'httpd:2.4',
			dockerfilePath: null,
			environmentVariables: {DATABASE_PASSWORD: '***', EXTRA: 'value', SESSION_SECRET: '***'},
			portMappings: [{containerPort: 8000, hostPort: 18000}],
			status: 'pending',
			coolifyDeploymentId: null,
		});
		const application = await context.client.getApplication(created.coolifyApplicationId!);
		expect(application).toMatchObject({
			name: 'custom-name',
			build_pack: 'dockerimage',
			docker_registry_image_name: 'httpd',
			docker_registry_image_tag: '2.4',
			ports_exposes: '8000',
			ports_mappings: '18000:8000',
		});
		expect(simulator.stats.byRoute['POST /applications/{uuid}/start']).toBeUndefined();
		expect(await context.client.latestDeployment(created.coolifyApplicationId!)).toBeUndefined();
		expect(overrideSecrets({env: {EXTRA: 'value', SESSION_SECRET: 'override-secret-1'}})).toEqual(['override-secret-1']);
	});

	it('builds an image pipeline from a Dockerfile given as an override', async () => {
		const environment = await environments.start();
		const dockerfile = path.join(environment.folder, 'Other.Dockerfile');
		await writeFile(dockerfile, 'FROM python:3.12-slim\nEXPOSE 8000\n');
		const created = await createDeployment(environment.context, 'web', {dockerfile});
		expect(created).toMatchObject({dockerImage: null, dockerfilePath: dockerfile, status: 'pending'});
		const application = await environment.context.client.getApplication(created.coolifyApplicationId!);
		expect(application).toMatchObject({build_pack: 'dockerfile', ports_exposes: '80', ports_mappings: '8080:80'});
	});

	it('takes the deployment URL from the first configured domain', async () => {
		const {context} = await environments.start({
			extraPipelines: [{id: 'site', dockerImage: 'nginx:1.27', ports: [{containerPort: 80}], domains: 'https://site-a.example.com,https://site-b.example.com', autoStart: false}],
		});
		const created = await createDeployment(context, 'site');
		expect(created.deploymentUrl).toBe('https://site-a.example.com');
		expect((await context.client.getApplication(created.coolifyApplicationId!)).fqdn).toBe('https://site-a.example.com,https://site-b.example.com');
	});

	it('records a 422 from Coolify as failed, with Coolify\'s message', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web', {
			ports: [
				{containerPort: 80, hostPort: 8080},
				{containerPort: 81, hostPort: 8080},
			],
		});
		expect(created.status).toBe('failed');
		expect(created.coolifyApplicationId).toBeNull();
		expect(created.errorMessage).toContain('422');
		expect(created.errorMessage).toContain('The first number before : should be unique between mappings.');
		expect(await environment.context.client.listOwnApplications()).toEqual([]);
		expect((await environment.store.listRecords()).map(entry => entry.status)).toEqual(['failed']);
	});

	it('records a failure after the application exists, keeping its uuid', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		simulator.control.setAbilities(['read', 'read:sensitive', 'write']);
		const created = await createDeployment(context, 'web');
		expect(created.status).toBe('failed');
		expect(created.coolifyApplicationId).toEqual(expect.any(String));
		expect(created.errorMessage).toContain('lacks the "deploy" ability');
	});

	it('records Coolify being unreachable as failed, without the token', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		await simulator.goDown();
		const created = await createDeployment(context, 'web');
		expect(created.status).toBe('failed');
		expect(created.errorMessage).toMatch(/unreachable \(ECONNREFUSED\)/);
		expect(created.errorMessage).not.toContain(simulator.token.split('|')[1]);
		expect((await record(environment, created.id)).status).toBe('failed');
	});

	it('never stores the token, even as the value of an innocent-looking variable', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const created = await createDeployment(context, 'web', {env: {COOLIFY_URL: simulator.baseUrl, UPSTREAM: simulator.token}});
		expect(created.environmentVariables.UPSTREAM).toBe('***');
		expect(created.environmentVariables.COOLIFY_URL).toBe(simulator.baseUrl);
		expect(await readFile(environment.dataPath, 'utf8')).not.toContain(simulator.token.split('|')[1]);
	});

	it('rejects an unknown pipeline with the known ones, before creating anything', async () => {
		const environment = await environments.start();
		const error = await rejection(createDeployment(environment.context, 'nope'));
		expect(error).toBeInstanceOf(UserError);
		expect(error.message).toBe('unknown pipeline "nope": configured pipelines are web, api, broken (see coolify-tui pipelines)');
		expect(await environment.store.listRecords({includeHidden: true})).toEqual([]);
		expect(environment.simulator.stats.total).toBe(0);
	});

	it('rejects a missing Dockerfile with its path, before creating anything', async () => {
		const environment = await environments.start();
		const missing = path.join(environment.folder, 'missing', 'Dockerfile');
		const error = await rejection(createDeployment(environment.context, 'api', {dockerfile: missing}));
		expect(error).toBeInstanceOf(UserError);
		expect(error.message).toContain(missing);
		expect(error.message).toContain('ENOENT');
		expect(await environment.store.listRecords({includeHidden: true})).toEqual([]);
		expect(environment.simulator.stats.total).toBe(0);
	});
});
