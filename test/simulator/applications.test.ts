import {describe, expect, it} from 'vitest';
import {appStatus, base64, call, createImageApp, dockerfileBody, imageBody, useSimulator} from './support.js';

describe('simulator: create docker-image applications', () => {
	const context = useSimulator();

	it('answers 201 {uuid, domains}, splits the tag and autogenerates an sslip.io domain', async () => {
		const answer = await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim)});
		expect(answer.status).toBe(201);
		expect(answer.json).toEqual({uuid: expect.any(String), domains: `http://${answer.json.uuid}.127.0.0.1.sslip.io`});
		// PHP's json_encode escapes slashes: any JSON parser copes, raw-text matching does not.
		expect(answer.text).toContain('http:\\/\\/');
		const application = (await call(context.sim, 'GET', `/applications/${answer.json.uuid}`)).json;
		expect(application).toMatchObject({
			uuid: answer.json.uuid,
			build_pack: 'dockerimage',
			docker_registry_image_name: 'nginx',
			docker_registry_image_tag: '1.27',
			ports_exposes: '80',
			status: 'exited:unhealthy',
			fqdn: answer.json.domains,
		});
		expect(application.name).toMatch(/^docker-image-[a-z\d]+$/);
		expect(application).not.toHaveProperty('id');
	});

	it('defaults the tag to latest and keeps given names, domains and descriptions', async () => {
		const uuid = await createImageApp(context.sim, {
			docker_registry_image_name: 'ghcr.io/acme/web',
			name: 'my-app',
			description: 'hello',
			domains: 'https://A.example.com,https://b.example.com,',
		});
		const application = (await call(context.sim, 'GET', `/applications/${uuid}`)).json;
		expect(application).toMatchObject({
			name: 'my-app',
			description: 'hello',
			docker_registry_image_name: 'ghcr.io/acme/web',
			docker_registry_image_tag: 'latest',
			fqdn: 'https://a.example.com,https://b.example.com',
		});
	});

	it('leaves fqdn null when autogenerate_domain is false and no domains are given', async () => {
		const answer = await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim, {autogenerate_domain: false})});
		expect(answer.json.domains).toBeNull();
	});

	it('rejects unknown fields with 422 "This field is not allowed."', async () => {
		const answer = await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim, {colour: 'blue', dockerfile: 'x'})});
		expect(answer.status).toBe(422);
		expect(answer.json).toEqual({
			message: 'Validation failed.',
			errors: {colour: ['This field is not allowed.'], dockerfile: ['This field is not allowed.']},
		});
	});

	it('answers 422 with only a message when both environment fields are missing', async () => {
		const body = imageBody(context.sim);
		delete body.environment_name;
		delete body.environment_uuid;
		const answer = await call(context.sim, 'POST', '/applications/dockerimage', {body});
		expect(answer.status).toBe(422);
		expect(answer.json).toEqual({message: 'You need to provide at least one of environment_name or environment_uuid.'});
	});

	it('looks the environment up by name first, then by uuid', async () => {
		const byUuid = imageBody(context.sim, {environment_name: 'does-not-exist'});
		expect((await call(context.sim, 'POST', '/applications/dockerimage', {body: byUuid})).status).toBe(201);
		const neither = imageBody(context.sim, {environment_name: 'nope', environment_uuid: 'nope'});
		const answer = await call(context.sim, 'POST', '/applications/dockerimage', {body: neither});
		expect(answer.status).toBe(404);
		expect(answer.json).toEqual({message: 'Environment not found.'});
	});

	it('answers 404 for an unknown project or server', async () => {
		const project = await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim, {project_uuid: 'x'})});
		expect(project.json).toEqual({message: 'Project not found.'});
		const server = await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim, {server_uuid: 'x'})});
		expect(server.status).toBe(404);
		expect(server.json).toEqual({message: 'Server not found.'});
	});

	it('needs ports_exposes as a string matching ^\\d+(,\\d+)*$ (a JSON number fails)', async () => {
		const number = await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim, {ports_exposes: 3000})});
		expect(number.status).toBe(422);
		expect(number.json.errors).toEqual({ports_exposes: ['The ports exposes field must be a string.']});
		const spaced = await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim, {ports_exposes: '3000, 8080'})});
		expect(spaced.json.errors).toEqual({ports_exposes: ['The ports exposes field format is invalid.']});
		const bad = await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim, {ports_exposes: '30a0'})});
		expect(bad.json.errors).toEqual({ports_exposes: ['The ports exposes field format is invalid.']});
		const many = await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim, {ports_exposes: '3000,8080'})});
		expect(many.status).toBe(201);
	});

	it('requires ports_exposes for docker-image applications, as the controller does', async () => {
		const body = imageBody(context.sim);
		delete body.ports_exposes;
		const answer = await call(context.sim, 'POST', '/applications/dockerimage', {body});
		expect(answer.status).toBe(422);
		expect(answer.json.errors).toEqual({ports_exposes: ['The ports exposes field is required.']});
	});

	it('answers ports_mappings duplicates with a single-string error (mixed 422 shapes)', async () => {
		const format = await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim, {ports_mappings: '8080'})});
		expect(format.json.errors.ports_mappings).toEqual(['The ports mappings field format is invalid.']);
		const duplicate = await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim, {ports_mappings: '8080:80,8080:81'})});
		expect(duplicate.status).toBe(422);
		expect(duplicate.json.errors).toEqual({ports_mappings: 'The first number before : should be unique between mappings.'});
		expect((await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim, {ports_mappings: '8080:80,8081:80'})})).status).toBe(201);
	});

	it('checks types and tag lengths', async () => {
		const answer = await call(context.sim, 'POST', '/applications/dockerimage', {
			body: imageBody(context.sim, {instant_deploy: 'yes', health_check_enabled: 'no', name: 5, tags: ['ok', 'x']}),
		});
		expect(answer.status).toBe(422);
		expect(answer.json.errors).toMatchObject({
			name: ['The name field must be a string.'],
		});
		const second = await call(context.sim, 'POST', '/applications/dockerimage', {
			body: imageBody(context.sim, {instant_deploy: 'yes', health_check_enabled: 'no', tags: ['ok', 'x']}),
		});
		expect(second.json.errors).toEqual({
			health_check_enabled: ['The health check enabled field must be true or false.'],
			instant_deploy: ['The instant deploy field must be true or false.'],
			'tags.1': ['The tags.1 field must be at least 2 characters.'],
		});
	});

	it('turns empty strings into null before validating (Laravel middleware)', async () => {
		const answer = await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim, {domains: ''})});
		expect(answer.status).toBe(422);
		expect(answer.json.errors).toEqual({domains: ['The domains field must be a string.']});
	});

	it('rejects invalid domains with a list of errors and conflicting ones with 409', async () => {
		const invalid = await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim, {domains: 'example.com'})});
		expect(invalid.status).toBe(422);
		expect(invalid.json).toEqual({message: 'Validation failed.', errors: ['Invalid domain: example.com']});
		await createImageApp(context.sim, {domains: 'https://taken.example.com', name: 'first'});
		const conflict = await call(context.sim, 'POST', '/applications/dockerimage', {body: imageBody(context.sim, {domains: 'https://taken.example.com'})});
		expect(conflict.status).toBe(409);
		expect(conflict.json.conflicts).toEqual([expect.objectContaining({domain: 'taken.example.com', resource_name: 'first'})]);
		const forced = await call(context.sim, 'POST', '/applications/dockerimage', {
			body: imageBody(context.sim, {domains: 'https://taken.example.com', force_domain_override: true}),
		});
		expect(forced.status).toBe(201);
	});

	it('answers 400 for a body that is not JSON, broken or empty', async () => {
		const notJson = await call(context.sim, 'POST', '/applications/dockerimage', {rawBody: 'a=b', headers: {'content-type': 'application/x-www-form-urlencoded'}});
		expect(notJson.json).toEqual({message: 'Invalid request.', error: 'Content-Type must be application/json.'});
		const broken = await call(context.sim, 'POST', '/applications/dockerimage', {rawBody: '{"a":'});
		expect(broken.json).toEqual({message: 'Invalid request.', error: 'Invalid JSON.'});
		const empty = await call(context.sim, 'POST', '/applications/dockerimage', {body: {}});
		expect(empty.status).toBe(400);
		expect(empty.json).toEqual({message: 'Invalid request.', error: 'Empty JSON.'});
	});
});

describe('simulator: create Dockerfile applications', () => {
	const context = useSimulator();

	it('stores the decoded Dockerfile and overwrites ports_exposes with 80', async () => {
		const answer = await call(context.sim, 'POST', '/applications/dockerfile', {body: dockerfileBody(context.sim, undefined, {ports_exposes: '3000'})});
		expect(answer.status).toBe(201);
		const application = (await call(context.sim, 'GET', `/applications/${answer.json.uuid}`)).json;
		expect(application).toMatchObject({build_pack: 'dockerfile', ports_exposes: '80'});
		expect(application.dockerfile).toContain('FROM node:20-alpine');
		expect(application.name).toMatch(/^dockerfile-/);
	});

	it('hides the Dockerfile without read:sensitive', async () => {
		const answer = await call(context.sim, 'POST', '/applications/dockerfile', {body: dockerfileBody(context.sim)});
		context.sim.control.setAbilities(['read']);
		const application = (await call(context.sim, 'GET', `/applications/${answer.json.uuid}`)).json;
		expect(application).not.toHaveProperty('dockerfile');
	});

	it('needs strict base64 that decodes to UTF-8; the error is a single string', async () => {
		for (const dockerfile of ['FROM nginx', 'RlJPTSBuZ2lueA', 'RlJPTSBu\nZ2lueA==', Buffer.from([0x46, 0x52, 0xff, 0xfe]).toString('base64')]) {
			const answer = await call(context.sim, 'POST', '/applications/dockerfile', {body: dockerfileBody(context.sim, undefined, {dockerfile})});
			expect(answer.status, dockerfile).toBe(422);
			expect(answer.json).toEqual({message: 'Validation failed.', errors: {dockerfile: 'The dockerfile should be base64 encoded.'}});
		}

		const missing = dockerfileBody(context.sim);
		delete missing.dockerfile;
		const answer = await call(context.sim, 'POST', '/applications/dockerfile', {body: missing});
		expect(answer.json.errors).toEqual({dockerfile: ['The dockerfile field is required.']});
	});
});

describe('simulator: list, update and delete applications', () => {
	const context = useSimulator();

	it('lists applications, filtered by tag name', async () => {
		const tagged = await createImageApp(context.sim, {tags: ['coolify-tui']});
		const other = await createImageApp(context.sim);
		const all = await call(context.sim, 'GET', '/applications');
		expect(all.json.map((application: {uuid: string}) => application.uuid)).toEqual([tagged, other]);
		const filtered = await call(context.sim, 'GET', '/applications?tag=coolify-tui');
		expect(filtered.json.map((application: {uuid: string}) => application.uuid)).toEqual([tagged]);
	});

	it('answers 404 "Application not found." for an unknown uuid, without the full stop where Coolify\'s action leaves it out', async () => {
		for (const [method, path, text] of [
			['GET', '/applications/missing', 'Application not found.'],
			['POST', '/applications/missing/start', 'Application not found.'],
			['POST', '/applications/missing/stop', 'Application not found.'],
			['GET', '/applications/missing/logs', 'Application not found.'],
			['DELETE', '/applications/missing/envs/missing', 'Application not found.'],
			['DELETE', '/applications/missing', 'Application not found'],
			['PATCH', '/applications/missing', 'Application not found'],
			['GET', '/applications/missing/envs', 'Application not found'],
			['PATCH', '/applications/missing/envs/bulk', 'Application not found'],
			['GET', '/deployments/applications/missing', 'Application not found'],
		]) {
			const answer = await call(context.sim, method!, path!, method === 'PATCH' ? {body: {data: [{key: 'A', value: 'b'}]}} : {});
			expect(answer.status, `${method} ${path}`).toBe(404);
			expect(answer.json, `${method} ${path}`).toEqual({message: text});
		}
	});

	it('patches allowed fields and answers 200 {uuid}', async () => {
		const uuid = await createImageApp(context.sim);
		const answer = await call(context.sim, 'PATCH', `/applications/${uuid}`, {
			body: {ports_exposes: '3000', ports_mappings: '8080:3000', docker_registry_image_tag: '1.28', domains: 'https://new.example.com', limits_memory: '256m'},
		});
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({uuid});
		const application = (await call(context.sim, 'GET', `/applications/${uuid}`)).json;
		expect(application).toMatchObject({
			ports_exposes: '3000',
			ports_mappings: '8080:3000',
			docker_registry_image_name: 'nginx',
			docker_registry_image_tag: '1.28',
			fqdn: 'https://new.example.com',
			limits_memory: '256m',
		});
	});

	it('refuses dockerfile and unknown fields on patch', async () => {
		const uuid = await createImageApp(context.sim);
		const answer = await call(context.sim, 'PATCH', `/applications/${uuid}`, {body: {dockerfile: base64('FROM nginx'), ports_exposes: 80}});
		expect(answer.status).toBe(422);
		expect(answer.json.errors).toEqual({
			ports_exposes: ['The ports exposes field must be a string.'],
			dockerfile: ['This field is not allowed.'],
		});
	});

	it('queues the deletion: no removing status (the job stops then deletes), 404 about 2 s later; docker_cleanup counted', async () => {
		const uuid = await createImageApp(context.sim);
		const answer = await call(context.sim, 'DELETE', `/applications/${uuid}?delete_configurations=true&delete_volumes=true&docker_cleanup=true&delete_connected_networks=true`);
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({message: 'Application deletion request queued.'});
		expect(await appStatus(context.sim, uuid)).toBe('exited:unhealthy');
		expect(context.sim.control.dockerCleanups).toBe(1);
		expect((await call(context.sim, 'GET', '/applications')).json).toHaveLength(1);
		context.sim.clock.advance(1999);
		expect((await call(context.sim, 'GET', `/applications/${uuid}`)).status).toBe(200);
		context.sim.clock.advance(1);
		const gone = await call(context.sim, 'GET', `/applications/${uuid}`);
		expect(gone.status).toBe(404);
		expect(gone.json).toEqual({message: 'Application not found.'});
		expect((await call(context.sim, 'GET', '/applications')).json).toEqual([]);
	});
});
