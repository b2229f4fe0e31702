import {rename, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {DeploymentStore} from '../../source/store/index.js';
import {makeTempFolder} from '../helpers/store-files.js';

let folder: string;
let dispose: () => Promise<void>;
let dataPath: string;
const stops: Array<() => void> = [];

beforeEach(async () => {
	({folder, dispose} = await makeTempFolder());
	dataPath = path.join(folder, 'db.json');
});

afterEach(async () => {
	for (const stop of stops.splice(0)) {
		stop();
	}

	await dispose();
});

function counter(store: DeploymentStore, options?: Parameters<DeploymentStore['watch']>[1]): {count: () => number; stop: () => void} {
	let count = 0;
	const stop = store.watch(() => {
		count += 1;
	}, options);
	stops.push(stop);
	return {count: () => count, stop};
}

describe('DeploymentStore.watch', () => {
	it('reports writes by another store instance but not its own', async () => {
		const mine = await DeploymentStore.open(dataPath);
		const theirs = await DeploymentStore.open(dataPath);
		const myWatch = counter(mine);
		const theirWatch = counter(theirs);

		await mine.createRecord({pipelineId: 'web', applicationName: 'a'});
		await mine.patchRecord(1, {status: 'building'});
		// Their watcher seeing my writes is the barrier: by then mine has looked at them too.
		await expect.poll(theirWatch.count).toBeGreaterThan(0);
		expect(myWatch.count()).toBe(0);

		await theirs.patchRecord(1, {status: 'running'});
		await expect.poll(myWatch.count).toBe(1);
	});

	it('reports a change hidden behind our own later write', async () => {
		const mine = await DeploymentStore.open(dataPath);
		const theirs = await DeploymentStore.open(dataPath);
		const myWatch = counter(mine, {debounceMs: 200});
		// Their write, then ours within one debounce window: the file we end up with is our own write,
		// but it was made on top of theirs.
		await theirs.createRecord({pipelineId: 'web', applicationName: 'theirs'});
		await mine.createRecord({pipelineId: 'web', applicationName: 'mine'});
		await expect.poll(myWatch.count).toBe(1);
	});

	it('notices a file replaced by hand', async () => {
		const store = await DeploymentStore.open(dataPath);
		const watch = counter(store);
		const replacement = path.join(folder, 'replacement.json');
		await writeFile(replacement, JSON.stringify({schemaVersion: 1, nextId: 5, deployments: []}));
		await rename(replacement, dataPath);
		await expect.poll(watch.count).toBe(1);
		expect((await store.read()).nextId).toBe(5);
	});

	it('falls back to polling with fs.watchFile', async () => {
		const mine = await DeploymentStore.open(dataPath);
		const theirs = await DeploymentStore.open(dataPath);
		const watch = counter(mine, {isPolling: true, pollIntervalMs: 50, debounceMs: 10});
		await mine.createRecord({pipelineId: 'web', applicationName: 'mine'});
		await theirs.createRecord({pipelineId: 'web', applicationName: 'theirs'});
		await expect.poll(watch.count).toBe(1);
	});

	it('reports nothing once stopped', async () => {
		const mine = await DeploymentStore.open(dataPath);
		const theirs = await DeploymentStore.open(dataPath);
		const stopped = counter(mine);
		const barrier = counter(mine);
		stopped.stop();
		stopped.stop();
		await theirs.createRecord({pipelineId: 'web', applicationName: 'theirs'});
		await expect.poll(barrier.count).toBe(1);
		expect(stopped.count()).toBe(0);
	});
});
