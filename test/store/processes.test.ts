import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {DeploymentStore, type StoreData} from '../../source/store/index.js';
import {bundleStoreFixture, makeTempFolder, runNodeScript} from '../helpers/store-files.js';

let folder: string;
let dispose: () => Promise<void>;
let writerScript: string;

beforeAll(async () => {
	({folder, dispose} = await makeTempFolder());
	writerScript = await bundleStoreFixture('writer', folder);
});

afterAll(async () => {
	await dispose();
});

describe('several processes on one data file', () => {
	it('two writers of 100 records each end with all 200, unique ids, while a reader never sees half a file', async () => {
		const dataPath = path.join(folder, 'shared', 'db.json');
		await DeploymentStore.open(dataPath);

		let isRunning = true;
		let reads = 0;
		const reader = (async () => {
			// Parses the raw file as fast as it can: a torn or missing file would throw here.
			while (isRunning) {
				JSON.parse(await readFile(dataPath, 'utf8'));
				reads += 1;
			}
		})().catch((error: unknown) => error);

		const results = await Promise.all([
			runNodeScript(writerScript, [dataPath, 'alpha', '100']),
			runNodeScript(writerScript, [dataPath, 'beta', '100']),
		]);
		isRunning = false;
		expect(await reader).toBeUndefined();

		for (const result of results) {
			expect(result.stderr).toBe('');
			expect(result.code).toBe(0);
		}

		const outputs = results.map(result => JSON.parse(result.stdout) as {ids: number[]; writes: number});
		expect(outputs.map(output => output.writes)).toEqual([200, 200]);
		const data = JSON.parse(await readFile(dataPath, 'utf8')) as StoreData;
		const ids = data.deployments.map(record => record.id).sort((a, b) => a - b);
		expect(ids).toEqual(Array.from({length: 200}, (_, index) => index + 1));
		expect(new Set([...outputs[0]!.ids, ...outputs[1]!.ids]).size).toBe(200);
		expect(data.nextId).toBe(201);
		expect(data.deployments.filter(record => record.pipelineId === 'alpha')).toHaveLength(100);
		expect(data.deployments.every(record => record.status === 'building' && record.statusHistory.length === 2)).toBe(true);
		expect(reads).toBeGreaterThan(0);
	});

	it('watch() reports a change made by another process', async () => {
		const dataPath = path.join(folder, 'watched', 'db.json');
		const store = await DeploymentStore.open(dataPath);
		let changes = 0;
		const stop = store.watch(() => {
			changes += 1;
		});
		try {
			const result = await runNodeScript(writerScript, [dataPath, 'script', '1']);
			expect(result.code).toBe(0);
			await expect.poll(() => changes).toBeGreaterThan(0);
			expect((await store.listRecords()).map(record => record.applicationName)).toEqual(['script-0']);
		} finally {
			stop();
		}
	});
});
