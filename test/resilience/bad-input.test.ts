import {execFileSync} from 'node:child_process';
import {statSync} from 'node:fs';
import {mkdir, readdir, readFile, rm, rmdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli, type CliResult} from '../helpers/run-cli.js';
import {describeResult, useCliFixture} from '../commands/cli-fixture.js';

// Bad input the commands' own tests do not cover: data files that are corrupt, empty, from a newer
// coolify-tui, on a read-only or full disk; a Dockerfile that went missing; a config with unknown keys.
// Each ends with one line naming the fix, a non-zero exit, and the user's files as they were.

const fixture = useCliFixture();

function expectOneLineError(result: CliResult, code: number, pattern: RegExp): string {
	expect(result.code, describeResult(result)).toBe(code);
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines, describeResult(result)).toHaveLength(1);
	expect(lines[0]).toMatch(/^coolify-tui: /);
	expect(lines[0]).toMatch(pattern);
	expect(lines[0]).not.toMatch(/\bat .*\.js:\d+/);
	return lines[0]!;
}

async function dataFileIn(name: string, content: string | undefined): Promise<string> {
	const folder = path.join(fixture.folder, name);
	await mkdir(folder, {recursive: true});
	const file = path.join(folder, 'db.json');
	if (content !== undefined) {
		await writeFile(file, content, {mode: 0o600});
	}

	return file;
}

/** `coolify-tui <args>` with the fixture's config but another data file. */
async function runWithData(args: string[], dataPath: string): Promise<CliResult> {
	return runCli([...args, '--config', fixture.configPath, '--data', dataPath], {env: fixture.env, cwd: fixture.folder});
}

/** `coolify-tui <args>` with another config file and the fixture's data file. */
async function runWithConfig(args: string[], configPath: string): Promise<CliResult> {
	return runCli([...args, '--config', configPath, '--data', fixture.dataPath], {env: fixture.env, cwd: fixture.folder});
}

const goodData = (records = 0) =>
	`${JSON.stringify({schemaVersion: 1, nextId: records + 1, deployments: []}, null, '\t')}\n`;

function tryMount(target: string, options: string): boolean {
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', target], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

describe('a data file that cannot be used', () => {
	it.each([
		['truncated JSON', '{"schemaVersion": 1, "nextId": 3, "deployments": [{"id": 1', /is corrupt \(.+\); a copy was kept at \S+; move it away or pass --data to use another file$/],
		['empty', '', /is corrupt \(the file is empty\); a copy was kept at \S+; move it away or pass --data/],
		['not an object', '[1, 2, 3]', /is corrupt \(expected an object, found an array\)/],
	])('%s: one line with the fix, exit 1, the file untouched and a copy kept aside', async (name, content, pattern) => {
		const file = await dataFileIn(`corrupt-${name.replaceAll(' ', '-')}`, content);
		for (const args of [['list'], ['deploy', 'web', '--no-start'], ['cleanup', '--age-hours', '0']]) {
			const mutatingBefore = fixture.sim.stats.mutating;
			const line = expectOneLineError(await runWithData(args, file), 1, pattern);
			expect(line).toContain(file);
			expect(fixture.sim.stats.mutating).toBe(mutatingBefore);
		}

		expect(await readFile(file, 'utf8')).toBe(content);
		const copies = (await readdir(path.dirname(file))).filter(entry => entry.startsWith('db.json.corrupt-'));
		// One copy however often the file was read.
		expect(copies).toHaveLength(1);
		expect(await readFile(path.join(path.dirname(file), copies[0]!), 'utf8')).toBe(content);
		expect(statSync(path.join(path.dirname(file), copies[0]!)).mode & 0o777).toBe(0o600);
	});

	it('from a newer coolify-tui: one line asking to upgrade, and the file left exactly as it was', async () => {
		const content = JSON.stringify({schemaVersion: 99, nextId: 1, deployments: [], somethingNew: true});
		const file = await dataFileIn('newer', content);
		expectOneLineError(await runWithData(['list'], file), 1, /was written by a newer coolify-tui \(schema 99\); upgrade coolify-tui or use --data with another file$/);
		expectOneLineError(await runWithData(['deploy', 'web'], file), 1, /newer coolify-tui/);
		expect(await readFile(file, 'utf8')).toBe(content);
		expect(await readdir(path.dirname(file))).toEqual(['db.json']);
	});

	it('on a read-only file system: one line with the fix, nothing sent to Coolify (skipped where mount is not allowed)', async context => {
		const mountPoint = path.join(fixture.folder, 'read-only');
		await mkdir(mountPoint);
		if (!tryMount(mountPoint, 'size=1m')) {
			context.skip();
		}

		try {
			const file = path.join(mountPoint, 'db.json');
			await writeFile(file, goodData(), {mode: 0o600});
			execFileSync('mount', ['-o', 'remount,ro', mountPoint], {stdio: 'ignore'});
			const mutatingBefore = fixture.sim.stats.mutating;
			expectOneLineError(await runWithData(['deploy', 'web'], file), 1, /\(EROFS: read-only file system\); make the folder writable or pass --data with a writable path$/);
			expect(fixture.sim.stats.mutating).toBe(mutatingBefore);
			expect(await readFile(file, 'utf8')).toBe(goodData());
		} finally {
			execFileSync('umount', [mountPoint], {stdio: 'ignore'});
			await rmdir(mountPoint);
		}
	});

	it('on a full disk: one line with the fix, the file whole, nothing sent to Coolify (a real 64 KiB tmpfs; skipped where mount is not allowed)', async context => {
		const mountPoint = path.join(fixture.folder, 'full');
		await mkdir(mountPoint);
		if (!tryMount(mountPoint, 'size=64k')) {
			context.skip();
		}

		try {
			const file = path.join(mountPoint, 'db.json');
			const created = await runWithData(['deploy', 'web', '--no-start'], file);
			expect(created.code, describeResult(created)).toBe(0);
			const before = await readFile(file, 'utf8');
			// Fill the disk to the last byte.
			try {
				execFileSync('dd', ['if=/dev/zero', `of=${path.join(mountPoint, 'filler')}`, 'bs=4k'], {stdio: 'ignore'});
			} catch {
				// dd stops with "No space left on device": that is the point.
			}

			const mutatingBefore = fixture.sim.stats.mutating;
			expectOneLineError(
				await runWithData(['deploy', 'web', '--no-start'], file),
				1,
				/\(ENOSPC: no space left on device\); the data file was left unchanged; free some disk space or pass --data with a path on another disk$/,
			);
			expect(fixture.sim.stats.mutating).toBe(mutatingBefore);
			expect(await readFile(file, 'utf8')).toBe(before);
			// No temp file or lock left behind.
			expect((await readdir(mountPoint)).sort()).toEqual(['db.json', 'filler']);

			// Space freed: the same command works, and ids go on where they were.
			await rm(path.join(mountPoint, 'filler'));
			const again = await runWithData(['deploy', 'web', '--no-start', '--json'], file);
			expect(again.code, describeResult(again)).toBe(0);
			expect(JSON.parse(again.stdout)).toMatchObject({id: 2});
		} finally {
			execFileSync('umount', [mountPoint], {stdio: 'ignore'});
			await rmdir(mountPoint);
		}
	});
});

describe('configuration that went wrong', () => {
	it('a pipeline whose Dockerfile was removed: one line naming the path, exit 64, nothing created', async () => {
		const dockerfile = path.join(fixture.folder, 'Dockerfile');
		const text = await readFile(dockerfile, 'utf8');
		await rm(dockerfile);
		try {
			const mutatingBefore = fixture.sim.stats.mutating;
			const line = expectOneLineError(await fixture.run(['deploy', 'api']), 64, /Dockerfile/);
			expect(line).toContain(dockerfile);
			expect(fixture.sim.stats.mutating).toBe(mutatingBefore);
		} finally {
			await writeFile(dockerfile, text);
		}
	});

	it('an unknown key and a value out of range: one line naming the key, exit 64', async () => {
		const config = JSON.parse(await readFile(fixture.configPath, 'utf8')) as Record<string, any>;
		const badConfig = path.join(fixture.folder, 'bad-config.json');
		await writeFile(badConfig, JSON.stringify({...config, pollIntervalSecond: 5}), {mode: 0o600});
		const unknown = await runWithConfig(['list'], badConfig);
		expectOneLineError(unknown, 64, /pollIntervalSecond/);
		await writeFile(badConfig, JSON.stringify({...config, coolify: {...config.coolify, timeoutSeconds: 9000}}), {mode: 0o600});
		expectOneLineError(await runWithConfig(['list'], badConfig), 64, /coolify\.timeoutSeconds/);
		await writeFile(badConfig, JSON.stringify({...config, pipelines: [{...config.pipelines[0], ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 81, hostPort: 8080}]}]}), {mode: 0o600});
		expectOneLineError(await runWithConfig(['list'], badConfig), 64, /8080/);
		await writeFile(badConfig, JSON.stringify({...config, pipelines: [{...config.pipelines[0], env: {'1BAD': 'x'}}]}), {mode: 0o600});
		expectOneLineError(await runWithConfig(['list'], badConfig), 64, /1BAD/);
	});
});
