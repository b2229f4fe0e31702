import {rm} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {decodeMarker} from '../../source/domain/marker.js';
import {createGraceMs, goneOutsideMessage, isUnfinishedCreate} from '../../source/domain/reconcile.js';
import {runCleanup} from '../../source/services/cleanup.js';
import {createServiceContext, type ServiceContext} from '../../source/services/context.js';
import {createDeployment} from '../../source/services/create-deployment.js';
import {refreshDeployment} from '../../source/services/deployment-actions.js';
import {pollOnce, type TickResult} from '../../source/services/poller.js';
import {DeploymentStore} from '../../source/store/index.js';
import type {DeploymentRecord} from '../../source/domain/records.js';
import {useServiceEnvironment, type ServiceEnvironment} from './support.js';
import {simulatedTime} from '../helpers/manual-scheduler.js';

// Two data files against one Coolify are two machines (a laptop and a CI runner, two teammates): every
// check goes through the real services and client against the simulator.

type Machine = {context: ServiceContext; store: DeploymentStore; dataPath: string};

const environments = useServiceEnvironment();

async function twoMachines(): Promise<{environment: ServiceEnvironment; alice: Machine; ci: Machine}> {
	const environment = await environments.start({simulator: {rateLimitPerMinute: 1_000_000}});
	const machine = async (name: string, owner: string): Promise<Machine> => {
		const dataPath = path.join(environment.folder, `${name}.json`);
		const store = await DeploymentStore.open(dataPath);
		const context = createServiceContext({
			config: environment.config,
			store,
			owner: {name: owner, source: 'config'},
			clientOptions: {retry: {minDelayMs: 1, maxDelayMs: 5}},
			scheduler: simulatedTime(environment.simulator.clock),
		});
		return {context, store, dataPath};
	};

	return {environment, alice: await machine('alice', 'alice'), ci: await machine('ci', 'ci_github.com/acme/web/actions/runs/7')};
}

/** One tick, checking its cost as the simulator counted it: at most 3 requests, whatever is tracked. */
async function tick(environment: ServiceEnvironment, machine: Machine): Promise<TickResult> {
	environment.simulator.stats.reset();
	const result = await pollOnce(machine.context);
	expect(result.requests).toBe(environment.simulator.stats.total);
	expect(result.requests).toBeLessThanOrEqual(3);
	return result;
}

const live = async (machine: Machine) => (await machine.store.listRecords()).filter(record => !record.deletedAt && !record.cleanedAt);
const byKey = (records: DeploymentRecord[], key: string | null | undefined) => records.find(record => record.key === key);

describe('two machines, one Coolify', () => {
	it('each sees the other\'s deployments, with owner, key and expiry, without local env', async () => {
		const {environment, alice, ci} = await twoMachines();
		const mine = await createDeployment(alice.context, 'web');
		// Even under one name (deploy --name), which an older coolify-tui retried by: only the key is ours.
		const theirs = await createDeployment(ci.context, 'web', {name: 'web-preview'});
		expect(mine.key).not.toBe(theirs.key);
		expect(mine.applicationName).not.toBe(theirs.applicationName);

		await tick(environment, alice);
		await tick(environment, ci);
		const seenByAlice = byKey(await live(alice), theirs.key);
		expect(seenByAlice).toMatchObject({
			origin: 'adopted',
			owner: 'ci_github.com/acme/web/actions/runs/7',
			pipelineId: 'web',
			coolifyApplicationId: theirs.coolifyApplicationId,
			applicationName: theirs.applicationName,
			expiresAt: theirs.expiresAt,
			environmentVariables: {},
		});
		expect(byKey(await live(ci), mine.key)).toMatchObject({origin: 'adopted', owner: 'alice', coolifyApplicationId: mine.coolifyApplicationId});
		// Each machine's own record stays its own.
		expect(byKey(await live(alice), mine.key)).toMatchObject({origin: 'created', id: mine.id});
		expect(await live(alice)).toHaveLength(2);
		expect(await live(ci)).toHaveLength(2);

		// Later ticks adopt nothing twice.
		await tick(environment, alice);
		expect(await live(alice)).toHaveLength(2);
	});

	it('rebuilds a deleted data file on the next poll', async () => {
		const {environment, alice} = await twoMachines();
		const first = await createDeployment(alice.context, 'web');
		const second = await createDeployment(alice.context, 'api');
		await rm(alice.dataPath);
		expect(await alice.store.listRecords()).toEqual([]);

		await tick(environment, alice);
		const rebuilt = await live(alice);
		expect(rebuilt.map(record => record.key).sort()).toEqual([first.key, second.key].sort());
		expect(byKey(rebuilt, first.key)).toMatchObject({coolifyApplicationId: first.coolifyApplicationId, pipelineId: 'web', owner: 'alice'});
		expect(byKey(rebuilt, second.key)).toMatchObject({coolifyApplicationId: second.coolifyApplicationId, pipelineId: 'api'});
		// Local ids are never handed out twice, even across a lost file.
		expect(Math.min(...rebuilt.map(record => record.id))).toBeGreaterThan(second.id);
	});

	it('a lost create answer is resolved by the key: one application, tracked, and the other machine\'s untouched', async () => {
		const {environment, alice, ci} = await twoMachines();
		const theirs = await createDeployment(ci.context, 'web');
		const theirStatus = environment.simulator.control.getApplicationStatus(theirs.coolifyApplicationId!);
		environment.simulator.requests.length = 0;
		// Coolify creates the application, then the answer is lost (a 503 from the proxy after Coolify acted).
		environment.simulator.faults.failNext(1, 503, {only: 'POST /applications/dockerimage', afterHandling: true});
		const mine = await createDeployment(alice.context, 'web', {name: 'web-preview'});

		expect(mine.status).not.toBe('failed');
		expect(mine.coolifyApplicationId).not.toBe(theirs.coolifyApplicationId);
		const applications = await alice.context.client.listOwnApplications();
		const withMyKey = applications.filter(application => decodeMarker(application.description)?.key === mine.key);
		expect(withMyKey).toHaveLength(1);
		expect(mine.coolifyApplicationId).toBe(withMyKey[0]!.uuid);
		expect(applications).toHaveLength(2);
		// Not one request touched the other machine's application.
		const touched = environment.simulator.requests.filter(request => request.path.includes(theirs.coolifyApplicationId!));
		expect(touched).toEqual([]);
		expect(environment.simulator.control.getApplicationStatus(theirs.coolifyApplicationId!)).toBe(theirStatus);
		await tick(environment, ci);
		expect(byKey(await live(ci), theirs.key)).toMatchObject({id: theirs.id, origin: 'created'});
	});

	it('Ctrl-C during a create leaves nothing untracked: the next poll finds the application by its key', async () => {
		const {environment, alice} = await twoMachines();
		// Coolify acts but the answer never comes; the user presses Ctrl-C meanwhile.
		environment.simulator.faults.failNext(1, 503, {only: 'POST /applications/dockerimage', afterHandling: true, noAnswer: true});
		const interrupt = new AbortController();
		const creating = createDeployment(alice.context, 'web', {signal: interrupt.signal});
		let key: string | undefined;
		await expect.poll(async () => {
			key = (await alice.store.listRecords())[0]?.key ?? undefined;
			const applications = await alice.context.client.listOwnApplications();
			return applications.some(application => key && decodeMarker(application.description)?.key === key);
		}).toBe(true);
		interrupt.abort('SIGINT');
		const interrupted = await creating;
		expect(interrupted).toMatchObject({status: 'failed', coolifyApplicationId: null, errorMessage: 'the create did not finish: interrupted'});

		await tick(environment, alice);
		const found = (await alice.store.getRecord(interrupted.id))!;
		const applications = await alice.context.client.listOwnApplications();
		expect(found.coolifyApplicationId).toBe(applications.find(application => decodeMarker(application.description)?.key === key)!.uuid);
		// Made but never started: stopped, "not started", not pending forever.
		expect(found).toMatchObject({status: 'stopped', errorMessage: 'not started', deletedAt: null});
		// Every tagged application is a record of this machine now.
		const tracked = new Set((await alice.store.listRecords()).map(record => record.coolifyApplicationId));
		expect(applications.every(application => tracked.has(application.uuid))).toBe(true);
	});

	it('a create killed before Coolify acted ends as a failed create, counted nowhere, and cleanup waits for creates in progress', async () => {
		const {environment, alice} = await twoMachines();
		// What a kill -9 between writing the record and creating the application leaves behind.
		const orphan = await alice.store.createRecord({pipelineId: 'web', applicationName: 'web-test-zzz999', key: 'zzz999', status: 'pending', origin: 'created', owner: 'alice'});
		expect((await runCleanup(alice.context, {maxAgeHours: 0})).items).toEqual([]);
		expect((await alice.store.getRecord(orphan.id))!.cleanedAt).toBeNull();

		await tick(environment, alice);
		expect((await alice.store.getRecord(orphan.id))!.status).toBe('pending');
		environment.simulator.clock.advance(createGraceMs + 60_000);
		await tick(environment, alice);
		const ended = (await alice.store.getRecord(orphan.id))!;
		expect(ended).toMatchObject({status: 'failed', errorMessage: 'the create did not finish: no application with key zzz999 appeared in Coolify'});
		expect(isUnfinishedCreate(ended, alice.context.now())).toBe(true);
	});

	it('one `200 []` answer and a foreign 404 lose nothing; Coolify\'s own "Application not found." does', async () => {
		const {environment, alice} = await twoMachines();
		const first = await createDeployment(alice.context, 'web');
		const second = await createDeployment(alice.context, 'api');
		await tick(environment, alice);
		const before = await live(alice);

		// A misbehaving proxy answers the list with an empty array: suspect, nothing concluded.
		environment.simulator.faults.failNext(1, 200, {only: 'GET /applications', json: []});
		await tick(environment, alice);
		expect(await live(alice)).toHaveLength(2);

		// With one deployment the empty list is not suspect, but the proof asked for gets a foreign 404.
		await alice.store.patchRecord(second.id, {deletedAt: new Date().toISOString(), stoppedByUser: true});
		for (const answer of [{status: 404, json: {message: 'Not found.'}}, {status: 404, json: undefined}]) {
			environment.simulator.faults.failNext(1, 200, {only: 'GET /applications', json: []});
			environment.simulator.faults.failNext(1, answer.status, {only: 'GET /applications/{uuid}', json: answer.json});
			await tick(environment, alice);
			expect((await alice.store.getRecord(first.id))!.deletedAt).toBeNull();
		}

		// `show` with a foreign 404 fails loudly and changes nothing.
		environment.simulator.faults.failNext(1, 404, {only: 'GET /applications/{uuid}', json: {message: 'Not found.'}});
		await expect(refreshDeployment(alice.context, first.id)).rejects.toThrow(/404/);
		expect((await alice.store.getRecord(first.id))!.deletedAt).toBeNull();
		expect(before.find(record => record.id === first.id)!.deletedAt).toBeNull();

		// Deleted in Coolify's UI: the list lacks it, and Coolify itself says so.
		environment.simulator.control.deleteApplication(first.coolifyApplicationId!);
		await tick(environment, alice);
		expect(await alice.store.getRecord(first.id)).toMatchObject({deletedAt: expect.any(String), errorMessage: goneOutsideMessage});
	});

	it('a poll tick costs at most 3 requests however many deployments and machines there are', async () => {
		const {environment, alice, ci} = await twoMachines();
		for (let index = 0; index < 6; index++) {
			await createDeployment(index % 2 === 0 ? alice.context : ci.context, index % 3 === 0 ? 'api' : 'web');
		}

		for (let round = 0; round < 30; round++) {
			await tick(environment, alice);
			await tick(environment, ci);
			environment.simulator.clock.advance(5000);
		}

		expect(await live(alice)).toHaveLength(6);
		expect(await live(ci)).toHaveLength(6);
		expect((await live(alice)).filter(record => record.pipelineId === 'web').every(record => record.status === 'running')).toBe(true);
	});
});

describe('records made before markers existed', () => {
	it('get a key and their marker written once; their names stay', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const made = await createDeployment(context, 'web', {name: 'web-test-1'});
		// As an older coolify-tui left it: no key in the record, a plain description in Coolify.
		await context.client.updateApplication(made.coolifyApplicationId!, {description: 'Test deployment #1 of pipeline web, made by coolify-tui'});
		await context.store.patchRecord(made.id, {key: null, owner: null, expiresAt: null, origin: undefined});

		simulator.stats.reset();
		const result = await pollOnce(context);
		expect(result.requests).toBeLessThanOrEqual(3);
		const migrated = (await context.store.getRecord(made.id))!;
		expect(migrated.key).toMatch(/^[\da-z]{6}$/);
		expect(migrated.applicationName).toBe('web-test-1');
		const application = await context.client.getApplication(made.coolifyApplicationId!);
		expect(application.name).toBe('web-test-1');
		expect(decodeMarker(application.description)).toMatchObject({key: migrated.key, pipeline: 'web', owner: migrated.owner});

		// Once: the next ticks write no marker again.
		simulator.requests.length = 0;
		await pollOnce(context);
		await pollOnce(context);
		expect(simulator.requests.filter(request => request.method === 'PATCH')).toEqual([]);
	});

	it('tagged applications without a valid marker are unmanaged: reported, never adopted', async () => {
		const environment = await environments.start();
		const {context} = environment;
		const made = await createDeployment(context, 'web');
		await context.client.updateApplication(made.coolifyApplicationId!, {description: 'made by hand'});
		await context.store.removeRecord(made.id);
		const result = await pollOnce(context);
		expect(result.unmanaged).toEqual([{uuid: made.coolifyApplicationId, name: made.applicationName}]);
		expect(await context.store.listRecords()).toEqual([]);
	});
});
