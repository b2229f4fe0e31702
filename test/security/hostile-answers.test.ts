import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CoolifyClient} from '../../source/coolify/client.js';
import {sanitizeTerminalText} from '../../source/services/text-safety.js';
import {describeResult, startCliFixture, type CliFixture} from '../commands/cli-fixture.js';

// Round two of hostile answers (issue 12): secrets that stay masked when Coolify cannot say what they are,
// text from Coolify that stays text, and waits that end.

const secrets = {client: 'cs-VALUE-8c1f2e', session: 'sk-VALUE-77a0b3', urlPassword: 'pw-VALUE-4d9e61'};
const deployEnv = [
	'--env', `CLIENT_SECRET=${secrets.client}`,
	'--env', `SESSION_KEY=${secrets.session}`,
	'--env', `PLAIN_URL=https://u:${secrets.urlPassword}@h/x`,
];

function expectNoSecret(text: string): void {
	for (const value of Object.values(secrets)) {
		expect(text).not.toContain(value);
	}
}

describe('deploy --env secrets when Coolify cannot say what they are', () => {
	let fixture: CliFixture;
	beforeAll(async () => {
		// Slow enough that the container's printout of its environment is still in the last 500 lines.
		fixture = await startCliFixture({simulator: {speed: 20}});
	});
	afterAll(async () => fixture.dispose());

	it('withholds the live runtime log while the envs read fails (503, then 502), and shows it masked once it works', async () => {
		const deployed = await fixture.run(['deploy', 'web', ...deployEnv, '--wait', '--timeout', '60']);
		expect(deployed.code, describeResult(deployed)).toBe(0);
		expectNoSecret(`${deployed.stdout}${deployed.stderr}`);
		for (const status of [503, 502]) {
			fixture.sim.faults.failNext(10, status, {only: 'GET /applications/{uuid}/envs'});
			const logs = await fixture.run(['logs', '1', '--type', 'runtime']);
			expectNoSecret(`${logs.stdout}${logs.stderr}`);
			expect(logs.stderr, describeResult(logs)).toMatch(/live log withheld: the values of (API_KEY, )?CLIENT_SECRET, SESSION_KEY, PLAIN_URL could not be read from Coolify to mask them/);
			expect(logs.code).not.toBe(0);
			fixture.sim.faults.reset();
			expectNoSecret(await readFile(fixture.dataPath, 'utf8'));
		}

		// The failure was not remembered: the next read works and the container's printout is masked.
		const logs = await fixture.run(['logs', '1', '--type', 'runtime']);
		expect(logs.code, describeResult(logs)).toBe(0);
		expect(logs.stdout).toContain('CLIENT_SECRET=***');
		expect(logs.stdout).toContain('SESSION_KEY=***');
		expectNoSecret(`${logs.stdout}${logs.stderr}${await readFile(fixture.dataPath, 'utf8')}`);
	}, 120_000);

	it('withholds it for a token without read:sensitive, saying so', async () => {
		fixture.sim.control.setAbilities(['read', 'write', 'deploy']);
		try {
			const logs = await fixture.run(['logs', '1', '--type', 'runtime']);
			expectNoSecret(`${logs.stdout}${logs.stderr}${await readFile(fixture.dataPath, 'utf8')}`);
			expect(logs.stderr, describeResult(logs)).toMatch(/live log withheld: .*the token needs the read:sensitive ability/);
		} finally {
			fixture.sim.control.setAbilities(['read', 'read:sensitive', 'write', 'deploy']);
		}
	});
});

/** A stand-in Coolify that answers every request with `answer`. */
async function startFakeCoolify(answer: (path: string) => {status: number; headers?: Record<string, string>; body: string}): Promise<{server: Server; baseUrl: string; requests: string[]}> {
	const requests: string[] = [];
	const server = createServer((request, response) => {
		requests.push(`${request.method} ${request.url}`);
		const {status, headers, body} = answer(request.url ?? '/');
		response.writeHead(status, {'content-type': 'application/json', ...headers});
		response.end(body);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests};
}

describe('escape sequences and bidi controls in any field', () => {
	const hostile = {
		name: 'web\u001B]0;TITLE\u0007-app\u202E',
		fqdn: 'http://x\u001B]0;TITLE\u0007.example',
		status: 'running\u001B]52;c;SGVsbG8=\u0007:healthy\u2066',
		description: 'open \u001B]8;;https://evil.example\n\u009D0;eight-bit\u009C next',
	};

	it('are removed from every string of a decoded answer, keys and error messages included', async () => {
		const application_ = {uuid: 'u1', ...hostile, 'k\u001B[31m': 'v'};
		const fake = await startFakeCoolify(path => path.includes('/applications/bad')
			? {status: 500, body: JSON.stringify({message: 'boom\u001B[2J\u202E'})}
			: {status: 200, body: JSON.stringify(path.includes('/applications/u1') ? application_ : [application_])});
		try {
			const client = new CoolifyClient({baseUrl: fake.baseUrl, token: '1|t', retry: {retries: 0}});
			const [application] = await client.listApplications();
			expect(application).toEqual({
				uuid: 'u1',
				name: 'web-app',
				fqdn: 'http://x.example',
				status: 'running:healthy',
				description: 'open \n next',
			});
			// A listing keeps only the members coolify-tui reads; the application whole keeps every one, keys cleaned too.
			expect(await client.getApplication('u1')).toEqual({...application, k: 'v'});
			const error = await client.getApplication('bad').catch((error_: unknown) => error_ as Error);
			expect(error.message).toContain('boom');
			expect(error.message).not.toMatch(/[\u001B\u202E]/);
		} finally {
			fake.server.close();
		}
	});

	it('an unterminated OSC hides only itself up to the end of its line, not the lines after it', () => {
		expect(sanitizeTerminalText('one \u001B]8;;https://evil.example\ntwo\nthree')).toBe('one \ntwo\nthree');
		expect(sanitizeTerminalText('a\u001BPq unterminated DCS\nb')).toBe('a\nb');
		expect(sanitizeTerminalText('\u200Fx\u061Cy\u200E')).toBe('xy');
	});

	it('are removed from the data file and the config as they load', async () => {
		const fixture = await startCliFixture({
			config: sim => ({pipelines: [{id: 'web', name: 'Web\u001B]0;TITLE\u0007 \u202Enginx', dockerImage: 'nginx:1.27', ports: [{containerPort: 80}]}], coolify: {baseUrl: sim.baseUrl, projectUuid: sim.seed.projectUuid, serverUuid: sim.seed.serverUuid, environmentName: sim.seed.environmentName}}),
		});
		try {
			const pipelines = await fixture.run(['pipelines']);
			expect(pipelines.code, describeResult(pipelines)).toBe(0);
			expect(pipelines.stdout).toContain('Web nginx');
			const deployed = await fixture.run(['deploy', 'web', '--no-start']);
			expect(deployed.code, describeResult(deployed)).toBe(0);
			const data = JSON.parse(await readFile(fixture.dataPath, 'utf8')) as {deployments: Array<Record<string, unknown>>};
			data.deployments[0]!['applicationName'] = 'hand\u001B]52;c;SGVsbG8=\u0007-edited\u2067';
			data.deployments[0]!['deploymentUrl'] = 'http://x\u001B]0;TITLE\u0007.example';
			await import('node:fs/promises').then(async fs => fs.writeFile(fixture.dataPath, JSON.stringify(data)));
			const shown: string[] = [];
			for (const args of [['list', '--json'], ['list'], ['show', '1']]) {
				const result = await fixture.run(args);
				expect(result.code, describeResult(result)).toBe(0);
				shown.push(`${result.stdout}${result.stderr}`);
			}

			expect(shown[0]).toContain('hand-edited');
			expect(shown.join('\n')).not.toMatch(/\u001B|\\u001b|[\u2066-\u2069\u202A-\u202E]/i);
		} finally {
			await fixture.dispose();
		}
	});
});

describe('waits that end', () => {
	let fake: Awaited<ReturnType<typeof startFakeCoolify>>;
	let fixture: CliFixture;
	beforeAll(async () => {
		fake = await startFakeCoolify(() => ({status: 429, headers: {'retry-after': '3600'}, body: JSON.stringify({message: 'Rate limit exceeded. Please try again later.'})}));
		fixture = await startCliFixture({config: () => ({coolify: {baseUrl: fake.baseUrl, projectUuid: 'p', serverUuid: 's', environmentName: 'production', timeoutSeconds: 5}})});
	});
	afterAll(async () => {
		fake.server.close();
		await fixture.dispose();
	});

	// Without the fix each of these sleeps through three 60 s waits (the test's own timeout ends it first).
	it.each([
		['health', ['health']],
		['doctor', ['doctor']],
		['deploy --wait --timeout 10 (the create is inside --timeout)', ['deploy', 'web', '--wait', '--timeout', '10']],
	])('%s: a Retry-After of an hour is reported at once, not slept through', async (_label, args) => {
		const result = await fixture.run(args, {timeoutMs: 40_000});
		expect(result.code, describeResult(result)).not.toBe(0);
		expect(`${result.stdout}${result.stderr}`).toContain('Coolify asks to wait 3600 s (rate limit)');
	}, 45_000);
});

describe('caps that are said', () => {
	const longLine = `start ${'x'.repeat(2 * 1024 * 1024)} end`;
	const manyLines = Array.from({length: 2000}, (_, index) => `line ${index + 1}`);
	let down = false;
	let fake: Awaited<ReturnType<typeof startFakeCoolify>>;
	let fixture: CliFixture;
	beforeAll(async () => {
		fake = await startFakeCoolify(path => {
			if (down) {
				return {status: 503, body: JSON.stringify({message: 'Service Unavailable'})};
			}

			if (path.startsWith('/api/v1/applications/long/logs')) {
				return {status: 200, body: JSON.stringify({logs: `${longLine}\nshort`})};
			}

			if (path.startsWith('/api/v1/applications/many/logs')) {
				const lines = Number(new URL(path, 'http://x').searchParams.get('lines'));
				return {status: 200, body: JSON.stringify({logs: manyLines.slice(-lines).join('\n')})};
			}

			return {status: 200, body: '[]'};
		});
		fixture = await startCliFixture({config: () => ({coolify: {baseUrl: fake.baseUrl, projectUuid: 'p', serverUuid: 's', environmentName: 'production', timeoutSeconds: 5}})});
		const record = (id: number, uuid: string) => ({id, pipelineId: 'web', applicationName: uuid, status: 'running', coolifyApplicationId: uuid, createdAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T10:00:00.000Z'});
		await import('node:fs/promises').then(async fs => {
			await fs.mkdir(path.dirname(fixture.dataPath), {recursive: true});
			await fs.writeFile(fixture.dataPath, JSON.stringify({schemaVersion: 1, nextId: 3, deployments: [record(1, 'long'), record(2, 'many')]}));
		});
	});
	afterAll(async () => {
		fake.server.close();
		await fixture.dispose();
	});

	it('logs --lines 2000 prints 2000 lines, and a 2 MB line whole; the stored copy is cut, and says so when shown', async () => {
		const many = await fixture.run(['logs', '2', '--type', 'runtime', '--lines', '2000']);
		expect(many.code, describeResult(many)).toBe(0);
		expect(many.stdout.trimEnd().split('\n')).toEqual(manyLines);
		const long = await fixture.run(['logs', '1', '--type', 'runtime']);
		expect(long.code).toBe(0);
		expect(long.stdout).toBe(`${longLine}\nshort\n`);
		down = true;
		const cached = await fixture.run(['logs', '2', '--type', 'runtime']);
		expect(cached.stdout.trimEnd().split('\n')).toEqual(manyLines.slice(-500));
		expect(cached.stderr).toContain('coolify-tui: note: older lines are not shown: the stored copy keeps only the last 500 lines and 64 KB of a log');
	}, 60_000);
});
