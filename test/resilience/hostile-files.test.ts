import {execFileSync} from 'node:child_process';
import {lstat, mkdir, readFile, readlink, stat, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli, type CliResult} from '../helpers/run-cli.js';
import {describeResult, useCliFixture} from '../commands/cli-fixture.js';

// Files that are not files (issue 12, point 6) and data that is not valid (point 7), through the CLI:
// each is one line and a non-zero exit, or a note saying what was done; nothing hangs, nothing is lost.

const fixture = useCliFixture();

async function runWithData(args: string[], dataPath: string): Promise<CliResult> {
	return runCli([...args, '--config', fixture.configPath, '--data', dataPath], {env: fixture.env, cwd: fixture.folder, timeoutMs: 20_000});
}

function expectOneLine(result: CliResult, pattern: RegExp): void {
	expect(result.code, describeResult(result)).not.toBe(0);
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines, describeResult(result)).toHaveLength(1);
	expect(lines[0]).toMatch(pattern);
}

describe('a data path that is not a file', () => {
	it('/dev/zero is refused at once (a character device), not read forever', async () => {
		expectOneLine(await runWithData(['list'], '/dev/zero'), /^coolify-tui: data file \/dev\/zero is a character device, not a file; pass --data with the path of a JSON file$/);
	});

	it('a FIFO is refused at once, not waited on', async () => {
		const fifo = path.join(fixture.folder, 'fifo.json');
		execFileSync('mkfifo', [fifo]);
		expectOneLine(await runWithData(['list'], fifo), /data file .*fifo\.json is a FIFO, not a file/);
		expect((await lstat(fifo)).isFIFO()).toBe(true);
	});

	it('a lock path that is a folder is named as the lock, not as the data file', async () => {
		const dataPath = path.join(fixture.folder, 'locked', 'db.json');
		await mkdir(`${dataPath}.lock`, {recursive: true});
		expectOneLine(await runWithData(['list'], dataPath), /^coolify-tui: the lock file .*locked\/db\.json\.lock of the data file is a folder; remove it, or pass --data with another path$/);
	});

	it('a symbolic link is followed: the target is written, the link stays a link, and a note says so', async () => {
		const target = path.join(fixture.folder, 'real', 'db.json');
		await mkdir(path.dirname(target), {recursive: true});
		await writeFile(target, JSON.stringify({schemaVersion: 1, nextId: 1, deployments: []}), {mode: 0o600});
		const link = path.join(fixture.folder, 'link.json');
		await symlink(target, link);
		const result = await runWithData(['deploy', 'web', '--no-start'], link);
		expect(result.code, describeResult(result)).toBe(0);
		expect(result.stderr).toContain(`coolify-tui: note: data file ${link} is a symbolic link: following it to ${target} (the link is kept)`);
		expect((await lstat(link)).isSymbolicLink()).toBe(true);
		expect(await readlink(link)).toBe(target);
		expect(JSON.parse(await readFile(target, 'utf8'))).toMatchObject({deployments: [{id: 1, pipelineId: 'web'}]});
		expect((await stat(target)).mode & 0o777).toBe(0o600);
	});

	it('a link to nothing is refused, naming the target', async () => {
		const link = path.join(fixture.folder, 'dangling.json');
		await symlink(path.join(fixture.folder, 'nowhere', 'db.json'), link);
		expectOneLine(await runWithData(['list'], link), /is a symbolic link to .*nowhere\/db\.json, which does not exist; create the target or pass --data with a file path$/);
	});

	it('a new data file (a typo in --data) is created with a note saying where, folders included', async () => {
		const typo = path.join(fixture.folder, 'projcets', 'db.json');
		const result = await runWithData(['list'], typo);
		expect(result.code, describeResult(result)).toBe(0);
		expect(result.stderr).toBe(`coolify-tui: note: no data file at ${typo}: created a new, empty one (and the folder ${path.dirname(typo)})\n`);
		const again = await runWithData(['list'], typo);
		expect(again.stderr).toBe('');
	});
});

describe('a data file with a hand-edited record', () => {
	it('sets the invalid record aside (kept in the file), says how to fix it, and lists the rest', async () => {
		const dataPath = path.join(fixture.folder, 'edited', 'db.json');
		expect((await runWithData(['deploy', 'web', '--no-start'], dataPath)).code).toBe(0);
		expect((await runWithData(['deploy', 'web', '--no-start'], dataPath)).code).toBe(0);
		const data = JSON.parse(await readFile(dataPath, 'utf8')) as {deployments: Array<Record<string, unknown>>};
		data.deployments[0]!['createdAt'] = 'yesterday';
		await writeFile(dataPath, JSON.stringify(data));
		const list = await runWithData(['list', '--json'], dataPath);
		expect(list.code, describeResult(list)).toBe(0);
		// The set-aside record is not listed; its application, which Coolify still holds, is found again as a
		// new record (Coolify holds the truth: a bad record loses nothing).
		const listed = JSON.parse(list.stdout) as Array<{id: number; applicationName: string}>;
		expect(listed.map(record => record.id)).toContain(2);
		expect(listed.map(record => record.id)).not.toContain(1);
		expect(listed.map(record => record.applicationName)).toContain(data.deployments[0]!['applicationName']);
		expect(list.stderr.trimEnd().split('\n')).toEqual([
			expect.stringMatching(/^coolify-tui: note: 1 record is not valid and set aside \(deployments\[0\] \(id 1\): createdAt is "yesterday", expected an ISO 8601 date and time such as .*\); it is kept under "invalidRecords" in .*: fix and move it back into "deployments", or delete it$/),
		]);
		const after = JSON.parse(await readFile(dataPath, 'utf8')) as {invalidRecords: Array<{record: {id: number; createdAt: string}}>};
		expect(after.invalidRecords.map(entry => entry.record)).toEqual([expect.objectContaining({id: 1, createdAt: 'yesterday'})]);
		// Cleanup and new deployments go on around it; its id is not reused.
		const deployed = await runWithData(['deploy', 'web', '--no-start', '--json'], dataPath);
		expect((JSON.parse(deployed.stdout) as {id: number}).id).toBeGreaterThan(Math.max(...listed.map(record => record.id)));
	});
});
