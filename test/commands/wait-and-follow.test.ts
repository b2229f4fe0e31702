import {existsSync} from 'node:fs';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {cliPath} from '../helpers/run-cli.js';
import {everythingShown, expectExit, parseJson, startCliFixture, type CliFixture} from './cli-fixture.js';

// A slower simulated Coolify (5x real time: a deployment takes about 3 s), so there is time to act
// while a command waits or follows.

let fixture: CliFixture;

beforeAll(async () => {
	if (!existsSync(cliPath)) {
		throw new Error(`${cliPath} is missing: run npm run build first (npm test does)`);
	}

	fixture = await startCliFixture({simulator: {speed: 5}});
});

afterEach(() => {
	fixture.sim.faults.reset();
	fixture.sim.control.restoreToken();
});

afterAll(async () => {
	await fixture?.dispose();
});

describe('deploy --wait', () => {
	it('exits 2 when the deployment has not settled within --timeout', async () => {
		const result = await fixture.run(['deploy', 'web', '--wait', '--timeout', '1', '--poll-interval', '0.2']);
		expectExit(result, 2);
		// --timeout bounds the whole command: on a slow machine the create itself may be what it cuts.
		expect(result.stderr).toMatch(/^coolify-tui: (gave up waiting after 1s: #\d+ web-test-[\da-z]{6} is still (pending|building|deploying); it carries on in Coolify|#\d+ web-test-[\da-z]{6} failed: the time allowed for this command ran out)/m);
	});

	it('keeps waiting through transient Coolify errors, with a warning', async () => {
		// Four failures in a row outlast the client's three retries: one poll fails as a whole.
		// --port 80 (no host port): the create itself needs no list of applications, so the faults hit the wait.
		fixture.sim.faults.failNext(4, 503, {only: 'GET /applications'});
		const result = await fixture.run(['deploy', 'web', '--port', '80', '--wait', '--poll-interval', '0.2']);
		expectExit(result, 0);
		expect(result.stderr).toMatch(/^coolify-tui: warning: Coolify is unavailable \(503.*\(still waiting\)$/m);
		expect(result.stdout).toContain('is running');
	});

	it('stops with exit 1 when Coolify starts refusing the token', async () => {
		const waiting = fixture.start(['deploy', 'web', '--wait', '--poll-interval', '0.2']);
		await waiting.waitForOutput(output => output.includes(': pending'), 'the first status');
		fixture.sim.control.revokeToken();
		const result = await waiting.result;
		expectExit(result, 1);
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(result.stderr).toMatch(/^coolify-tui: Coolify rejected the API token \(401/);
	});

	it('prints JSON only on stdout with --json', async () => {
		const result = await fixture.run(['deploy', 'api', '--wait', '--json', '--poll-interval', '0.2']);
		expectExit(result, 0);
		expect(parseJson(result)).toMatchObject({pipelineId: 'api', status: 'running'});
	});
});

describe('logs --follow', () => {
	it('follows a build log until the build ends, printing each line once', async () => {
		const created = await fixture.run(['deploy', 'broken', '--json']);
		expectExit(created, 0);
		const {id} = parseJson<{id: number}>(created);
		const result = await fixture.run(['logs', String(id), '--type', 'build', '--follow', '--poll-interval', '0.2']);
		expectExit(result, 0);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines[0]).toContain('Starting deployment of example/broken-build:latest');
		expect(lines.at(-1)).toContain('Deployment failed');
		expect(new Set(lines).size).toBe(lines.length);
	});

	it('follows a runtime log until Ctrl-C', async () => {
		const deployed = await fixture.run(['deploy', 'web', '--wait', '--json', '--poll-interval', '0.2']);
		expectExit(deployed, 0);
		const {id} = parseJson<{id: number}>(deployed);
		const following = fixture.start(['logs', String(id), '--type', 'runtime', '--follow', '--poll-interval', '0.2']);
		await following.waitForOutput(output => output.includes('Environment at startup'), 'the first lines');
		const before = following.stdout().length;
		await following.waitForOutput(output => output.length > before + 10, 'new lines');
		following.child.kill('SIGINT');
		const result = await following.result;
		expectExit(result, 0);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines.filter(line => line === 'Environment at startup:')).toHaveLength(1);
	});

	it('never shows the token or a secret value', async () => {
		const shown = await everythingShown(fixture);
		for (const secret of fixture.secrets()) {
			expect(shown).not.toContain(secret);
		}
	});
});
