import {readFile, rm, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {DeploymentStore, editRecord, logBounds, statusHistoryLimit} from '../../source/store/index.js';
import type {LifecycleStatus} from '../../source/domain/lifecycle.js';
import {makeTempFolder} from '../helpers/store-files.js';

let folder: string;
let dispose: () => Promise<void>;
let dataPath: string;
let clock: number;

// A clock that moves one second per call, so every timestamp differs.
const now = (): Date => {
	clock += 1000;
	return new Date(clock);
};

beforeEach(async () => {
	({folder, dispose} = await makeTempFolder());
	dataPath = path.join(folder, 'db.json');
	clock = Date.parse('2026-03-01T10:00:00.000Z');
});

afterEach(async () => {
	await dispose();
});

async function openStore(): Promise<DeploymentStore> {
	return DeploymentStore.open(dataPath, {now});
}

describe('DeploymentStore records', () => {
	it('creates a missing file with the defaults', async () => {
		const store = await openStore();
		expect(JSON.parse(await readFile(dataPath, 'utf8'))).toEqual({schemaVersion: 1, nextId: 1, deployments: []});
		expect(store.path).toBe(dataPath);
		expect(store.migratedFrom).toBeUndefined();
	});

	it('creates records with ids from nextId, timestamps and a first status history entry', async () => {
		const store = await openStore();
		const first = await store.createRecord({pipelineId: 'web', applicationName: 'web-test-1'});
		const second = await store.createRecord({
			pipelineId: 'api',
			applicationName: 'api-test-2',
			status: 'building',
			dockerImage: 'nginx:1.27',
			environmentVariables: {NODE_ENV: 'test', API_KEY: '***'},
			portMappings: [{containerPort: 80, hostPort: 8080}],
		});

		expect(first).toEqual({
			id: 1,
			pipelineId: 'web',
			coolifyDeploymentId: null,
			coolifyApplicationId: null,
			status: 'pending',
			health: null,
			applicationName: 'web-test-1',
			dockerImage: null,
			dockerfilePath: null,
			environmentVariables: {},
			portMappings: [],
			deploymentUrl: null,
			buildLogs: null,
			runtimeLogs: null,
			errorMessage: null,
			createdAt: '2026-03-01T10:00:01.000Z',
			updatedAt: '2026-03-01T10:00:01.000Z',
			cleanedAt: null,
			deletedAt: null,
			statusHistory: [{status: 'pending', at: '2026-03-01T10:00:01.000Z'}],
		});
		expect(second).toMatchObject({
			id: 2,
			status: 'building',
			dockerImage: 'nginx:1.27',
			statusHistory: [{status: 'building', at: second.createdAt}],
		});
		expect(second.updatedAt).toBe(second.createdAt);
		const data = await store.read();
		expect(data.nextId).toBe(3);
		expect(data.deployments).toEqual([first, second]);
	});

	it('patches a record, moving updatedAt and appending to the history only on a status change', async () => {
		const store = await openStore();
		const created = await store.createRecord({pipelineId: 'web', applicationName: 'web-1'});

		const named = await store.patchRecord(created.id, {deploymentUrl: 'http://web-1.test'});
		expect(named?.deploymentUrl).toBe('http://web-1.test');
		expect(named?.updatedAt).not.toBe(created.updatedAt);
		expect(named?.statusHistory).toHaveLength(1);

		const building = await store.patchRecord(created.id, {status: 'building'});
		const running = await store.patchRecord(created.id, record => ({
			status: 'running',
			health: 'healthy',
			errorMessage: `was ${record.status}`,
		}));
		expect(running).toMatchObject({status: 'running', health: 'healthy', errorMessage: 'was building'});
		expect(running?.statusHistory).toEqual([
			{status: 'pending', at: created.createdAt},
			{status: 'building', at: building?.updatedAt},
			{status: 'running', at: running?.updatedAt},
		]);
		expect(await store.getRecord(created.id)).toEqual(running);
	});

	it('ignores fields the store manages and undefined values in a patch', async () => {
		const store = await openStore();
		const created = await store.createRecord({pipelineId: 'web', applicationName: 'web-1'});
		const patched = await store.patchRecord(created.id, {
			id: 99,
			createdAt: 'yesterday',
			statusHistory: [],
			applicationName: undefined,
		} as never);
		expect(patched).toEqual(created);
		expect(store.writeCount).toBe(2);
	});

	it('writes nothing when a patch changes nothing', async () => {
		const store = await openStore();
		const created = await store.createRecord({
			pipelineId: 'web',
			applicationName: 'web-1',
			portMappings: [{containerPort: 80}],
		});
		const writesBefore = store.writeCount;
		const before = await stat(dataPath);

		const same = await store.patchRecord(created.id, {
			status: 'pending',
			applicationName: 'web-1',
			portMappings: [{containerPort: 80}],
		});
		const viaFunction = await store.patchRecord(created.id, () => undefined);
		const viaEmpty = await store.patchRecord(created.id, () => ({}));

		expect(same).toEqual(created);
		expect(viaFunction).toEqual(created);
		expect(viaEmpty).toEqual(created);
		expect(store.writeCount).toBe(writesBefore);
		const after = await stat(dataPath);
		expect(after.ino).toBe(before.ino);
		expect(after.mtimeMs).toBe(before.mtimeMs);
	});

	it('returns undefined and writes nothing for an unknown id', async () => {
		const store = await openStore();
		const writesBefore = store.writeCount;
		expect(await store.patchRecord(42, {status: 'failed'})).toBeUndefined();
		expect(await store.getRecord(42)).toBeUndefined();
		expect(await store.removeRecord(42)).toBe(false);
		expect(store.writeCount).toBe(writesBefore);
	});

	it(`keeps the last ${statusHistoryLimit} status changes`, async () => {
		const store = await openStore();
		const created = await store.createRecord({pipelineId: 'web', applicationName: 'web-1'});
		const statuses: LifecycleStatus[] = ['building', 'deploying', 'running', 'stopped'];
		for (let index = 0; index < 60; index += 1) {
			await store.patchRecord(created.id, {status: statuses[index % statuses.length]});
		}

		const record = await store.getRecord(created.id);
		expect(record?.statusHistory).toHaveLength(statusHistoryLimit);
		expect(record?.statusHistory.at(-1)).toEqual({status: 'stopped', at: record?.updatedAt});
		// 61 entries (pending + 60 changes): the first 11 went, so the oldest kept is change 11.
		expect(record?.statusHistory[0]?.status).toBe(statuses[10 % statuses.length]);
	});

	it('bounds cached logs written through a patch', async () => {
		const store = await openStore();
		const created = await store.createRecord({pipelineId: 'web', applicationName: 'web-1'});
		const text = Array.from({length: 3000}, (_, index) => `line ${index}`).join('\n');
		const patched = await store.patchRecord(created.id, {
			buildLogs: {text, fetchedAt: '2026-03-01T10:00:00.000Z', truncated: false},
		});
		expect(patched?.buildLogs?.truncated).toBe(true);
		expect(patched?.buildLogs?.text.split('\n')).toHaveLength(logBounds.maxLines);
		expect(patched?.buildLogs?.text.startsWith(`line ${3000 - logBounds.maxLines}\n`)).toBe(true);
	});

	it('never reuses an id, even after the newest record is removed or the file vanished', async () => {
		const store = await openStore();
		await store.createRecord({pipelineId: 'web', applicationName: 'a'});
		const second = await store.createRecord({pipelineId: 'web', applicationName: 'b'});
		expect(await store.removeRecord(second.id)).toBe(true);
		const third = await store.createRecord({pipelineId: 'web', applicationName: 'c'});
		expect(third.id).toBe(3);
		expect((await store.read()).nextId).toBe(4);

		await rm(dataPath);
		const fourth = await store.createRecord({pipelineId: 'web', applicationName: 'd'});
		expect(fourth.id).toBe(4);
	});

	it('returns read-only snapshots: changing what read() returned fails and changes nothing', async () => {
		const store = await openStore();
		await store.createRecord({pipelineId: 'web', applicationName: 'web-1'});
		const snapshot = await store.read();
		expect(() => {
			snapshot.deployments[0]!.applicationName = 'changed';
		}).toThrow(TypeError);
		expect(() => {
			snapshot.nextId = 100;
		}).toThrow(TypeError);
		expect((await store.read()).deployments[0]?.applicationName).toBe('web-1');
		expect((await store.read()).nextId).toBe(2);
	});

	it('parses an unchanged file once, and a changed one again', async () => {
		const store = await openStore();
		await store.createRecord({pipelineId: 'web', applicationName: 'web-1'});
		const first = await store.read();
		expect(await store.read()).toBe(first);
		await store.patchRecord(1, {applicationName: 'web-renamed'});
		const second = await store.read();
		expect(second).not.toBe(first);
		expect(second.deployments[0]?.applicationName).toBe('web-renamed');
		// Another process's write is seen too: a new file was renamed into place.
		const other = await DeploymentStore.open(store.path);
		await other.patchRecord(1, {applicationName: 'renamed-elsewhere'});
		expect((await store.read()).deployments[0]?.applicationName).toBe('renamed-elsewhere');
	});
});

describe('DeploymentStore.update', () => {
	it('returns what mutate returns and writes only when the data changed', async () => {
		const store = await openStore();
		const writesBefore = store.writeCount;
		expect(await store.update(data => data.deployments.length)).toBe(0);
		expect(store.writeCount).toBe(writesBefore);

		const id = await store.update(data => {
			data.nextId += 1;
			return data.nextId;
		});
		expect(id).toBe(2);
		expect(store.writeCount).toBe(writesBefore + 1);
	});

	it('writes nothing and releases the lock when mutate throws', async () => {
		const store = await openStore();
		const before = await readFile(dataPath, 'utf8');
		await expect(
			store.update(data => {
				data.nextId = 50;
				throw new Error('boom');
			}),
		).rejects.toThrow('boom');
		expect(await readFile(dataPath, 'utf8')).toBe(before);
		await expect(stat(store.lockPath)).rejects.toMatchObject({code: 'ENOENT'});
		// The lock is free again.
		expect((await store.createRecord({pipelineId: 'web', applicationName: 'a'})).id).toBe(1);
	});

	it('refuses an async mutate and data that would make the file unloadable', async () => {
		const store = await openStore();
		const before = await readFile(dataPath, 'utf8');
		await expect(store.update(async () => 1)).rejects.toThrow(TypeError);
		await expect(
			store.update(data => {
				data.deployments.push({id: 1, status: 'bogus'} as never);
			}),
		).rejects.toThrow(/refusing to write invalid data .*deployments\[0\]/);
		await expect(
			store.update(data => {
				data.nextId = 0;
			}),
		).rejects.toThrow(/nextId/);
		expect(await readFile(dataPath, 'utf8')).toBe(before);
	});

	it('hands out frozen records: a change in place throws and writes nothing, editRecord replaces the record', async () => {
		const store = await openStore();
		const {id} = await store.createRecord({pipelineId: 'web', applicationName: 'a'});
		const before = await readFile(dataPath, 'utf8');
		await expect(
			store.update(data => {
				data.deployments[0]!.applicationName = 'b';
			}),
		).rejects.toThrow(TypeError);
		expect(await readFile(dataPath, 'utf8')).toBe(before);

		const edited = await store.update(data => editRecord(data, id, record => {
			record.applicationName = 'b';
		}));
		expect(edited?.applicationName).toBe('b');
		expect(JSON.parse(await readFile(dataPath, 'utf8')).deployments[0].applicationName).toBe('b');
		expect(await store.update(data => editRecord(data, id + 1, () => undefined))).toBeUndefined();
	});

	it('writes exactly JSON.stringify(data, null, tab) however records were replaced, keeping unknown keys', async () => {
		await writeFile(dataPath, JSON.stringify({extra: {kept: ['yes']}, schemaVersion: 1, nextId: 1, deployments: [], zLast: 'é"\n\u0000'}));
		const store = await openStore();
		const expectTextOfItsData = async () => {
			const text = await readFile(dataPath, 'utf8');
			expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, '\t')}\n`);
			return JSON.parse(text) as Record<string, unknown>;
		};

		for (const name of ['a', 'quote " and \\ back', 'line\nbreak', 'nul \u0000 and ☃', 'e']) {
			await store.createRecord({pipelineId: 'web', applicationName: name, environmentVariables: {KEY: name}});
		}

		await store.patchRecord(2, {status: 'running', errorMessage: 'tab\there'});
		await store.removeRecord(4);
		await store.patchRecord(5, {buildLogs: {text: 'x\ny', fetchedAt: '2026-03-01T10:00:00.000Z', truncated: false}});
		const data = await expectTextOfItsData();
		expect(data['extra']).toEqual({kept: ['yes']});
		// Loading made it terminal-safe (the NUL is gone); everything else is as it was.
		expect(data['zLast']).toBe('é"\n');
		expect((data['deployments'] as Array<{applicationName: string}>).map(record => record.applicationName)).toEqual([
			'a',
			'quote " and \\ back',
			'line\nbreak',
			'e',
		]);
		expect(await store.read()).toEqual(data);
		await store.update(data => {
			data.deployments.length = 0;
		});
		expect((await expectTextOfItsData())['deployments']).toEqual([]);
	});

	it('serialises concurrent updates from two instances in one process', async () => {
		const first = await openStore();
		const second = await openStore();
		const created = await Promise.all(
			Array.from({length: 40}, async (_, index) =>
				(index % 2 === 0 ? first : second).createRecord({pipelineId: 'web', applicationName: `app-${index}`}),
			),
		);
		const ids = created.map(record => record.id).sort((a, b) => a - b);
		expect(ids).toEqual(Array.from({length: 40}, (_, index) => index + 1));
		expect((await first.read()).deployments).toHaveLength(40);
	});
});

describe('finding and listing records', () => {
	async function seed(): Promise<DeploymentStore> {
		const store = await openStore();
		await store.createRecord({
			pipelineId: 'web',
			applicationName: 'web-test-1',
			coolifyApplicationId: 'app-uuid-1',
			coolifyDeploymentId: 'dep-uuid-1',
			status: 'running',
			deploymentUrl: 'http://web-test-1.example.test',
		});
		await store.createRecord({pipelineId: 'api', applicationName: 'api-test-2', status: 'failed'});
		await store.createRecord({pipelineId: 'web', applicationName: 'web-test-3', coolifyApplicationId: 'app-uuid-1'});
		await store.createRecord({pipelineId: 'web', applicationName: 'web-test-4', deletedAt: '2026-03-01T11:00:00.000Z'});
		await store.createRecord({pipelineId: 'api', applicationName: 'api-test-5', cleanedAt: '2026-03-01T11:00:00.000Z'});
		for (let index = 6; index <= 12; index += 1) {
			await store.createRecord({pipelineId: 'batch', applicationName: `batch-${String.fromCodePoint(96 + index)}`, status: 'stopped'});
		}

		return store;
	}

	const ids = (records: Array<{id: number}>): number[] => records.map(record => record.id);

	it('hides deleted and cleaned-up records unless asked', async () => {
		const store = await seed();
		expect(ids(await store.listRecords())).toEqual([1, 2, 3, 6, 7, 8, 9, 10, 11, 12]);
		expect(ids(await store.listRecords({includeHidden: true}))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
	});

	it('filters by pipeline, status and text', async () => {
		const store = await seed();
		expect(ids(await store.listRecords({pipelineId: 'web'}))).toEqual([1, 3]);
		expect(ids(await store.listRecords({pipelineId: 'web', includeHidden: true}))).toEqual([1, 3, 4]);
		expect(ids(await store.listRecords({status: 'failed'}))).toEqual([2]);
		expect(ids(await store.listRecords({status: ['running', 'failed']}))).toEqual([1, 2]);
		expect(ids(await store.listRecords({text: 'API'}))).toEqual([2]);
		expect(ids(await store.listRecords({text: 'example.test'}))).toEqual([1]);
		expect(ids(await store.listRecords({text: 'dep-uuid'}))).toEqual([1]);
		// Ids match whole: "1" is record 1, not 10, 11 and 12.
		expect(ids(await store.listRecords({text: '1', pipelineId: 'batch'}))).toEqual([]);
		expect(ids(await store.listRecords({text: '#11'}))).toEqual([11]);
		expect(ids(await store.listRecords({text: '  '}))).toHaveLength(10);
	});

	it('finds by local id, then application uuid (newest first), then deployment uuid', async () => {
		const store = await seed();
		expect((await store.findRecord('2'))?.applicationName).toBe('api-test-2');
		expect((await store.findRecord(' 4 '))?.applicationName).toBe('web-test-4');
		expect((await store.findRecord('app-uuid-1'))?.id).toBe(3);
		expect((await store.findRecord('dep-uuid-1'))?.id).toBe(1);
		expect(await store.findRecord('99')).toBeUndefined();
		expect(await store.findRecord('nope')).toBeUndefined();
		expect(await store.findRecord('')).toBeUndefined();
	});
});
