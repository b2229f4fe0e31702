import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli, startCli, type CliResult} from '../helpers/run-cli.js';
import {everythingShown, expectExit, parseJson, useCliFixture} from './cli-fixture.js';

const fixture = useCliFixture();

/** The checklist line of one check. */
function line(result: CliResult, name: string): string {
	return result.stdout.split('\n').find(candidate => candidate.slice(2).startsWith(`${name}:`)) ?? `(no "${name}" line in)\n${result.stdout}`;
}

describe('health', () => {
	it('exits 0 when Coolify is healthy, with the HealthReport as --json', async () => {
		const human = await fixture.run(['health']);
		expectExit(human, 0);
		expect(human.stdout).toBe('healthy: Coolify 4.3.11 is reachable and the token works\n');

		const json = await fixture.run(['health', '--json']);
		expectExit(json, 0);
		expect(parseJson(json)).toEqual({available: true, status: 'healthy', version: '4.3.11', message: 'Coolify 4.3.11 is reachable and the token works'});
	});

	it('exits 1 when the token is refused (degraded)', async () => {
		const result = await fixture.run(['health', '--json'], {env: {COOLIFY_API_TOKEN: '9|not-the-right-token'}});
		expectExit(result, 1);
		expect(parseJson(result)).toMatchObject({available: true, status: 'degraded'});
		expect(result.stdout).not.toContain('not-the-right-token');
	});
});

describe('doctor', () => {
	it('passes every required check against a good setup, and verifies read:sensitive once a deployment exists', async () => {
		const empty = await fixture.run(['doctor']);
		expectExit(empty, 0);
		expect(line(empty, 'config')).toMatch(/^✔ config: .*coolify-tui\.json \(3 pipelines\)$/);
		expect(line(empty, 'data file')).toMatch(/^✔ data file: /);
		expect(line(empty, 'reachable')).toMatch(/^✔ /);
		expect(line(empty, 'token')).toBe('✔ token: the token works');
		expect(line(empty, 'version')).toBe('✔ version: Coolify 4.3.11');
		expect(line(empty, 'ability read:sensitive')).toMatch(/^! ability read:sensitive: not verified/);
		expect(line(empty, 'ability write, deploy')).toMatch(/^! .*not verified/);
		expect(line(empty, 'project')).toBe(`✔ project: "Test deployments" (${fixture.sim.seed.projectUuid})`);
		expect(line(empty, 'server')).toMatch(/^✔ server: "localhost"/);
		expect(line(empty, 'environment')).toBe(`✔ environment: "production" (uuid ${fixture.sim.seed.environmentUuid})`);
		expect(line(empty, 'destination')).toMatch(/^✔ destination: .*the server's only destination$/);
		expect(empty.stdout).toContain('all required checks passed');

		expectExit(await fixture.run(['deploy', 'web', '--wait', '--poll-interval', '0.05']), 0);
		const json = parseJson<{ok: boolean; checks: Array<{name: string; status: string; message: string}>}>(await fixture.run(['doctor', '--json']));
		expect(json.ok).toBe(true);
		expect(json.checks.find(check => check.name === 'ability read:sensitive')).toEqual({name: 'ability read:sensitive', status: 'pass', message: 'build logs are readable'});

		fixture.sim.control.setAbilities(['read', 'write', 'deploy']);
		try {
			const withoutSensitive = await fixture.run(['doctor']);
			expect(line(withoutSensitive, 'ability read:sensitive')).toMatch(/^! ability read:sensitive: the token lacks read:sensitive/);
		} finally {
			fixture.sim.control.setAbilities(['read', 'read:sensitive', 'write', 'deploy']);
		}
	});

	it('fails the token check with its fix, and checks nothing that needs the token', async () => {
		const result = await fixture.run(['doctor'], {env: {COOLIFY_API_TOKEN: '9|not-the-right-token'}});
		expectExit(result, 1);
		expect(line(result, 'token')).toMatch(/^✖ token: Coolify rejected the API token \(401 .*\): create a token under Keys & Tokens/);
		expect(line(result, 'targets')).toMatch(/^! targets: .*not checked/);
		expect(result.stdout).toMatch(/1 required check failed/);
	});

	it('fails a config it cannot load with exit 64', async () => {
		const broken = path.join(fixture.folder, 'broken.json');
		await writeFile(broken, '{"coolify": {"baseUrl": 42}}');
		const result = await runCli(['doctor', '--config', broken, '--data', fixture.dataPath], {env: fixture.env, cwd: fixture.folder});
		expectExit(result, 64);
		expect(line(result, 'config')).toMatch(/^✖ config: .*broken\.json: coolify\.baseUrl must be an http\(s\) URL/);
	});

	it('names the fix for wrong targets: unknown project, several destinations', async () => {
		const destinationUuid = fixture.sim.control.addDestination(fixture.sim.seed.serverUuid, {name: 'second'});
		const result = await fixture.run(['doctor']);
		expectExit(result, 1);
		expect(line(result, 'destination')).toMatch(
			new RegExp(`^✖ destination: server "localhost" has 2 destinations and coolify\\.destinationUuid is not set; set it to one of: .*"second" \\(${destinationUuid}\\)`),
		);

		const otherConfig = path.join(fixture.folder, 'wrong-project.json');
		await writeFile(
			otherConfig,
			JSON.stringify({
				coolify: {baseUrl: fixture.sim.baseUrl, projectUuid: 'nosuchprojectuuid0000000', serverUuid: fixture.sim.seed.serverUuid, destinationUuid},
				pipelines: [{id: 'web', dockerImage: 'nginx:1.27'}],
			}),
		);
		const wrong = await runCli(['doctor', '--config', otherConfig, '--data', fixture.dataPath], {env: fixture.env, cwd: fixture.folder});
		expectExit(wrong, 1);
		expect(line(wrong, 'project')).toMatch(
			new RegExp(`^✖ project: project nosuchprojectuuid0000000 does not exist .*; set coolify\\.projectUuid to one of: "Test deployments" \\(${fixture.sim.seed.projectUuid}\\)`),
		);
		expect(line(wrong, 'environment')).toMatch(/^! environment: not checked/);
		expect(line(wrong, 'destination')).toMatch(/^✔ destination: "second"/);
	});
});

describe('simulator', () => {
	it('serves a simulated Coolify until Ctrl-C, then closes cleanly', async () => {
		const running = startCli(['simulator', '--port', '0', '--token', '1|simulator-test-token'], {env: {NO_COLOR: '1'}});
		await running.waitForOutput(output => output.includes('Press Ctrl-C to stop.'), 'the banner');
		const baseUrl = /listening on (http:\/\/\S+)/.exec(running.stdout())![1]!;
		expect(running.stdout()).toContain('token:            1|simulator-test-token');
		const health = await fetch(`${baseUrl}/api/health`);
		expect(await health.text()).toBe('OK');
		const team = await fetch(`${baseUrl}/api/v1/team`, {headers: {authorization: 'Bearer 1|simulator-test-token', accept: 'application/json'}});
		expect(team.status).toBe(200);

		running.child.kill('SIGINT');
		const result = await running.result;
		expectExit(result, 0);
		expect(result.stdout).toContain('simulator stopped');
		await expect(fetch(`${baseUrl}/api/health`)).rejects.toThrow();
	});
});

describe.skipIf(process.platform !== 'linux')('simulator --state that is not a file', () => {
	it('refuses a device in one line, never reading it whole or renaming over it', async () => {
		const result = await runCli(['simulator', '--port', '0', '--state', '/dev/zero'], {env: {NO_COLOR: '1'}});
		expectExit(result, 1);
		expect(result.stderr).toBe('coolify-tui: simulator: the state file /dev/zero is a character device, not a file: pass --state with a file path\n');
	});
});

describe('when Coolify is down', () => {
	it('health exits 1 (unavailable) and doctor fails reachability', async () => {
		await fixture.sim.goDown();
		try {
			const health = await fixture.run(['health', '--json']);
			expectExit(health, 1);
			expect(parseJson(health)).toMatchObject({available: false, status: 'unavailable', version: null});
			expect(parseJson<{message: string}>(health).message).toMatch(/unreachable \(ECONNREFUSED\)/);

			const doctor = await fixture.run(['doctor']);
			expectExit(doctor, 1);
			expect(line(doctor, 'reachable')).toMatch(/^✖ reachable: Coolify at .* is unreachable/);
		} finally {
			await fixture.sim.comeUp();
		}
	}, 40_000);

	it('never shows the token in any output', async () => {
		const shown = await everythingShown(fixture);
		for (const secret of fixture.secrets()) {
			expect(shown).not.toContain(secret);
		}
	});
});
