/** Issue 10 point 3: doctor, health and deploy against Coolify 4.1.2 and 4.2.0 (the simulator playing them). */
import {describe, expect, it} from 'vitest';
import type {CliResult} from '../helpers/run-cli.js';
import {expectExit, parseJson, useCliFixture} from './cli-fixture.js';

function line(result: CliResult, name: string): string {
	return result.stdout.split('\n').find(candidate => candidate.slice(2).startsWith(`${name}:`)) ?? `(no "${name}" line in)\n${result.stdout}`;
}

describe('Coolify 4.1.2: too old', () => {
	const fixture = useCliFixture({simulator: {version: '4.1.2'}});

	it('doctor fails the version check with the fix; the token check works and destinations say "cannot check"', async () => {
		const result = await fixture.run(['doctor']);
		expectExit(result, 1);
		expect(line(result, 'token')).toBe('✔ token: the token works');
		expect(line(result, 'version')).toBe('✖ version: Coolify 4.1.2 is too old: upgrade Coolify to 4.2.0 or newer: older versions reject application tags');
		expect(line(result, 'destination')).toMatch(/^! destination: cannot check: this Coolify has no GET \/servers\/\{uuid\}\/destinations/);
	});

	it('health reports degraded', async () => {
		const result = await fixture.run(['health', '--json']);
		expectExit(result, 1);
		expect(parseJson(result)).toMatchObject({status: 'degraded', version: '4.1.2', message: expect.stringContaining('upgrade Coolify to 4.2.0 or newer')});
	});

	it('deploy refuses with one line before creating anything', async () => {
		const before = fixture.sim.requests.length;
		const result = await fixture.run(['deploy', 'web']);
		expect(result.code).not.toBe(0);
		expect(result.stderr.trim().split('\n')).toEqual(['coolify-tui: Coolify 4.1.2 is too old: upgrade Coolify to 4.2.0 or newer: older versions reject application tags']);
		expect(fixture.sim.requests.slice(before).filter(request => request.method !== 'GET')).toEqual([]);
	});
});

describe('Coolify 4.2.0: supported', () => {
	const fixture = useCliFixture({simulator: {version: '4.2.0'}});

	it('doctor passes without GET /team (which 4.2.0 lacks), and deploy --wait runs', async () => {
		const doctor = await fixture.run(['doctor']);
		expectExit(doctor, 0);
		expect(line(doctor, 'version')).toBe('✔ version: Coolify 4.2.0');
		expect(fixture.sim.requests.some(request => request.path.endsWith('/api/v1/team'))).toBe(false);
		const deploy = await fixture.run(['deploy', 'web', '--wait', '--timeout', '60']);
		expectExit(deploy, 0);
	});
});
