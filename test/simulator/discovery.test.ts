import {describe, expect, it} from 'vitest';
import {startSimulator} from '../../source/simulator/index.js';
import {call, createImageApp, useSimulator} from './support.js';

describe('simulator: discovery routes', () => {
	const context = useSimulator();

	it('returns the team bound to the token', async () => {
		const answer = await call(context.sim, 'GET', '/team');
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({id: context.sim.seed.teamId, name: 'Root Team'});
	});

	it('lists projects and returns one with its environments', async () => {
		const list = await call(context.sim, 'GET', '/projects');
		expect(list.json).toEqual([expect.objectContaining({uuid: context.sim.seed.projectUuid, name: 'Test deployments'})]);
		const project = await call(context.sim, 'GET', `/projects/${context.sim.seed.projectUuid}`);
		expect(project.json.environments).toEqual([
			expect.objectContaining({name: 'production', uuid: context.sim.seed.environmentUuid}),
		]);
		expect((await call(context.sim, 'GET', '/projects/missing')).json).toEqual({message: 'Project not found.'});
	});

	it('lists environments with their uuid (which the spec leaves out)', async () => {
		const answer = await call(context.sim, 'GET', `/projects/${context.sim.seed.projectUuid}/environments`);
		expect(answer.json).toEqual([{id: expect.any(Number), uuid: context.sim.seed.environmentUuid, name: 'production'}]);
		expect((await call(context.sim, 'GET', '/projects/missing/environments')).status).toBe(404);
	});

	it('finds an environment by name or by uuid, with its applications', async () => {
		const uuid = await createImageApp(context.sim);
		for (const key of ['production', context.sim.seed.environmentUuid]) {
			const answer = await call(context.sim, 'GET', `/projects/${context.sim.seed.projectUuid}/${key}`);
			expect(answer.status).toBe(200);
			expect(answer.json.uuid).toBe(context.sim.seed.environmentUuid);
			expect(answer.json.applications.map((application: {uuid: string}) => application.uuid)).toEqual([uuid]);
		}

		const missing = await call(context.sim, 'GET', `/projects/${context.sim.seed.projectUuid}/staging`);
		expect(missing.status).toBe(404);
		expect(missing.json).toEqual({message: 'Environment not found.'});
	});

	it('creates projects (with a production environment) and environments', async () => {
		const created = await call(context.sim, 'POST', '/projects', {body: {name: 'Other', description: 'x'}});
		expect(created.status).toBe(201);
		const environment = await call(context.sim, 'POST', `/projects/${created.json.uuid}/environments`, {body: {name: 'staging'}});
		expect(environment.status).toBe(201);
		const again = await call(context.sim, 'POST', `/projects/${created.json.uuid}/environments`, {body: {name: 'staging'}});
		expect(again.status).toBe(409);
		const names = (await call(context.sim, 'GET', `/projects/${created.json.uuid}/environments`)).json.map((item: {name: string}) => item.name);
		expect(names).toEqual(['production', 'staging']);
	});

	it('lists servers and returns one; 404 for an unknown uuid', async () => {
		const servers = await call(context.sim, 'GET', '/servers');
		expect(servers.json).toEqual([expect.objectContaining({uuid: context.sim.seed.serverUuid, name: 'localhost'})]);
		expect(servers.json[0].settings).toMatchObject({is_reachable: true, is_usable: true});
		const server = await call(context.sim, 'GET', `/servers/${context.sim.seed.serverUuid}`);
		expect(server.json.name).toBe('localhost');
		const missing = await call(context.sim, 'GET', '/servers/missing');
		expect(missing.status).toBe(404);
		expect(missing.json).toEqual({message: 'Server not found.'});
	});

	it('lists a server resources', async () => {
		const uuid = await createImageApp(context.sim);
		const answer = await call(context.sim, 'GET', `/servers/${context.sim.seed.serverUuid}/resources`);
		expect(answer.json).toEqual([expect.objectContaining({uuid, type: 'application', status: 'exited:unhealthy'})]);
	});

	it('lists destinations, per server and in all', async () => {
		const byServer = await call(context.sim, 'GET', `/servers/${context.sim.seed.serverUuid}/destinations`);
		expect(byServer.json).toEqual([
			expect.objectContaining({uuid: context.sim.seed.destinationUuid, network: 'coolify', type: 'standalone', server_uuid: context.sim.seed.serverUuid}),
		]);
		const second = context.sim.control.addDestination(context.sim.seed.serverUuid, {network: 'tests'});
		const all = await call(context.sim, 'GET', '/destinations');
		expect(all.json.map((destination: {uuid: string}) => destination.uuid)).toEqual([context.sim.seed.destinationUuid, second]);
		expect((await call(context.sim, 'GET', '/servers/missing/destinations')).status).toBe(404);
	});

	it('needs destination_uuid once a server has several destinations', async () => {
		const second = context.sim.control.addDestination(context.sim.seed.serverUuid);
		const refused = await call(context.sim, 'POST', '/applications/dockerimage', {
			body: {
				project_uuid: context.sim.seed.projectUuid,
				server_uuid: context.sim.seed.serverUuid,
				environment_name: 'production',
				docker_registry_image_name: 'nginx',
				ports_exposes: '80',
			},
		});
		expect(refused.status).toBe(400);
		expect(refused.json).toEqual({message: 'Server has multiple destinations and you do not set destination_uuid.'});
		const uuid = await createImageApp(context.sim, {destination_uuid: second});
		const application = await call(context.sim, 'GET', `/applications/${uuid}`);
		expect(application.json.destination_id).toBe(1);
	});
});

describe('simulator: seed option', () => {
	it('starts with only the team when seed is false', async () => {
		const sim = await startSimulator({clock: 'manual', seed: false});
		try {
			expect(sim.seed.projectUuid).toBe('');
			expect((await call(sim, 'GET', '/projects')).json).toEqual([]);
			expect((await call(sim, 'GET', '/servers')).json).toEqual([]);
			expect((await call(sim, 'GET', '/team')).status).toBe(200);
		} finally {
			await sim.close();
		}
	});
});
