import {describe, expect, it} from 'vitest';
import {startSimulator} from '../../source/simulator/index.js';
import {
	appStatus,
	buildLogEntries,
	call,
	createImageApp,
	dockerfileBody,
	getDeployment,
	imageBody,
	startApp,
	useSimulator,
} from './support.js';

describe('simulator: deployment lifecycle', () => {
	const context = useSimulator();

	it('goes queued -> in_progress -> finished, then the app running:unhealthy (the blip) -> running:unknown', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		const started = await startApp(sim, uuid);
		expect(started.status).toBe(200);
		expect(started.json).toEqual({message: 'Deployment request queued.', deployment_uuid: expect.any(String)});
		const id = started.json.deployment_uuid as string;
		const queued = await getDeployment(sim, id);
		expect(queued).toMatchObject({status: 'queued', deployment_uuid: id, application_id: expect.any(String), is_api: true, finished_at: null});
		expect(queued.logs).toBeNull();
		expect(queued.deployment_url).toBe(`/project/${sim.seed.projectUuid}/environment/${sim.seed.environmentUuid}/application/${uuid}/deployment/${id}`);

		sim.clock.advance(1000);
		expect((await getDeployment(sim, id)).status).toBe('in_progress');
		expect(await appStatus(sim, uuid)).toBe('exited:unhealthy');
		sim.clock.advance(12_000);
		const finished = await getDeployment(sim, id);
		expect(finished.status).toBe('finished');
		expect(finished.finished_at).toEqual(expect.any(String));
		// ApplicationDeploymentJob stores `running`, read as `running:unhealthy` until the status job runs.
		expect(await appStatus(sim, uuid)).toBe('running:unhealthy');
		sim.clock.advance(3000);
		expect(await appStatus(sim, uuid)).toBe('running:unknown');
	});

	it('serves build logs as a JSON-encoded string whose first entry has no order', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		const id = (await startApp(sim, uuid)).json.deployment_uuid as string;
		sim.clock.advance(2500);
		const early = await getDeployment(sim, id);
		expect(typeof early.logs).toBe('string');
		const earlyEntries = buildLogEntries(early);
		sim.clock.advance(15_000);
		const entries = buildLogEntries(await getDeployment(sim, id));
		expect(entries.length).toBeGreaterThan(earlyEntries.length);
		expect(entries[0]).not.toHaveProperty('order');
		expect(entries[0]).toMatchObject({command: null, output: 'Starting deployment of nginx:1.27 to localhost.', type: 'stdout', hidden: false, batch: 1});
		expect(entries.slice(1).map(entry => entry.order)).toEqual(entries.slice(1).map((_, index) => index + 2));
		expect(entries.some(entry => entry.hidden)).toBe(true);
		expect(entries.map(entry => entry.output)).toEqual(expect.arrayContaining(['Rolling update started.', 'Rolling update completed.']));
		for (const entry of entries) {
			expect(Date.parse(entry.timestamp)).not.toBeNaN();
		}
	});

	it('answers "already queued" without deployment_uuid while one is queued or running', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		await startApp(sim, uuid);
		const again = await startApp(sim, uuid);
		expect(again.status).toBe(200);
		expect(again.json).toEqual({message: 'Deployment already queued for this commit.'});
		sim.clock.advance(2000);
		expect((await call(sim, 'POST', `/applications/${uuid}/restart`)).json).toEqual({message: 'Deployment already queued for this commit.'});
	});

	it('queues a deployment on create with instant_deploy', async () => {
		const {sim} = context;
		const created = await call(sim, 'POST', '/applications/dockerimage', {body: imageBody(sim, {instant_deploy: true})});
		expect(created.status).toBe(201);
		const page = await call(sim, 'GET', `/deployments/applications/${created.json.uuid}`);
		expect(page.json.count).toBe(1);
		expect(page.json.deployments[0].status).toBe('queued');
	});

	it('lists only queued and in-progress deployments on GET /deployments', async () => {
		const {sim} = context;
		const first = await createImageApp(sim);
		const second = await createImageApp(sim);
		await startApp(sim, first);
		sim.clock.advance(20_000);
		await startApp(sim, second);
		const active = await call(sim, 'GET', '/deployments');
		expect(active.json).toHaveLength(1);
		expect(active.json[0].application_name).toBe((await call(sim, 'GET', `/applications/${second}`)).json.name);
	});

	it('pages an application history as {count, deployments}, newest first', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		const ids = [];
		for (let index = 0; index < 3; index++) {
			ids.push((await startApp(sim, uuid)).json.deployment_uuid);
			sim.clock.advance(20_000);
		}

		const page = await call(sim, 'GET', `/deployments/applications/${uuid}?skip=0&take=2`);
		expect(page.json.count).toBe(3);
		expect(page.json.deployments.map((deployment: {deployment_uuid: string}) => deployment.deployment_uuid)).toEqual([ids[2], ids[1]]);
		const rest = await call(sim, 'GET', `/deployments/applications/${uuid}?skip=2&take=10`);
		expect(rest.json.deployments.map((deployment: {deployment_uuid: string}) => deployment.deployment_uuid)).toEqual([ids[0]]);
		expect((await call(sim, 'GET', `/deployments/applications/${uuid}?take=0`)).status).toBe(422);
		expect((await call(sim, 'GET', '/deployments/applications/missing')).status).toBe(404);
	});

	it('cancels a running deployment once; then 400 with the current status', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		const id = (await startApp(sim, uuid)).json.deployment_uuid as string;
		sim.clock.advance(3000);
		const cancelled = await call(sim, 'POST', `/deployments/${id}/cancel`);
		expect(cancelled.status).toBe(200);
		expect(cancelled.json).toEqual({message: 'Deployment cancelled successfully.', deployment_uuid: id, status: 'cancelled-by-user'});
		sim.clock.advance(20_000);
		const deployment = await getDeployment(sim, id);
		expect(deployment.status).toBe('cancelled-by-user');
		expect(buildLogEntries(deployment).at(-1)).toMatchObject({output: 'Deployment cancelled by user.', type: 'stderr'});
		expect(await appStatus(sim, uuid)).toBe('exited:unhealthy');
		const again = await call(sim, 'POST', `/deployments/${id}/cancel`);
		expect(again.status).toBe(400);
		expect(again.json).toEqual({message: 'Deployment cannot be cancelled. Current status: cancelled-by-user'});
	});

	it('refuses to cancel a finished deployment; 404 for an unknown one', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		const id = (await startApp(sim, uuid)).json.deployment_uuid as string;
		sim.clock.advance(20_000);
		expect((await call(sim, 'POST', `/deployments/${id}/cancel`)).json).toEqual({message: 'Deployment cannot be cancelled. Current status: finished'});
		const missing = await call(sim, 'GET', '/deployments/missing');
		expect(missing.status).toBe(404);
		expect(missing.json).toEqual({message: 'Deployment not found.'});
	});

	it('deletes an application\'s deployments with it: 404 "Deployment not found." and off GET /deployments', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		const id = (await startApp(sim, uuid)).json.deployment_uuid as string;
		sim.clock.advance(1000);
		expect((await call(sim, 'GET', '/deployments')).json).toHaveLength(1);
		await call(sim, 'DELETE', `/applications/${uuid}`);
		sim.clock.advance(2000);
		const gone = await call(sim, 'GET', `/deployments/${id}`);
		expect(gone.status).toBe(404);
		expect(gone.json).toEqual({message: 'Deployment not found.'});
		expect((await call(sim, 'GET', '/deployments')).json).toEqual([]);
	});

	it('restarts with a restart_only deployment and stops in about a second', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		await startApp(sim, uuid);
		sim.clock.advance(20_000);
		const restart = await call(sim, 'POST', `/applications/${uuid}/restart`);
		expect(restart.json).toEqual({message: 'Restart request queued.', deployment_uuid: expect.any(String)});
		expect((await getDeployment(sim, restart.json.deployment_uuid)).restart_only).toBe(true);
		sim.clock.advance(20_000);
		expect(await appStatus(sim, uuid)).toBe('running:unknown');
		const stop = await call(sim, 'POST', `/applications/${uuid}/stop?docker_cleanup=false`);
		expect(stop.json).toEqual({message: 'Application stopping request queued.'});
		sim.clock.advance(999);
		expect(await appStatus(sim, uuid)).toBe('running:unknown');
		sim.clock.advance(1);
		expect(await appStatus(sim, uuid)).toBe('exited:unhealthy');
	});

	it('keeps deployments waiting while the server build slots are busy', async () => {
		const {sim} = context;
		const uuids = [await createImageApp(sim), await createImageApp(sim), await createImageApp(sim)];
		const ids = [];
		for (const uuid of uuids) {
			ids.push((await startApp(sim, uuid)).json.deployment_uuid as string);
		}

		sim.clock.advance(1500);
		const statuses = await Promise.all(ids.map(async id => (await getDeployment(sim, id)).status));
		expect(statuses).toEqual(['in_progress', 'in_progress', 'queued']);
		sim.clock.advance(60_000);
		expect((await getDeployment(sim, ids[2])).status).toBe('finished');
	});

	it('passes force to the deployment as force_rebuild', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		const id = (await startApp(sim, uuid, '?force=true&instant_deploy=false')).json.deployment_uuid;
		expect((await getDeployment(sim, id)).force_rebuild).toBe(true);
	});

	it('deploys by uuid with POST /deploy', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		const answer = await call(sim, 'POST', `/deploy?uuid=${uuid}`);
		expect(answer.json.deployments).toEqual([{message: expect.stringContaining('deployment queued'), resource_uuid: uuid, deployment_uuid: expect.any(String)}]);
		expect((await call(sim, 'POST', '/deploy')).status).toBe(400);
	});
});

describe('simulator: failing builds', () => {
	const context = useSimulator();

	it('fails an image whose name contains "broken" with stderr lines saying why', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim, {docker_registry_image_name: 'example/broken-build:latest'});
		const id = (await startApp(sim, uuid)).json.deployment_uuid as string;
		sim.clock.advance(30_000);
		const deployment = await getDeployment(sim, id);
		expect(deployment.status).toBe('failed');
		const stderr = buildLogEntries(deployment).filter(entry => entry.type === 'stderr' && !entry.hidden);
		expect(stderr.map(entry => entry.output).join('\n')).toContain('pull access denied for example/broken-build');
		expect(stderr.at(-1)?.output).toBe('Deployment failed. Removing the new version of your application.');
		expect(await appStatus(sim, uuid)).toBe('exited:unhealthy');
	});

	it('fails a Dockerfile with a RUN exit 1 line', async () => {
		const {sim} = context;
		const dockerfile = 'FROM alpine:3.20\nRUN echo building\nRUN exit 1\n';
		const created = await call(sim, 'POST', '/applications/dockerfile', {body: dockerfileBody(sim, dockerfile, {instant_deploy: true})});
		sim.clock.advance(30_000);
		const page = (await call(sim, 'GET', `/deployments/applications/${created.json.uuid}`)).json;
		const deployment = page.deployments[0];
		expect(deployment.status).toBe('failed');
		const outputs = buildLogEntries(deployment).map(entry => entry.output);
		expect(outputs).toEqual(expect.arrayContaining([expect.stringContaining('[3/3] RUN exit 1'), expect.stringContaining('did not complete successfully')]));
		expect(await appStatus(sim, created.json.uuid)).toBe('exited:unhealthy');
	});

	it('builds a Dockerfile step by step without printing env values', async () => {
		const {sim} = context;
		const created = await call(sim, 'POST', '/applications/dockerfile', {body: dockerfileBody(sim)});
		const uuid = created.json.uuid as string;
		await call(sim, 'PATCH', `/applications/${uuid}/envs/bulk`, {body: {data: [{key: 'API_TOKEN', value: 'very-secret-value'}]}});
		const id = (await startApp(sim, uuid)).json.deployment_uuid as string;
		sim.clock.advance(30_000);
		const deployment = await getDeployment(sim, id);
		expect(deployment.status).toBe('finished');
		expect(deployment.logs).not.toContain('very-secret-value');
		expect(deployment.logs).toContain('--build-arg API_TOKEN');
		expect(buildLogEntries(deployment).map(entry => entry.output)).toContain('Building docker image completed.');
	});
});

describe('simulator: full deployment queue', () => {
	it('still answers "Deployment request queued." with a uuid that was never stored', async () => {
		const sim = await startSimulator({clock: 'manual', deploymentQueueLimit: 2});
		try {
			const uuids = [await createImageApp(sim), await createImageApp(sim), await createImageApp(sim)];
			const answers = [];
			for (const uuid of uuids) {
				answers.push((await startApp(sim, uuid)).json);
			}

			expect(answers.map(answer => answer.message)).toEqual(Array.from({length: 3}, () => 'Deployment request queued.'));
			expect((await call(sim, 'GET', `/deployments/${answers[1].deployment_uuid}`)).status).toBe(200);
			expect((await call(sim, 'GET', `/deployments/${answers[2].deployment_uuid}`)).status).toBe(404);
			expect((await call(sim, 'GET', `/deployments/applications/${uuids[2]}`)).json.count).toBe(0);
		} finally {
			await sim.close();
		}
	});
});
