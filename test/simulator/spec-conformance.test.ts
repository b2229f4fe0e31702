import {describe, expect, it} from 'vitest';
import {startSimulator} from '../../source/simulator/index.js';
import {
	type BodyValidator,
	commonResponseValidator,
	findPathTemplate,
	hasOpenApi,
	missingSpecMessage,
	requestBodyValidator,
	responseValidator,
	schemaValidator,
} from '../helpers/openapi.js';
import {type Answer, call, dockerfileBody, imageBody} from './support.js';

if (!hasOpenApi) {
	console.warn(missingSpecMessage);
}

/**
 * Spec gaps the real server shows too: the `Application.build_pack` enum lacks `dockerimage`, the build pack
 * of every docker-image application.
 */
const knownSpecGaps = [/\/build_pack must be equal to one of the allowed values$/];

function expectValid(validate: BodyValidator, data: unknown, label: string) {
	const errors = validate(data).errors.filter(error => !knownSpecGaps.some(gap => gap.test(error)));
	expect(errors, label).toEqual([]);
}

/** Checks one answer against the spec's schema for its route and status. */
function conforms(method: string, template: string, answer: Answer) {
	const isText = !(answer.headers.get('content-type') ?? '').includes('json');
	const validate = responseValidator(method, template, answer.status, isText ? {mediaType: 'text/html'} : {});
	expectValid(validate, isText ? answer.text : answer.json, `${method} ${template} ${answer.status}`);
}

describe.skipIf(!hasOpenApi)('simulator: answers conform to the OpenAPI spec', () => {
	it('validates every documented JSON answer along a full journey', async () => {
		const sim = await startSimulator({clock: 'manual'});
		try {
			const check = async (method: string, template: string, path: string, body?: unknown) => {
				const answer = await call(sim, method, path, {body});
				conforms(method, template, answer);
				return answer;
			};

			const {projectUuid, serverUuid} = sim.seed;
			await check('GET', '/health', '/api/v1/health');
			await check('GET', '/version', '/version');
			await check('GET', '/team', '/team');
			await check('GET', '/projects', '/projects');
			await check('GET', '/projects/{uuid}', `/projects/${projectUuid}`);
			await check('GET', '/projects/{uuid}/environments', `/projects/${projectUuid}/environments`);
			await check('GET', '/servers', '/servers');
			await check('GET', '/servers/{uuid}', `/servers/${serverUuid}`);
			await check('GET', '/servers/{server_uuid}/destinations', `/servers/${serverUuid}/destinations`);
			await check('GET', '/destinations', '/destinations');

			const image = await check('POST', '/applications/dockerimage', '/applications/dockerimage', imageBody(sim, {tags: ['coolify-tui']}));
			const dockerfile = await check('POST', '/applications/dockerfile', '/applications/dockerfile', dockerfileBody(sim));
			const uuid = image.json.uuid as string;
			await check('GET', '/projects/{uuid}/{environment_name_or_uuid}', `/projects/${projectUuid}/production`);
			await check('GET', '/applications', '/applications');
			await check('GET', '/applications/{uuid}', `/applications/${dockerfile.json.uuid as string}`);
			await check('PATCH', '/applications/{uuid}', `/applications/${uuid}`, {ports_exposes: '8080'});
			await check('PATCH', '/applications/{uuid}/envs/bulk', `/applications/${uuid}/envs/bulk`, {data: [{key: 'A', value: '1'}]});
			await check('POST', '/applications/{uuid}/envs', `/applications/${uuid}/envs`, {key: 'B', value: '2'});
			await check('PATCH', '/applications/{uuid}/envs', `/applications/${uuid}/envs`, {key: 'B', value: '3'});
			await check('GET', '/applications/{uuid}/envs', `/applications/${uuid}/envs`);

			expect((await check('GET', '/applications/{uuid}/logs', `/applications/${uuid}/logs`)).status).toBe(400);
			const started = await check('POST', '/applications/{uuid}/start', `/applications/${uuid}/start`);
			const deploymentUuid = started.json.deployment_uuid as string;
			await check('POST', '/applications/{uuid}/start', `/applications/${uuid}/start`);
			await check('GET', '/deployments', '/deployments');
			sim.clock.advance(3000);
			await check('GET', '/deployments/{uuid}', `/deployments/${deploymentUuid}`);
			sim.clock.advance(20_000);
			await check('GET', '/deployments/{uuid}', `/deployments/${deploymentUuid}`);
			await check('POST', '/deployments/{uuid}/cancel', `/deployments/${deploymentUuid}/cancel`);
			await check('GET', '/applications/{uuid}/logs', `/applications/${uuid}/logs`);
			const restarted = await check('POST', '/applications/{uuid}/restart', `/applications/${uuid}/restart`);
			await check('POST', '/deployments/{uuid}/cancel', `/deployments/${restarted.json.deployment_uuid as string}/cancel`);
			await check('POST', '/deploy', `/deploy?uuid=${uuid}`);
			await check('POST', '/applications/{uuid}/stop', `/applications/${uuid}/stop`);
			await check('DELETE', '/applications/{uuid}', `/applications/${uuid}`);

			await check('GET', '/applications/{uuid}', '/applications/missing');
			await check('GET', '/deployments/{uuid}', '/deployments/missing');
			// The create routes document no 422: check it against the shared 422 response.
			const invalid = await call(sim, 'POST', '/applications/dockerimage', {body: {project_uuid: 'x'}});
			expect(invalid.status).toBe(422);
			expectValid(commonResponseValidator(422), invalid.json, 'create 422');
			const unauthenticated = await call(sim, 'GET', '/applications', {token: 'wrong'});
			conforms('GET', '/applications', unauthenticated);
		} finally {
			await sim.close();
		}
	});

	it('answers 422 and 429 in the documented shapes', async () => {
		const sim = await startSimulator({clock: 'manual', rateLimitPerMinute: 1});
		try {
			const invalid = await call(sim, 'POST', '/projects', {body: {name: 5}});
			expect(invalid.status).toBe(422);
			expectValid(responseValidator('POST', '/projects', 422), invalid.json, '422');
			const limited = await call(sim, 'GET', '/team');
			expect(limited.status).toBe(429);
			expectValid(commonResponseValidator(429), limited.json, '429');
		} finally {
			await sim.close();
		}
	});

	it('documents where the real server differs from the spec', async () => {
		const sim = await startSimulator({clock: 'manual'});
		try {
			const created = await call(sim, 'POST', '/applications/dockerimage', {body: imageBody(sim)});
			const uuid = created.json.uuid as string;
			await call(sim, 'POST', `/applications/${uuid}/start`);
			sim.clock.advance(20_000);

			// The spec says Application[]; the server sends {count, deployments}.
			const page = await call(sim, 'GET', `/deployments/applications/${uuid}`);
			expect(responseValidator('GET', '/deployments/applications/{uuid}', 200)(page.json).valid).toBe(false);
			for (const deployment of page.json.deployments) {
				expectValid(schemaValidator('ApplicationDeploymentQueue'), deployment, 'deployment');
			}

			// Every docker-image application has build_pack `dockerimage`, which the spec's enum leaves out.
			const application = (await call(sim, 'GET', `/applications/${uuid}`)).json;
			expect(application.build_pack).toBe('dockerimage');
			expect(responseValidator('GET', '/applications/{uuid}', 200)(application).errors).toEqual([
				'/build_pack must be equal to one of the allowed values',
			]);

			// A single-string field error does not fit the spec's 422 schema (arrays of strings).
			const mixed = await call(sim, 'POST', '/applications/dockerfile', {body: dockerfileBody(sim, undefined, {dockerfile: 'not base64!'})});
			expect(responseValidator('POST', '/projects', 422)(mixed.json).valid).toBe(false);

			// Null fields pass only because the helper allows null for every response property by default.
			expect(application.description).toBeNull();
			expect(responseValidator('GET', '/applications/{uuid}', 200, {nullable: 'declared'})(application).valid).toBe(false);
		} finally {
			await sim.close();
		}
	});
});

describe.skipIf(!hasOpenApi)('openapi helper: request bodies', () => {
	it('is strict: unknown fields and wrong types are errors', () => {
		const validate = requestBodyValidator('POST', '/applications/dockerimage');
		const good = {
			project_uuid: 'p',
			server_uuid: 's',
			environment_name: 'production',
			environment_uuid: 'e',
			docker_registry_image_name: 'nginx',
			ports_exposes: '80',
		};
		expect(validate(good)).toEqual({valid: true, errors: []});
		const bad = validate({...good, ports_exposes: 80, colour: 'red'});
		expect(bad.valid).toBe(false);
		expect(bad.errors).toEqual(expect.arrayContaining(['/ports_exposes must be string', expect.stringContaining('(colour)')]));
		expect(requestBodyValidator('POST', '/applications/dockerimage', {strict: false})({...good, colour: 'red'}).valid).toBe(true);
	});

	it('checks what a client sent, through sim.requests and findPathTemplate', async () => {
		const sim = await startSimulator({clock: 'manual'});
		try {
			await call(sim, 'POST', '/applications/dockerimage', {body: imageBody(sim)});
			const created = sim.requests.find(request => request.method === 'POST')!;
			expect(findPathTemplate(created.path)).toBe('/applications/dockerimage');
			expect(findPathTemplate('/api/v1/applications/abc/envs/bulk')).toBe('/applications/{uuid}/envs/bulk');
			expectValid(requestBodyValidator(created.method, created.route), created.body, 'client body');
		} finally {
			await sim.close();
		}
	});

	it('throws for operations the spec does not have', () => {
		expect(() => requestBodyValidator('GET', '/nothing')).toThrow(/no operation/);
		expect(() => responseValidator('GET', '/applications', 418)).toThrow(/documents no 418/);
	});
});
