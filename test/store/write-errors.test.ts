import {execFileSync} from 'node:child_process';
import {mkdir, readdir, readFile, rmdir, utimes, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {DeploymentStore, StoreError} from '../../source/store/index.js';
import {makeTempFolder} from '../helpers/store-files.js';

type Fault = {when: 'open' | 'write'; match: (file: string) => boolean; code: string};

// Root ignores file modes, so failures of a full disk, a read-only mount or a denied permission are
// injected here, at the file-system calls the store makes.
const faults = vi.hoisted(() => ({list: [] as Fault[]}));

vi.mock('node:fs/promises', async importOriginal => {
	const actual = await importOriginal<typeof import('node:fs/promises')>();
	const fail = (code: string, syscall: string, file: string): Error =>
		Object.assign(new Error(`${code}: injected failure, ${syscall} '${file}'`), {code, syscall, path: file});
	const find = (when: Fault['when'], file: string): Fault | undefined =>
		faults.list.find(fault => fault.when === when && fault.match(file));
	return {
		...actual,
		async open(...args: Parameters<typeof actual.open>) {
			const file = String(args[0]);
			const openFault = find('open', file);
			if (openFault !== undefined) {
				throw fail(openFault.code, 'open', file);
			}

			const handle = await actual.open(...args);
			const writeFault = find('write', file);
			if (writeFault !== undefined) {
				// Like a disk that fills up halfway through: some bytes land, then the write fails.
				handle.writeFile = async (data: unknown) => {
					await handle.write(String(data).slice(0, 10));
					throw fail(writeFault.code, 'write', file);
				};
			}

			return handle;
		},
	};
});

let folder: string;
let dispose: () => Promise<void>;
let dataPath: string;

beforeEach(async () => {
	({folder, dispose} = await makeTempFolder());
	dataPath = path.join(folder, 'db.json');
});

afterEach(async () => {
	faults.list = [];
	await dispose();
});

const isTempFile = (file: string): boolean => file.endsWith('.tmp');

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
	const error: unknown = await promise.then(
		() => undefined,
		(error_: unknown) => error_,
	);
	expect(error).toBeInstanceOf(StoreError);
	expect((error as StoreError).message).not.toMatch(/\n/);
	return error as StoreError;
}

async function leftovers(): Promise<string[]> {
	return (await readdir(folder)).filter(name => name !== 'db.json');
}

describe('write failures leave the data file whole', () => {
	it('ENOSPC while writing: StoreError with the fix, old file intact, no temp file or lock left', async () => {
		const store = await DeploymentStore.open(dataPath);
		await store.createRecord({pipelineId: 'web', applicationName: 'kept'});
		const before = await readFile(dataPath, 'utf8');

		faults.list.push({when: 'write', match: isTempFile, code: 'ENOSPC'});
		const error = await rejection(store.createRecord({pipelineId: 'web', applicationName: 'lost'}));
		expect(error.kind).toBe('no-space');
		expect(error.message).toBe(
			`cannot write data file ${dataPath} (ENOSPC: no space left on device); the data file was left unchanged; free some disk space or pass --data with a path on another disk`,
		);
		expect(await readFile(dataPath, 'utf8')).toBe(before);
		expect(await leftovers()).toEqual([]);

		faults.list = [];
		expect((await store.createRecord({pipelineId: 'web', applicationName: 'later'})).id).toBe(2);
	});

	it('EACCES creating the temp file', async () => {
		const store = await DeploymentStore.open(dataPath);
		const before = await readFile(dataPath, 'utf8');
		faults.list.push({when: 'open', match: isTempFile, code: 'EACCES'});
		const error = await rejection(store.createRecord({pipelineId: 'web', applicationName: 'a'}));
		expect(error.kind).toBe('unwritable');
		expect(error.message).toBe(
			`cannot write data file ${dataPath} (EACCES: permission denied); make the folder writable or pass --data with a writable path`,
		);
		expect(await readFile(dataPath, 'utf8')).toBe(before);
		expect(await leftovers()).toEqual([]);
	});

	it('EROFS: a read-only folder is reported at open, before any work is done', async () => {
		const content = JSON.stringify({schemaVersion: 1, nextId: 1, deployments: []});
		await writeFile(dataPath, content);
		faults.list.push({when: 'open', match: file => file.endsWith('.lock'), code: 'EROFS'});
		const error = await rejection(DeploymentStore.open(dataPath));
		expect(error.kind).toBe('unwritable');
		expect(error.message).toBe(
			`cannot create lock file ${dataPath}.lock (EROFS: read-only file system); make the folder writable or pass --data with a writable path`,
		);
		expect(await readFile(dataPath, 'utf8')).toBe(content);
	});

	it('a failed migration write keeps the schema 0 file as it was', async () => {
		const v0 = JSON.stringify({
			deployments: [{id: 1, pipeline_id: 'web', application_name: 'a', status: 'running', created_at: 'x', updated_at: 'y'}],
		});
		await writeFile(dataPath, v0);
		faults.list.push({when: 'write', match: isTempFile, code: 'EDQUOT'});
		const error = await rejection(DeploymentStore.open(dataPath));
		expect(error.kind).toBe('no-space');
		expect(error.message).toMatch(/EDQUOT: disk quota exceeded/);
		expect(await readFile(dataPath, 'utf8')).toBe(v0);
	});
});

describe('read failures', () => {
	it('a corrupt file whose copy cannot be made is still reported, and left alone', async () => {
		await writeFile(dataPath, '{"nope"');
		faults.list.push({when: 'open', match: file => file.includes('.corrupt-'), code: 'EROFS'});
		const error = await rejection(DeploymentStore.open(dataPath));
		expect(error.kind).toBe('corrupt');
		expect(error.copyPath).toBeUndefined();
		expect(error.message).toMatch(
			new RegExp(`^data file ${dataPath} is corrupt \\(.+\\); no copy could be kept \\(EROFS: read-only file system\\); move it away or pass --data to use another file$`),
		);
		expect(await readFile(dataPath, 'utf8')).toBe('{"nope"');
	});

	it('EACCES reading the data file', async () => {
		const store = await DeploymentStore.open(dataPath);
		// A file changed since the store last saw it is read again (an unchanged one is not).
		await utimes(dataPath, new Date(), new Date(Date.now() + 1000));
		faults.list.push({when: 'open', match: file => file === dataPath, code: 'EACCES'});
		const error = await rejection(store.read());
		expect(error.kind).toBe('unreadable');
		expect(error.message).toBe(
			`cannot read data file ${dataPath} (EACCES: permission denied); fix its permissions or pass --data with another file`,
		);
	});
});

// A real read-only file system, where this machine allows mounting one (root in a container).
function tryMountTmpfs(target: string): boolean {
	if (process.platform !== 'linux' || process.getuid?.() !== 0) {
		return false;
	}

	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', target], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

describe('a real read-only mount', () => {
	it('is reported at open with the fix and the file stays whole (skipped where mount is not allowed)', async context => {
		const mountPoint = path.join(folder, 'mnt');
		await mkdir(mountPoint);
		if (!tryMountTmpfs(mountPoint)) {
			context.skip();
		}

		try {
			const filePath = path.join(mountPoint, 'db.json');
			const store = await DeploymentStore.open(filePath);
			await store.createRecord({pipelineId: 'web', applicationName: 'a'});
			const before = await readFile(filePath, 'utf8');
			execFileSync('mount', ['-o', 'remount,ro', mountPoint], {stdio: 'ignore'});

			const error = await rejection(DeploymentStore.open(filePath));
			expect(error.kind).toBe('unwritable');
			expect(error.message).toMatch(/\(EROFS: read-only file system\); make the folder writable or pass --data/);
			await expect(rejection(store.createRecord({pipelineId: 'web', applicationName: 'b'}))).resolves.toMatchObject({
				kind: 'unwritable',
			});
			expect(await readFile(filePath, 'utf8')).toBe(before);
			expect((await store.read()).deployments).toHaveLength(1);
		} finally {
			execFileSync('umount', [mountPoint], {stdio: 'ignore'});
			await rmdir(mountPoint);
		}
	});
});
