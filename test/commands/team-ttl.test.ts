import {createServer, type Server} from 'node:http';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CoolifyClient} from '../../source/coolify/client.js';
import {decodeMarker, encodeMarker} from '../../source/domain/marker.js';
import {runCli} from '../helpers/run-cli.js';
import {expectExit, parseJson, useCliFixture} from './cli-fixture.js';

// Two machines (two data files, two owners) against one simulated Coolify, through the built CLI.

type Json = Record<string, unknown> & {id: number; key: string; owner: string; expiresAt: string; uuid: string; url: string | null; ports: Array<{containerPort: number; hostPort?: number}>};

let site: Server;
let siteUrl = '';
let healthHits = 0;

beforeAll(async () => {
	site = createServer((request, response) => {
		if (request.url === '/health') {
			healthHits += 1;
			// Not ready at the first ask: --wait-url must ask again.
			response.writeHead(healthHits < 2 ? 503 : 200).end('ok');
			return;
		}

		response.writeHead(404).end();
	});
	await new Promise<void>(resolve => {
		site.listen(0, '127.0.0.1', resolve);
	});
	siteUrl = `http://127.0.0.1:${(site.address() as {port: number}).port}`;
});

afterAll(async () => {
	await new Promise(resolve => {
		site.close(resolve);
	});
});

const fixture = useCliFixture({
	config: () => ({
		pipelines: [
			{id: 'web', dockerImage: 'nginx:1.27', ports: [{containerPort: 80, hostPort: '8080+'}], ttlHours: 3},
			{id: 'fixed', dockerImage: 'nginx:1.27', ports: [{containerPort: 80, hostPort: 9090}]},
			{id: 'named', dockerImage: 'nginx:1.27', ports: [{containerPort: 80, hostPort: 'auto'}], domains: 'https://{key}.test.example.com'},
			{id: 'site', dockerImage: 'nginx:1.27', ports: [{containerPort: 80}], domains: siteUrl || 'http://127.0.0.1:1'},
		],
	}),
});

/** Machine A (alice) uses the fixture's data file; machine B (bob) its own. */
async function asA(args: string[], env: Record<string, string> = {}) {
	return fixture.run(args, {env: {COOLIFY_TUI_OWNER: 'alice', ...env}});
}

async function asB(args: string[], env: Record<string, string> = {}) {
	return runCli([...args, '--config', fixture.configPath, '--data', path.join(fixture.folder, 'machine-b', 'db.json')], {
		cwd: fixture.folder,
		env: {...fixture.env, COOLIFY_TUI_OWNER: 'bob', ...env},
	});
}

function client() {
	return new CoolifyClient({baseUrl: fixture.sim.baseUrl, token: fixture.sim.token, timeoutMs: 5000});
}

/** Rewrites an application's marker as if it was made hours ago: time passing, without waiting for it. */
async function makeExpired(uuid: string): Promise<void> {
	const application = await client().getApplication(uuid);
	const marker = decodeMarker(application.description)!;
	const hour = 3_600_000;
	await client().updateApplication(uuid, {
		description: encodeMarker({...marker, createdAt: new Date(Date.now() - 3 * hour).toISOString(), expiresAt: new Date(Date.now() - hour).toISOString()}),
	});
}

describe('mine and the team\'s, TTLs and no collisions', () => {
	const made: Json[] = [];

	it('deploys with a TTL, writes id, key, uuid and url to GITHUB_OUTPUT, and gives two deployments of a pipeline different host ports', async () => {
		const outputFile = path.join(fixture.folder, 'github-output');
		const first = await asA(['deploy', 'web', '--ttl', '90m', '--wait', '--timeout', '60', '--poll-interval', '0.05', '--json'], {GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: outputFile});
		expectExit(first, 0);
		const json = parseJson<Json>(first);
		expect(json).toMatchObject({owner: 'alice', origin: 'created', status: 'running', uuid: json.coolifyApplicationUuid});
		expect(json.key).toMatch(/^[\da-z]{6}$/);
		const left = Date.parse(json.expiresAt) - Date.now();
		expect(left).toBeGreaterThan(85 * 60_000);
		expect(left).toBeLessThanOrEqual(90 * 60_000);
		const output = await readFile(outputFile, 'utf8');
		expect(output).toBe(`id=${json.id}\nkey=${json.key}\nuuid=${json.uuid}\nurl=${json.url ?? ''}\n`);

		const second = parseJson<Json>(await asA(['deploy', 'web', '--json']));
		expect(second.key).not.toBe(json.key);
		expect(json.ports).toEqual([{containerPort: 80, hostPort: 8080}]);
		expect(second.ports).toEqual([{containerPort: 80, hostPort: 8081}]);
		// The pipeline's ttlHours (3) when --ttl is not given.
		expect(Date.parse(second.expiresAt) - Date.now()).toBeGreaterThan(2.9 * 3_600_000);
		const marker = decodeMarker((await client().getApplication(second.uuid)).description);
		expect(marker).toMatchObject({key: second.key, owner: 'alice', pipeline: 'web', expiresAt: second.expiresAt});
		made.push(json, second);
	});

	it('shows another machine\'s deployments only in the team view, with owners, and takes a key or uuid anywhere', async () => {
		const mine = await asB(['list']);
		expectExit(mine, 0);
		expect(mine.stdout).toContain('no current test deployments of yours');
		const team = await asB(['list', '--team']);
		expectExit(team, 0);
		expect(team.stdout.split('\n')[0]).toMatch(/\bOWNER\b.*\bLEFT\b/);
		for (const deployment of made) {
			const row = team.stdout.split('\n').find(line => line.includes(deployment.key)) ?? '';
			expect(row).toContain('alice');
			expect(row).toMatch(/\b(1h2\dm|1h30m|2h5\dm|3h)\b/);
		}

		const shown = await asB(['show', made[0]!.key, '--json']);
		expectExit(shown, 0);
		expect(parseJson<Json>(shown)).toMatchObject({key: made[0]!.key, owner: 'alice', origin: 'adopted', coolifyApplicationUuid: made[0]!.uuid});
		expectExit(await asB(['show', made[1]!.uuid, '--json']), 0);
		const unknown = await asB(['show', 'zzzzzz']);
		expect(unknown.code).not.toBe(0);
		expect(unknown.stderr).toContain('no deployment "zzzzzz"');
	});

	it('asks before stopping a teammate\'s deployment, naming the owner; without a terminal it needs --yes', async () => {
		const refused = await asB(['stop', made[1]!.key]);
		expect(refused.code).not.toBe(0);
		expect(refused.stderr).toMatch(/refusing to stop .*owner: alice.*--yes/);
		expect((await client().getApplication(made[1]!.uuid)).status).toMatch(/^running/);
		expectExit(await asB(['stop', made[1]!.key, '--yes']), 0);
		const deleteRefused = await asB(['delete', made[1]!.key]);
		expect(deleteRefused.stderr).toContain('owner: alice');
		// Alice stops her own without being asked.
		expectExit(await asA(['stop', String(made[0]!.id)]), 0);
	});

	it('extends an expiry for every machine', async () => {
		const extended = await asB(['extend', made[0]!.key, '--ttl', '1d', '--json']);
		expectExit(extended, 0);
		const json = parseJson<Json>(extended);
		expect(Date.parse(json.expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
		expect(decodeMarker((await client().getApplication(made[0]!.uuid)).description)?.expiresAt).toBe(json.expiresAt);
		const bad = await asB(['extend', made[0]!.key, '--ttl', 'soon']);
		expect(bad.code).not.toBe(0);
		expect(bad.stderr).toContain('--ttl "soon" is not a duration');
	});

	it('cleans an expired deployment from the other machine, lists it with its owner first, and never touches unexpired ones', async () => {
		await makeExpired(made[1]!.uuid);
		const dry = await asB(['cleanup', '--dry-run']);
		expectExit(dry, 0);
		const row = dry.stdout.split('\n').find(line => line.includes(made[1]!.key)) ?? '';
		expect(row).toMatch(/alice.*expired.*would-clean/);
		expect(dry.stdout).not.toContain(made[0]!.key);

		// Mine only with --age-hours: bob has none, so alice's stay.
		const ageZero = parseJson<{items: unknown[]}>(await asB(['cleanup', '--age-hours', '0', '--json']));
		expect(ageZero.items).toEqual([]);
		const teamRefused = await asB(['cleanup', '--age-hours', '0', '--team']);
		expect(teamRefused.code).not.toBe(0);
		expect(teamRefused.stderr).toMatch(/owners: alice.*--yes/);

		const real = await asB(['cleanup', '--json']);
		expectExit(real, 0);
		const report = parseJson<{items: Array<{key: string; owner: string; outcome: string}>}>(real);
		expect(report.items).toEqual([expect.objectContaining({key: made[1]!.key, owner: 'alice', outcome: 'cleaned'})]);
		const left = (await client().listOwnApplications()).map(application => application.uuid);
		expect(left).toContain(made[0]!.uuid);
	});

	it('runs two cleanups at once without false failures', async () => {
		const third = parseJson<Json>(await asA(['deploy', 'web', '--json']));
		await makeExpired(third.uuid);
		const [a, b] = await Promise.all([asA(['cleanup', '--json']), asB(['cleanup', '--json'])]);
		for (const result of [a, b]) {
			expectExit(result, 0);
			const items = parseJson<{items: Array<{outcome: string}>}>(result).items;
			expect(items.every(item => item.outcome === 'cleaned' || item.outcome === 'already-gone')).toBe(true);
		}
	});

	it('reports a fixed host port or domain that collides before creating anything, with the fix', async () => {
		expectExit(await asA(['deploy', 'fixed', '--wait', '--timeout', '60', '--poll-interval', '0.05']), 0);
		const before = (await client().listOwnApplications()).length;
		const clash = await asB(['deploy', 'fixed']);
		expect(clash.code).not.toBe(0);
		expect(clash.stderr).toMatch(/host port 9090 of pipeline fixed is in use by the test deployment .*owner alice.*"9090\+" \(or "auto"\)/);
		expect((await client().listOwnApplications()).length).toBe(before);

		const named = parseJson<Json>(await asB(['deploy', 'named', '--json']));
		expect(named.url).toBe(`https://${named.key}.test.example.com`);
		expect(named.ports[0]!.hostPort).toBeGreaterThanOrEqual(20_000);
	});

	it('--wait-url waits until the deployment\'s URL answers, within --timeout', async () => {
		const result = await asA(['deploy', 'site', '--wait-url', '/health', '--timeout', '60', '--poll-interval', '0.05']);
		expectExit(result, 0);
		expect(result.stdout).toContain(`${siteUrl}/health answers (HTTP 200)`);
		expect(healthHits).toBeGreaterThanOrEqual(2);
	});
});
