import {execFile} from 'node:child_process';
import {existsSync, statSync} from 'node:fs';
import {chmod, readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {DeploymentStore, editRecord} from '../../source/store/index.js';
import {builtCli, startPtySession} from '../helpers/pty-terminal.js';
import {cliPath} from '../helpers/run-cli.js';
import {describeResult, useCliFixture} from '../commands/cli-fixture.js';

// The built CLI as a real process: the files it creates are private whatever the umask, a config file
// that others can read while it holds the token is warned about, and --read-only sends nothing that
// changes Coolify even with a cleanup due and keys pressed.

const run = promisify(execFile);
const fixture = useCliFixture();

/** Runs the CLI under a permissive umask, through a shell (a spawned process cannot set one). */
async function runWithUmask(umask: string, args: string[]): Promise<{stdout: string; stderr: string}> {
	const quoted = [process.execPath, cliPath, ...args].map(part => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
	return run('/bin/sh', ['-c', `umask ${umask}; exec ${quoted}`], {env: {...fixture.env, PATH: process.env.PATH ?? ''}, cwd: fixture.folder});
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('files coolify-tui creates', () => {
	it('are private: the data folders 0700 and the data file 0600, even under umask 000', async () => {
		const dataPath = path.join(fixture.folder, 'private', 'nested', 'db.json');
		await runWithUmask('000', ['deploy', 'web', '--no-start', '--config', fixture.configPath, '--data', dataPath]);
		expect(modeOf(dataPath)).toBe(0o600);
		expect(modeOf(path.dirname(dataPath))).toBe(0o700);
		expect(modeOf(path.join(fixture.folder, 'private'))).toBe(0o700);
		// No lock or temp file left, so nothing else to protect.
		expect(await readdir(path.dirname(dataPath))).toEqual(['db.json']);
		// The default place (XDG data folder) too.
		await runWithUmask('000', ['list', '--config', fixture.configPath]);
		const defaultPath = path.join(fixture.env.XDG_DATA_HOME, 'coolify-tui', 'db.json');
		expect(modeOf(defaultPath)).toBe(0o600);
		expect(modeOf(path.dirname(defaultPath))).toBe(0o700);
	});

	it('a config file holding the token that others can read gets a warning naming the fix; the token is not in it', async () => {
		const config = JSON.parse(await readFile(fixture.configPath, 'utf8')) as Record<string, any>;
		const withToken = path.join(fixture.folder, 'config-with-token.json');
		await writeFile(withToken, JSON.stringify({...config, coolify: {...config.coolify, token: fixture.sim.token}}));
		for (const mode of [0o644, 0o640, 0o604]) {
			await chmod(withToken, mode);
			const {stdout, stderr} = await run(process.execPath, [cliPath, 'pipelines', '--config', withToken, '--data', fixture.dataPath], {env: {PATH: process.env.PATH ?? '', HOME: fixture.folder}});
			expect(stderr).toMatch(/^coolify-tui: warning: \S+config-with-token\.json holds coolify\.token and is accessible by group or others \(mode 6\d\d\); run chmod 600 on it, or move the token to COOLIFY_API_TOKEN$/m);
			expect(stdout).toContain('web');
			expect(stdout + stderr).not.toContain(fixture.sim.token.split('|')[1]);
		}

		await chmod(withToken, 0o600);
		const {stderr} = await run(process.execPath, [cliPath, 'pipelines', '--config', withToken, '--data', fixture.dataPath], {env: {PATH: process.env.PATH ?? '', HOME: fixture.folder}});
		expect(stderr).not.toContain('warning');
	});
});

describe.skipIf(!existsSync(builtCli))('--read-only as a real process', () => {
	it('sends no mutating request: keys pressed, a cleanup due, polls and logs going on', async () => {
		// A running deployment old enough for cleanup, made without --read-only.
		const deployed = await fixture.run(['deploy', 'web', '--wait', '--poll-interval', '0.05']);
		expect(deployed.code, describeResult(deployed)).toBe(0);
		const store = await DeploymentStore.open(fixture.dataPath);
		await store.update(data => {
			for (const {id} of data.deployments) {
				editRecord(data, id, record => {
					record.createdAt = '2020-01-01T00:00:00.000Z';
				});
			}
		});
		const configPath = path.join(fixture.folder, 'cleanup-due.json');
		const config = JSON.parse(await readFile(fixture.configPath, 'utf8')) as Record<string, unknown>;
		await writeFile(configPath, JSON.stringify({...config, cleanup: {enabled: true, maxAgeHours: 1, intervalMinutes: 1}}), {mode: 0o600});

		const before = fixture.sim.stats.mutating;
		const requestsBefore = fixture.sim.stats.total;
		const session = startPtySession(['--read-only', '--config', configPath, '--data', fixture.dataPath, '--poll-interval', '1'], {columns: 100, rows: 30, env: fixture.env});
		try {
			await session.waitFor(text => text.includes('read-only') && text.includes('● running'), 'the read-only dashboard');
			for (const key of ['d', 'r', 's', 'D', 'y', 'c', 'y', '\u0012', 'l', '\t', 'D', 'y', 's', 'r']) {
				session.press(key);
			}

			// A second poll proves the dashboard kept talking to Coolify.
			const polled = fixture.sim.stats.total;
			await session.waitFor(() => fixture.sim.stats.total > polled + 2, 'more polls');
			expect(fixture.sim.stats.total).toBeGreaterThan(requestsBefore);
			session.press('q');
			expect((await session.exited).exitCode).toBe(0);
		} finally {
			try {
				session.pty.kill('SIGKILL');
			} catch {
				// Gone.
			}
		}

		expect(fixture.sim.stats.mutating).toBe(before);
	});
});
