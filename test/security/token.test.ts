import {existsSync} from 'node:fs';
import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, cliResults, runCli} from '../helpers/run-cli.js';
import {builtCli, startPtySession} from '../helpers/pty-terminal.js';
import {deployEnvSecret, expectExit, parseJson, startCliFixture, type CliFixture} from '../commands/cli-fixture.js';

// After a whole lifecycle through the built CLI with faults along the way (outage, 5xx, broken bodies,
// a revoked token, a corrupt data file) and a crash of the dashboard, the token and the secret values
// are in no output, no error, no --json, no crash message and no file in the data folder.

let fixture: CliFixture;
const terminalOutputs: string[] = [];

beforeAll(async () => {
	if (!existsSync(cliPath)) {
		throw new Error(`${cliPath} is missing: run npm run build first (npm test does)`);
	}

	fixture = await startCliFixture();
});

afterAll(async () => {
	await fixture?.dispose();
});

const fastPolls = ['--poll-interval', '0.05'];

async function allFilesUnder(folder: string): Promise<string[]> {
	const texts: string[] = [];
	for (const entry of await readdir(folder, {withFileTypes: true, recursive: true})) {
		if (entry.isFile()) {
			texts.push(`${entry.name}: ${await readFile(path.join(entry.parentPath, entry.name), 'utf8')}`);
		}
	}

	return texts;
}

describe('the token and secret values after a full lifecycle with faults', () => {
	it('go through deploy, logs, list, show, stop, start, delete and cleanup with faults on the way', async () => {
		const {sim} = fixture;
		sim.faults.failNext(2, 503, {only: 'GET /applications'});
		const web = await fixture.run(['deploy', 'web', '--wait', ...fastPolls, '--json']);
		expectExit(web, 0);
		const webId = parseJson<{id: number}>(web).id;
		const api = await fixture.run(['deploy', 'api', '--wait', ...fastPolls, '--env', `SESSION_SECRET=${deployEnvSecret}`, '--env', 'DATABASE_URL=postgres://app:url-password-5150@db:5432/app']);
		expectExit(api, 0);
		const apiId = Number(/#(\d+) /.exec(api.stdout)![1]);

		for (const args of [['list'], ['list', '--json'], ['show', String(webId), '--json'], ['show', String(apiId)], ['logs', String(apiId)], ['logs', String(apiId), '--type', 'runtime', '--json'], ['pipelines', '--json']]) {
			expectExit(await fixture.run(args), 0);
		}

		// Broken answers and an outage: errors, cached logs.
		sim.faults.malformed = 'truncated';
		expectExit(await fixture.run(['show', String(webId)]), 1);
		sim.faults.malformed = 'html-200';
		expectExit(await fixture.run(['show', String(webId), '--json']), 1);
		sim.faults.reset();
		await sim.goDown();
		// The stored copy is shown, with a warning and exit 1.
		expectExit(await fixture.run(['logs', String(apiId), '--type', 'runtime']), 1);
		await sim.comeUp();

		// The token revoked mid-session, then restored.
		sim.control.revokeToken();
		for (const args of [['show', String(webId)], ['stop', String(webId)], ['health'], ['doctor'], ['deploy', 'web', '--json']]) {
			expect((await fixture.run(args)).code).not.toBe(0);
		}

		sim.control.restoreToken();
		expectExit(await fixture.run(['stop', String(webId)]), 0);
		expectExit(await fixture.run(['start', String(webId), '--wait', ...fastPolls]), 0);
		expectExit(await fixture.run(['delete', String(webId), '--yes', ...fastPolls, '--json']), 0);
		expectExit(await fixture.run(['cleanup', '--age-hours', '0', '--json']), 0);

		// A corrupt data file: its copy is kept beside it.
		const corrupt = path.join(fixture.folder, 'data', 'other.json');
		await writeFile(corrupt, '{"schemaVersion": 1, "nextId"', {mode: 0o600});
		const corruptRun = await runCli(['list', '--config', fixture.configPath, '--data', corrupt], {env: fixture.env, cwd: fixture.folder});
		expect(corruptRun.stderr).toMatch(/is corrupt .* a copy was kept at/);
		// Over twenty CLI processes, some waiting out retries against an outage: 30 s was too tight on a busy machine.
	}, 60_000);

	it('the dashboard crashing with the token in its error message prints it masked', async context => {
		if (!existsSync(builtCli)) {
			context.skip();
		}

		const crashModule = path.join(fixture.folder, 'crash.mjs');
		await writeFile(crashModule, "process.on('SIGUSR2', () => setImmediate(() => { throw new Error('crash while talking to Coolify with ' + process.env.COOLIFY_API_TOKEN); }));\n");
		const session = startPtySession(['--config', fixture.configPath, '--data', fixture.dataPath, '--poll-interval', '1'], {
			columns: 100,
			rows: 30,
			env: {...fixture.env, NODE_OPTIONS: `--import=${crashModule}`},
		});
		try {
			await session.waitFor(text => text.includes('● healthy'), 'the dashboard');
			session.pty.kill('SIGUSR2');
			const {exitCode} = await session.exited;
			expect(exitCode).toBe(70);
			await session.waitFor(text => text.includes('crash while talking to Coolify with ***'), 'the masked crash message');
		} finally {
			terminalOutputs.push(session.output());
			try {
				session.pty.kill('SIGKILL');
			} catch {
				// Gone.
			}
		}
	});

	it('appear nowhere: not in any output, error, --json, crash message, nor any file in the data folder', async () => {
		// What the commands printed (their own command lines hold the --env values, and are not output).
		const outputs = cliResults.map(result => `${result.stdout}\n${result.stderr}`);
		const files = await allFilesUnder(path.join(fixture.folder, 'data'));
		const names = files.map(text => text.slice(0, text.indexOf(':')));
		expect(names).toContain('db.json');
		expect(names.some(name => name.startsWith('other.json.corrupt-')), names.join(', ')).toBe(true);
		const everything = [...outputs, ...terminalOutputs, ...files].join('\n');
		expect(everything.length).toBeGreaterThan(5000);
		for (const secret of [...fixture.secrets(), 'url-password-5150']) {
			expect(everything, `"${secret}" leaked`).not.toContain(secret);
		}

		// They were there to leak: the containers print their environment, masked by us.
		expect(everything).toContain('API_KEY=***');
		expect(everything).toContain('SESSION_SECRET=***');
		expect(everything).toContain('DATABASE_URL=postgres://app:***@db:5432/app');
		// And the errors on the way were real ones.
		expect(everything).toMatch(/Coolify rejected the API token \(401/);
		expect(everything).toMatch(/invalid or truncated JSON/);
	});
});
