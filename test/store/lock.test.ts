import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {readdir, readFile, stat, utimes, writeFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Mutex, withFileLock} from '../../source/store/lock.js';
import {DeploymentStore, StoreError} from '../../source/store/index.js';
import {makeTempFolder} from '../helpers/store-files.js';

let folder: string;
let dispose: () => Promise<void>;
let dataPath: string;
let lockPath: string;

beforeEach(async () => {
	({folder, dispose} = await makeTempFolder());
	dataPath = path.join(folder, 'db.json');
	lockPath = `${dataPath}.lock`;
});

afterEach(async () => {
	await dispose();
});

function deadPid(): number {
	const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'});
	return Number(child.stdout);
}

async function writeLock(pid: number): Promise<void> {
	await writeFile(lockPath, JSON.stringify({pid, host: hostname(), token: `${pid}-test`, createdAt: new Date().toISOString()}));
}

describe('the cross-process lock', () => {
	it('is held during update() and removed afterwards', async () => {
		const store = await DeploymentStore.open(dataPath);
		let seenDuringUpdate: unknown;
		await store.update(() => {
			// Synchronous peek: update() holds the lock while mutate runs.
			seenDuringUpdate = JSON.parse(readFileSync(lockPath, 'utf8'));
		});
		expect(seenDuringUpdate).toMatchObject({pid: process.pid, host: hostname()});
		await expect(stat(lockPath)).rejects.toMatchObject({code: 'ENOENT'});
	});

	it('breaks a lock whose process is dead', async () => {
		const store = await DeploymentStore.open(dataPath);
		await writeLock(deadPid());
		expect((await store.createRecord({pipelineId: 'web', applicationName: 'a'})).id).toBe(1);
		await expect(stat(lockPath)).rejects.toMatchObject({code: 'ENOENT'});
	});

	it('breaks a lock older than staleMs even when its process lives', async () => {
		const store = await DeploymentStore.open(dataPath);
		await writeLock(process.pid);
		const old = new Date(Date.now() - 60_000);
		await utimes(lockPath, old, old);
		expect((await store.createRecord({pipelineId: 'web', applicationName: 'a'})).id).toBe(1);
	});

	it('waits for a live holder, then gives up with a StoreError naming it, leaving its lock alone', async () => {
		const store = await DeploymentStore.open(dataPath, {timeoutMs: 200});
		const before = await readFile(dataPath, 'utf8');
		// The parent of this test process is alive (the vitest main process).
		await writeLock(process.ppid);
		const error: unknown = await store.createRecord({pipelineId: 'web', applicationName: 'a'}).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(StoreError);
		expect(error).toMatchObject({kind: 'locked'});
		expect((error as StoreError).message).toMatch(
			new RegExp(`^data file ${dataPath} is locked by process ${process.ppid} for [\\d.]+ s \\(${lockPath}\\); try again, or delete the lock file if no coolify-tui is running$`),
		);
		expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({pid: process.ppid});
		expect(await readFile(dataPath, 'utf8')).toBe(before);
	});

	it('waits while another holder has the lock and goes on once it is released', async () => {
		const store = await DeploymentStore.open(dataPath);
		let release!: () => void;
		let held!: Promise<void>;
		// withFileLock directly stands in for another process: a second store in this process would
		// queue on the shared in-process mutex instead of the file.
		await new Promise<void>(started => {
			held = withFileLock(lockPath, dataPath, async () => {
				started();
				await new Promise<void>(resolve => {
					release = resolve;
				});
			});
		});
		const waiting = store.createRecord({pipelineId: 'web', applicationName: 'a'});
		release();
		await held;
		expect((await waiting).id).toBe(1);
		await expect(stat(lockPath)).rejects.toMatchObject({code: 'ENOENT'});
	});

	it('does not remove a lock that another holder took over', async () => {
		await withFileLock(lockPath, dataPath, async () => {
			await writeLock(process.ppid);
		});
		expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({pid: process.ppid});
	});
});

describe('leftovers of crashed writers', () => {
	it('removes temp files of dead processes at open and keeps those of live ones', async () => {
		await DeploymentStore.open(dataPath);
		const dead = `.db.json.${deadPid()}.3.0a1b2c3d.tmp`;
		const live = `.db.json.${process.ppid}.1.deadbeef.tmp`;
		await writeFile(path.join(folder, dead), '{"half');
		await writeFile(path.join(folder, live), '{"half');
		await DeploymentStore.open(dataPath);
		expect((await readdir(folder)).sort()).toEqual([live, 'db.json'].sort());
	});
});

describe('Mutex', () => {
	it('runs work one at a time, in order', async () => {
		const mutex = new Mutex();
		const events: string[] = [];
		const work = (name: string) => async () => {
			events.push(`${name} start`);
			await Promise.resolve();
			await Promise.resolve();
			events.push(`${name} end`);
			return name;
		};

		const results = await Promise.all([mutex.run(work('a')), mutex.run(work('b')), mutex.run(work('c'))]);
		expect(results).toEqual(['a', 'b', 'c']);
		expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
	});

	it('goes on after a failure', async () => {
		const mutex = new Mutex();
		await expect(mutex.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await mutex.run(async () => 'next')).toBe('next');
	});
});
