import {afterEach, describe, expect, it} from 'vitest';
import type {CreateApplicationResponse} from '../../source/coolify/types.js';
import {runCleanup} from '../../source/services/cleanup.js';
import {createDeployment} from '../../source/services/create-deployment.js';
import {deleteDeployment} from '../../source/services/deployment-actions.js';
import {startTestEnvironment, type TestEnvironment} from '../helpers/environment.js';

// Cleanup and delete touch only applications that carry the coolify-tui tag AND have a record of ours.

let environment: TestEnvironment | undefined;

afterEach(async () => {
	await environment?.dispose();
	environment = undefined;
});

/** An application someone made by hand in the same project: no coolify-tui tag. */
async function foreignApplication(env: TestEnvironment, tags: string[] = []): Promise<string> {
	const answer = await env.context.client.transport.request<CreateApplicationResponse>({
		method: 'POST',
		path: '/applications/dockerimage',
		body: {
			project_uuid: env.simulator.seed.projectUuid,
			server_uuid: env.simulator.seed.serverUuid,
			environment_name: env.simulator.seed.environmentName,
			docker_registry_image_name: 'postgres',
			docker_registry_image_tag: '16',
			ports_exposes: '5432',
			name: 'production-database',
			instant_deploy: true,
			...(tags.length > 0 ? {tags} : {}),
		},
	});
	expect(answer.uuid).toBeTruthy();
	return answer.uuid!;
}

const mutationsOf = (env: TestEnvironment, uuid: string) =>
	env.simulator.requests.filter(request => request.method !== 'GET' && request.path.includes(uuid));

describe('what cleanup and delete may touch', () => {
	it('an untagged application whose uuid ended up in one of our records is neither cleaned nor deleted', async () => {
		const env = (environment = await startTestEnvironment());
		const foreign = await foreignApplication(env);
		// A record pointing at it: a hand-edited data file, or a uuid pasted by mistake.
		const record = await createDeployment(env.context, 'web', {autoStart: false});
		await env.store.patchRecord(record.id, {coolifyApplicationId: foreign});

		const report = await runCleanup(env.context, {maxAgeHours: 0});
		expect(report.items).toEqual([expect.objectContaining({id: record.id, outcome: 'skipped', message: expect.stringMatching(/does not carry the coolify-tui tag/)})]);

		await expect(deleteDeployment(env.context, record.id, {pollMs: 5, timeoutMs: 2000})).rejects.toThrow(/does not carry the coolify-tui tag/);
		expect(mutationsOf(env, foreign)).toEqual([]);
		expect(env.simulator.control.getApplicationStatus(foreign)).toBeDefined();
		expect((await env.store.getRecord(record.id))!.deletedAt).toBeNull();
	});

	it('a tagged application without a record of ours (another data file) is never touched', async () => {
		const env = (environment = await startTestEnvironment());
		const stranger = await foreignApplication(env, ['coolify-tui']);
		const ours = await createDeployment(env.context, 'web');
		const report = await runCleanup(env.context, {maxAgeHours: 0});
		expect(report.items.map(item => item.applicationUuid)).toEqual([ours.coolifyApplicationId]);
		await expect(deleteDeployment(env.context, stranger)).rejects.toThrow(/no deployment/);
		expect(mutationsOf(env, stranger)).toEqual([]);
		expect(env.simulator.control.getApplicationStatus(stranger)).toBeDefined();
	});

	it('a dry run touches nothing at all', async () => {
		const env = (environment = await startTestEnvironment());
		await createDeployment(env.context, 'web');
		const before = env.simulator.stats.mutating;
		const report = await runCleanup(env.context, {maxAgeHours: 0, dryRun: true});
		expect(report.items.map(item => item.outcome)).toEqual(['would-clean']);
		expect(env.simulator.stats.mutating).toBe(before);
	});
});
