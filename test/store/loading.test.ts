import {chmod, mkdir, readdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {DeploymentStore, StoreError, boundLogText} from '../../source/store/index.js';
import {makeTempFolder} from '../helpers/store-files.js';

let folder: string;
let dispose: () => Promise<void>;
let dataPath: string;

beforeEach(async () => {
	({folder, dispose} = await makeTempFolder());
	dataPath = path.join(folder, 'db.json');
});

afterEach(async () => {
	vi.useRealTimers();
	await dispose();
});

async function openError(filePath = dataPath): Promise<StoreError> {
	const error: unknown = await DeploymentStore.open(filePath).then(
		() => undefined,
		(error_: unknown) => error_,
	);
	expect(error).toBeInstanceOf(StoreError);
	const storeError = error as StoreError;
	expect(storeError.message).not.toMatch(/\n/);
	return storeError;
}

async function corruptCopies(): Promise<string[]> {
	return (await readdir(folder)).filter(name => name.startsWith('db.json.corrupt-')).sort();
}

const validRecord = {
	id: 1,
	pipelineId: 'web',
	applicationName: 'web-1',
	status: 'running',
	createdAt: '2026-03-01T10:00:00.000Z',
	updatedAt: '2026-03-01T10:00:00.000Z',
};

describe('a data file with records that are not valid (hand edits)', () => {
	const second = {...validRecord, id: 2, applicationName: 'web-2'};
	it.each([
		['a date that is no date', {...validRecord, createdAt: 'yesterday'}, /deployments\[0\] \(id 1\): createdAt is "yesterday", expected an ISO 8601 date and time/],
		['a status change at no date', {...validRecord, statusHistory: [{status: 'running', at: '2026-02-31T25:00:00Z'}]}, /deployments\[0\] \(id 1\): statusHistory must be an array of \{status, at/],
		['a record missing a required field', {...validRecord, pipelineId: undefined}, /deployments\[0\] \(id 1\): pipelineId is missing, expected a string/],
		['a record with an unknown status', {...validRecord, status: 'exploded'}, /deployments\[0\] \(id 1\): status is "exploded"/],
		['a deletedAt that is no date', {...validRecord, deletedAt: 'soon'}, /deletedAt is "soon", expected null or an ISO 8601/],
	])('%s: that record is set aside, kept in the file, reported on one line with the fix, and the rest loads', async (_name, bad, reason) => {
		const content = JSON.stringify({schemaVersion: 1, nextId: 3, deployments: [bad, second]});
		await writeFile(dataPath, content);
		const store = await DeploymentStore.open(dataPath);
		expect(store.notes).toHaveLength(1);
		expect(store.notes[0]).toMatch(reason);
		expect(store.notes[0]).toMatch(/is not valid and set aside .*kept under "invalidRecords" in .*db\.json: fix and move it back into "deployments", or delete it$/);
		expect((await store.read()).deployments.map(record => record.id)).toEqual([2]);
		const written = JSON.parse(await readFile(dataPath, 'utf8')) as {deployments: unknown[]; invalidRecords: Array<{reason: string; record: unknown}>};
		expect(written.invalidRecords).toEqual([{reason: expect.stringMatching(reason) as unknown, record: bad}]);
		// Its id is never handed out again.
		expect((await store.createRecord({pipelineId: 'web', applicationName: 'new'})).id).toBe(3);
		expect((await readdir(folder)).filter(name => name.startsWith('db.json.before-set-aside-'))).toHaveLength(1);
		// Opened again: still set aside, still said, nothing lost.
		const again = await DeploymentStore.open(dataPath);
		expect(again.notes[0]).toMatch(reason);
		expect((await again.read()).deployments.map(record => record.id)).toEqual([2, 3]);
	});

	it('two records with one id: the second is set aside', async () => {
		await writeFile(dataPath, JSON.stringify({schemaVersion: 1, nextId: 3, deployments: [validRecord, validRecord]}));
		const store = await DeploymentStore.open(dataPath);
		expect(store.notes[0]).toMatch(/deployments\[1\] \(id 1\): id 1 is used twice/);
		expect((await store.read()).deployments).toHaveLength(1);
	});
});

describe('a corrupt data file', () => {
	const cases: Array<[string, string, RegExp]> = [
		['garbage', 'this is not json at all\nsecond line', /is corrupt \(Unexpected token/],
		['truncated JSON', '{"schemaVersion": 1, "nextId": 2, "deployments": [{"id": 1', /is corrupt \(.*JSON/],
		['an empty file', '', /is corrupt \(the file is empty\)/],
		['null', 'null', /is corrupt \(expected an object, found null\)/],
		['an array', '[]', /is corrupt \(expected an object, found an array\)/],
		['deployments not an array', '{"schemaVersion": 1, "nextId": 1, "deployments": {}}', /deployments is an object, expected an array/],
		['a negative nextId', '{"schemaVersion": 1, "nextId": -3, "deployments": []}', /nextId is -3/],
		['a string schemaVersion', '{"schemaVersion": "1", "nextId": 1, "deployments": []}', /schemaVersion is "1"/],
		['a negative schemaVersion', '{"schemaVersion": -1, "nextId": 1, "deployments": []}', /schemaVersion is -1, expected a whole number, 0 or more/],
		// JSON.parse reads 1e400 as Infinity, which JSON.stringify would write as null.
		['a nextId too large for a number', '{"schemaVersion": 1, "nextId": 1e400, "deployments": []}', /nextId is Infinity, expected a positive integer/],
	];

	it.each(cases)('%s is kept aside, left untouched and reported on one line', async (_name, content, reason) => {
		await writeFile(dataPath, content);
		const error = await openError();

		expect(error.kind).toBe('corrupt');
		expect(error.message).toMatch(reason);
		const copies = await corruptCopies();
		expect(copies).toHaveLength(1);
		const copyPath = path.join(folder, copies[0]!);
		expect(error.copyPath).toBe(copyPath);
		expect(error.message).toBe(
			`data file ${dataPath} is corrupt (${/is corrupt \((.*)\); a copy/.exec(error.message)?.[1]}); a copy was kept at ${copyPath}; move it away or pass --data to use another file`,
		);
		expect(await readFile(copyPath, 'utf8')).toBe(content);
		expect((await stat(copyPath)).mode & 0o777).toBe(0o600);
		expect(await readFile(dataPath, 'utf8')).toBe(content);
	});

	it('keeps one copy per content however often it is opened, and never overwrites a copy', async () => {
		vi.useFakeTimers({toFake: ['Date']});
		vi.setSystemTime(new Date('2026-03-01T10:00:00.000Z'));
		await writeFile(dataPath, '{"broken":');
		const first = await openError();
		const again = await openError();
		expect(again.copyPath).toBe(first.copyPath);
		expect(await corruptCopies()).toEqual(['db.json.corrupt-2026-03-01T10-00-00-000Z']);

		// Same millisecond, different bytes: a second name, the first copy untouched.
		await writeFile(dataPath, '{"broken": tr');
		const second = await openError();
		expect(await corruptCopies()).toEqual([
			'db.json.corrupt-2026-03-01T10-00-00-000Z',
			'db.json.corrupt-2026-03-01T10-00-00-000Z-2',
		]);
		expect(second.copyPath).toBe(path.join(folder, 'db.json.corrupt-2026-03-01T10-00-00-000Z-2'));
		expect(await readFile(first.copyPath!, 'utf8')).toBe('{"broken":');
	});

	it('is reported by read() and update() when it breaks after open', async () => {
		const store = await DeploymentStore.open(dataPath);
		await writeFile(dataPath, '{"schemaVersion": 1, "nextId"');
		await expect(store.read()).rejects.toMatchObject({kind: 'corrupt'});
		await expect(store.createRecord({pipelineId: 'web', applicationName: 'a'})).rejects.toMatchObject({kind: 'corrupt'});
		expect(await readFile(dataPath, 'utf8')).toBe('{"schemaVersion": 1, "nextId"');
		expect(await corruptCopies()).toHaveLength(1);
	});
});

describe('schema versions', () => {
	it('refuses a file written by a newer coolify-tui and leaves it alone', async () => {
		const content = JSON.stringify({schemaVersion: 2, nextId: 1, deployments: [], somethingNew: true});
		await writeFile(dataPath, content);
		const error = await openError();
		expect(error.kind).toBe('newer-schema');
		expect(error.message).toBe(
			`data file ${dataPath} was written by a newer coolify-tui (schema 2); upgrade coolify-tui or use --data with another file`,
		);
		expect(await readFile(dataPath, 'utf8')).toBe(content);
		expect(await corruptCopies()).toEqual([]);
	});

	it('migrates a schema 0 file, keeping a copy of the original', async () => {
		const logLines = Array.from({length: 2500}, (_, index) => `build ${index}`).join('\n');
		const v0 = {
			deployments: [
				{
					id: 3,
					pipeline_id: 'web',
					application_name: 'web-test-3',
					status: 'in_progress',
					coolify_deployment_uuid: 'dep-3',
					coolify_application_uuid: 'app-3',
					health: 'healthy',
					docker_image: 'nginx:1.27',
					env_vars: {NODE_ENV: 'test', API_KEY: '***'},
					ports: '8080:80, 3000',
					url: 'http://web-test-3.test',
					build_logs: logLines,
					runtime_logs: '',
					error: null,
					created_at: '2025-12-01T10:00:00.000Z',
					updated_at: '2025-12-01T10:05:00.000Z',
				},
				{
					id: 7,
					pipeline_id: 'api',
					application_name: 'api-test-7',
					status: 'exited',
					created_at: '2025-12-02T10:00:00.000Z',
					updated_at: '2025-12-02T11:00:00.000Z',
					deleted_at: '2025-12-02T11:00:00.000Z',
				},
			],
		};
		const original = JSON.stringify(v0);
		await writeFile(dataPath, original);

		const store = await DeploymentStore.open(dataPath);
		expect(store.migratedFrom).toBe(0);
		expect(store.migrationBackupPath).toMatch(/db\.json\.schema-0-/);
		expect(await readFile(store.migrationBackupPath!, 'utf8')).toBe(original);

		const onDisk = JSON.parse(await readFile(dataPath, 'utf8')) as Record<string, unknown>;
		expect(onDisk['schemaVersion']).toBe(1);
		expect(onDisk['nextId']).toBe(8);
		const [web, api] = (await store.read()).deployments;
		expect(web).toEqual({
			id: 3,
			pipelineId: 'web',
			coolifyDeploymentId: 'dep-3',
			coolifyApplicationId: 'app-3',
			status: 'building',
			health: 'healthy',
			applicationName: 'web-test-3',
			dockerImage: 'nginx:1.27',
			dockerfilePath: null,
			environmentVariables: {NODE_ENV: 'test', API_KEY: '***'},
			portMappings: [{containerPort: 80, hostPort: 8080}, {containerPort: 3000}],
			deploymentUrl: 'http://web-test-3.test',
			buildLogs: {text: boundLogText(logLines).text, fetchedAt: '2025-12-01T10:05:00.000Z', truncated: true},
			runtimeLogs: null,
			errorMessage: null,
			createdAt: '2025-12-01T10:00:00.000Z',
			updatedAt: '2025-12-01T10:05:00.000Z',
			cleanedAt: null,
			deletedAt: null,
			statusHistory: [{status: 'building', at: '2025-12-01T10:05:00.000Z'}],
		});
		expect(api).toMatchObject({id: 7, status: 'stopped', deletedAt: '2025-12-02T11:00:00.000Z', portMappings: []});

		const created = await store.createRecord({pipelineId: 'web', applicationName: 'next'});
		expect(created.id).toBe(8);
		const reopened = await DeploymentStore.open(dataPath);
		expect(reopened.migratedFrom).toBeUndefined();
	});

	it('reports a schema 0 file it cannot migrate as corrupt', async () => {
		await writeFile(dataPath, JSON.stringify({deployments: [{id: 1, pipeline_id: 'web', status: 'in_progress'}]}));
		const error = await openError();
		expect(error.kind).toBe('corrupt');
		expect(error.message).toMatch(/deployments\[0\]: application_name is missing, expected a string \(schema 0\)/);
	});

	it('fills optional fields a record lacks and raises a nextId that would reuse an id', async () => {
		await writeFile(dataPath, JSON.stringify({schemaVersion: 1, nextId: 1, deployments: [{...validRecord, id: 5}]}));
		const store = await DeploymentStore.open(dataPath);
		const data = await store.read();
		expect(data.nextId).toBe(6);
		expect(data.deployments[0]).toMatchObject({
			coolifyApplicationId: null,
			environmentVariables: {},
			portMappings: [],
			statusHistory: [{status: 'running', at: validRecord.createdAt}],
		});
		expect((await store.createRecord({pipelineId: 'web', applicationName: 'b'})).id).toBe(6);
	});
});

describe('file and folder modes', () => {
	it('creates missing folders 0700 and the file 0600, whatever the umask', async () => {
		const previousUmask = process.umask(0o277);
		try {
			const nested = path.join(folder, 'data', 'coolify-tui', 'db.json');
			const store = await DeploymentStore.open(nested);
			await store.createRecord({pipelineId: 'web', applicationName: 'a'});
			expect((await stat(nested)).mode & 0o777).toBe(0o600);
			expect((await stat(path.dirname(nested))).mode & 0o777).toBe(0o700);
			expect((await stat(path.join(folder, 'data'))).mode & 0o777).toBe(0o700);
		} finally {
			process.umask(previousUmask);
		}
	});

	it('leaves the mode of a folder that already existed alone and tightens an existing file', async () => {
		const shared = path.join(folder, 'shared');
		await mkdir(shared, {mode: 0o755});
		await chmod(shared, 0o755);
		const filePath = path.join(shared, 'db.json');
		await writeFile(filePath, JSON.stringify({schemaVersion: 1, nextId: 1, deployments: []}), {mode: 0o644});
		await chmod(filePath, 0o644);
		await DeploymentStore.open(filePath);
		expect((await stat(shared)).mode & 0o777).toBe(0o755);
		expect((await stat(filePath)).mode & 0o777).toBe(0o600);
	});
});

describe('paths that cannot hold the data file', () => {
	it('reports a parent that is a regular file (ENOTDIR) with the fix', async () => {
		const blocker = path.join(folder, 'not-a-folder');
		await writeFile(blocker, 'x');
		const error = await openError(path.join(blocker, 'coolify-tui', 'db.json'));
		expect(error.kind).toBe('unwritable');
		expect(error.message).toBe(
			`cannot create data folder ${path.join(blocker, 'coolify-tui')} (ENOTDIR: a part of the path is a file, not a folder); make the folder writable or pass --data with a writable path`,
		);
		expect(await readFile(blocker, 'utf8')).toBe('x');
	});

	it('reports a data path that is a folder', async () => {
		await mkdir(dataPath);
		const error = await openError();
		expect(error.kind).toBe('not-a-file');
		expect(error.message).toMatch(/is a folder.*pass --data with a file path/);
	});
});
