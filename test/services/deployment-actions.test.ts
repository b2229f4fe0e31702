import {describe, expect, it} from 'vitest';
import {createDeployment} from '../../source/services/create-deployment.js';
import {deleteDeployment, refreshDeployment, requireRecord, startDeployment, stopDeployment} from '../../source/services/deployment-actions.js';
import {UserError} from '../../source/services/errors.js';
import {pollOnce} from '../../source/services/poller.js';
import {record, rejection, useServiceEnvironment, type ServiceEnvironment} from './support.js';

/** Deploys the pipeline and runs simulated time until its application runs. */
async function deployRunning(environment: ServiceEnvironment, pipelineId = 'web') {
	const created = await createDeployment(environment.context, pipelineId);
	environment.simulator.clock.advance(20_000);
	await pollOnce(environment.context);
	const current = await record(environment, created.id);
	expect(current.status).toBe('running');
	return current;
}

function routesSince(environment: ServiceEnvironment, start: number): string[] {
	return environment.simulator.requests.slice(start).map(request => `${request.method} ${request.route}`);
}

describe('start, stop, delete and refresh', () => {
	const environments = useServiceEnvironment();

	it('finds records by id or application uuid, and explains an unknown one', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web', {autoStart: false});
		expect((await requireRecord(environment.context, created.id)).id).toBe(created.id);
		expect((await requireRecord(environment.context, created.coolifyApplicationId!)).id).toBe(created.id);
		const error = await rejection(requireRecord(environment.context, 999));
		expect(error).toBeInstanceOf(UserError);
		expect(error.message).toContain('no deployment "999"');
	});

	it('starts a deployment that was never started', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web', {autoStart: false});
		const started = await startDeployment(environment.context, created.id);
		expect(started).toMatchObject({status: 'pending', deploymentStatus: 'queued', coolifyDeploymentId: expect.any(String), stoppedByUser: false});
		expect((await environment.context.client.getDeployment(started.coolifyDeploymentId!)).status).toBe('queued');
	});

	it('adopts the queued deployment when Coolify answers "already queued" without a uuid', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web');
		const start = environment.simulator.requests.length;
		const again = await startDeployment(environment.context, created.id);
		expect(again.coolifyDeploymentId).toBe(created.coolifyDeploymentId);
		expect(routesSince(environment, start)).toEqual(['POST /applications/{uuid}/start', 'GET /deployments/applications/{uuid}']);
	});

	it('stops at once in the record while Coolify catches up', async () => {
		const environment = await environments.start();
		const running = await deployRunning(environment);
		const stopped = await stopDeployment(environment.context, running.id);
		expect(stopped).toMatchObject({status: 'stopped', health: null, stoppedByUser: true});
		expect(environment.simulator.control.getApplicationStatus(running.coolifyApplicationId!)).toBe('running:unknown');
		environment.simulator.clock.advance(1000);
		expect(environment.simulator.control.getApplicationStatus(running.coolifyApplicationId!)).toBe('exited:unhealthy');
		expect(environment.simulator.requests.find(request => request.route === '/applications/{uuid}/stop')?.query).toEqual({docker_cleanup: 'false'});
		expect(environment.simulator.control.dockerCleanups).toBe(0);

		const restarted = await startDeployment(environment.context, running.id);
		expect(restarted).toMatchObject({status: 'pending', stoppedByUser: false});
		expect(restarted.coolifyDeploymentId).not.toBe(running.coolifyDeploymentId);
	});

	it('deletes a running application without stopping it first (Coolify\'s delete does), waits for the 404, then marks the record deleted', async () => {
		const environment = await environments.start();
		const running = await deployRunning(environment);
		await environment.store.patchRecord(running.id, {runtimeLogs: {text: 'cached', fetchedAt: new Date().toISOString(), truncated: false}});
		const start = environment.simulator.requests.length;
		const deleted = await deleteDeployment(environment.context, running.id, {pollMs: 500});
		expect(deleted).toMatchObject({status: 'stopped', stoppedByUser: true, buildLogs: null, runtimeLogs: null, errorMessage: null});
		expect(deleted.deletedAt).not.toBeNull();
		const routes = routesSince(environment, start);
		expect(routes.filter(route => !route.startsWith('GET '))).toEqual(['DELETE /applications/{uuid}']);
		expect(environment.simulator.control.dockerCleanups).toBe(0);
		// After the DELETE: only reads of the application, until it answers 404.
		expect(routes.slice(routes.indexOf('DELETE /applications/{uuid}') + 1).every(route => route === 'GET /applications/{uuid}')).toBe(true);
		expect(environment.simulator.requests.at(-1)!.status).toBe(404);
		expect(await environment.context.client.findApplication(running.coolifyApplicationId!)).toBeUndefined();
		// The record stays, as history.
		expect((await environment.store.listRecords({includeHidden: true})).map(entry => entry.id)).toEqual([running.id]);
		expect(await environment.store.listRecords()).toEqual([]);
	});

	it('deletes a stopped application without stopping it again', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web', {autoStart: false});
		const start = environment.simulator.requests.length;
		await deleteDeployment(environment.context, created.id, {pollMs: 500});
		expect(routesSince(environment, start)).not.toContain('POST /applications/{uuid}/stop');
		expect(routesSince(environment, start)).toContain('DELETE /applications/{uuid}');
	});

	it('marks a record deleted when its application is already gone, with no mutating request', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web');
		environment.simulator.control.deleteApplication(created.coolifyApplicationId!);
		const mutating = environment.simulator.stats.mutating;
		const deleted = await deleteDeployment(environment.context, created.id);
		expect(deleted.deletedAt).not.toBeNull();
		expect(environment.simulator.stats.mutating).toBe(mutating);

		// Deleting again changes nothing and asks Coolify nothing.
		const total = environment.simulator.stats.total;
		expect(await deleteDeployment(environment.context, created.id)).toEqual(deleted);
		expect(environment.simulator.stats.total).toBe(total);
	});

	it('marks a record that never got an application deleted without asking Coolify', async () => {
		const environment = await environments.start();
		const failed = await createDeployment(environment.context, 'web', {
			ports: [
				{containerPort: 80, hostPort: 8080},
				{containerPort: 81, hostPort: 8080},
			],
		});
		const total = environment.simulator.stats.total;
		expect((await deleteDeployment(environment.context, failed.id)).deletedAt).not.toBeNull();
		expect(environment.simulator.stats.total).toBe(total);
		const error = await rejection(startDeployment(environment.context, failed.id));
		expect(error).toBeInstanceOf(UserError);
		expect(error.message).toContain('was deleted');
	});

	it('refuses to start or stop a deployment whose application never existed', async () => {
		const environment = await environments.start();
		const failed = await createDeployment(environment.context, 'web', {ports: [{containerPort: 80, hostPort: 1}, {containerPort: 81, hostPort: 1}]});
		for (const action of [startDeployment, stopDeployment]) {
			const error = await rejection(action(environment.context, failed.id));
			expect(error).toBeInstanceOf(UserError);
			expect(error.message).toContain('Coolify never created its application');
		}
	});

	it('gives up waiting for a deletion that never completes, with an explanation', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web', {autoStart: false});
		// Coolify's queue never runs the deletion (here: the DELETE never reaches it, and its 404 reads as "gone").
		environment.simulator.faults.failNext(1, 404, {only: 'DELETE /applications/{uuid}'});
		const error = await rejection(deleteDeployment(environment.context, created.id, {timeoutMs: 5000, pollMs: 1000}));
		expect(error.message).toContain('still exists after 5s');
		expect((await record(environment, created.id)).deletedAt).toBeNull();
	});

	it('refreshes one record from Coolify', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web');
		environment.simulator.clock.advance(20_000);
		const start = environment.simulator.requests.length;
		const refreshed = await refreshDeployment(environment.context, created.id);
		expect(refreshed).toMatchObject({status: 'running', health: 'unknown', deploymentStatus: 'finished', coolifyStatus: 'running:unknown'});
		expect(refreshed.deploymentFinishedAt).toEqual(expect.any(String));
		expect(routesSince(environment, start)).toEqual(['GET /applications/{uuid}', 'GET /deployments/{uuid}']);
	});

	it('refresh adopts the newest deployment when the record has none', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web', {autoStart: false});
		const {deployment_uuid: id} = await environment.context.client.startApplication(created.coolifyApplicationId!);
		const refreshed = await refreshDeployment(environment.context, created.id);
		expect(refreshed).toMatchObject({coolifyDeploymentId: id, deploymentStatus: 'queued', status: 'pending'});
	});

	it('refresh marks an application deleted behind our back', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'web');
		environment.simulator.control.deleteApplication(created.coolifyApplicationId!);
		const refreshed = await refreshDeployment(environment.context, created.id);
		expect(refreshed).toMatchObject({status: 'stopped', errorMessage: expect.stringContaining('deleted outside coolify-tui')});
		expect(refreshed.deletedAt).not.toBeNull();
		// Asked again (it would come back if its application reappeared), it stays as it was.
		const total = environment.simulator.stats.total;
		expect(await refreshDeployment(environment.context, created.id)).toEqual(refreshed);
		expect(environment.simulator.stats.total).toBe(total + 1);
	});
});
