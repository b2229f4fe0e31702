import {describe, expect, it} from 'vitest';
import {removeAnsiColors} from '../../source/simulator/runtime-logs.js';
import {call, createImageApp, startApp, useSimulator} from './support.js';

async function runningApp(sim: Parameters<typeof createImageApp>[0], env: Record<string, string> = {}) {
	const uuid = await createImageApp(sim);
	const data = Object.entries(env).map(([key, value]) => ({key, value}));
	if (data.length > 0) {
		await call(sim, 'PATCH', `/applications/${uuid}/envs/bulk`, {body: {data}});
	}

	await startApp(sim, uuid);
	// Queued 1 s, built in ~9.5 s: the container has just started.
	sim.clock.advance(11_000);
	return uuid;
}

describe('simulator: runtime logs', () => {
	const context = useSimulator();

	it('answers 400 "Application is not running." before the container runs', async () => {
		const uuid = await createImageApp(context.sim);
		const answer = await call(context.sim, 'GET', `/applications/${uuid}/logs`);
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({message: 'Application is not running.'});
	});

	it('serves {logs} text while starting and running, env printed at startup', async () => {
		const {sim} = context;
		const uuid = await runningApp(sim, {DATABASE_PASSWORD: 's3cret'});
		expect((await call(sim, 'GET', `/applications/${uuid}`)).json.status).toBe('running:unhealthy');
		const starting = await call(sim, 'GET', `/applications/${uuid}/logs`);
		expect(starting.status).toBe(200);
		expect(Object.keys(starting.json)).toEqual(['logs']);
		expect(starting.json.logs).toContain('DATABASE_PASSWORD=s3cret');
		// Coolify strips plain colours (removeAnsiColors) and lets other sequences through.
		expect(starting.json.logs).not.toContain('\u001B[');
		expect(starting.json.logs).toContain('[notice] 1#1: start worker processes');
		expect(starting.json.logs).toContain('configuration ok\u001B(B');
		sim.clock.advance(60_000);
		const running = await call(sim, 'GET', `/applications/${uuid}/logs?lines=100&show_timestamps=false`);
		const lines = running.json.logs.split('\n');
		expect(lines.length).toBeGreaterThan(20);
		expect(lines.at(-1)).toMatch(/"(GET|POST) \/\S* HTTP\/1.1" \d{3}/);
	});

	it('tails `lines` lines and prefixes timestamps on request', async () => {
		const {sim} = context;
		const uuid = await runningApp(sim);
		sim.clock.advance(3_600_000);
		const tail = await call(sim, 'GET', `/applications/${uuid}/logs?lines=5&show_timestamps=true`);
		const lines = tail.json.logs.split('\n');
		expect(lines).toHaveLength(5);
		for (const line of lines) {
			expect(line).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z /);
		}
	});

	it('sends at most 10,000 lines, and 100 for a count that is not a whole number above 0 (normalizeLogLines)', async () => {
		const {sim} = context;
		const uuid = await runningApp(sim);
		sim.clock.advance(8 * 3_600_000);
		const count = async (lines: string) => (await call(sim, 'GET', `/applications/${uuid}/logs?lines=${lines}`)).json.logs.split('\n').length;
		expect(await count('50000')).toBe(10_000);
		expect(await count('10000')).toBe(10_000);
		expect(await count('250')).toBe(250);
		for (const lines of ['0', '-5', 'abc', '12abc', '012', '2.5']) {
			expect(await count(lines), lines).toBe(100);
		}
	});

	it('keeps the variables the container started with until the next deployment', async () => {
		const {sim} = context;
		const uuid = await runningApp(sim, {MODE: 'old'});
		await call(sim, 'PATCH', `/applications/${uuid}/envs/bulk`, {body: {data: [{key: 'MODE', value: 'new'}]}});
		expect((await call(sim, 'GET', `/applications/${uuid}/logs`)).json.logs).toContain('MODE=old');
		await call(sim, 'POST', `/applications/${uuid}/restart`);
		sim.clock.advance(20_000);
		const logs = (await call(sim, 'GET', `/applications/${uuid}/logs`)).json.logs as string;
		expect(logs).toContain('MODE=new');
		expect(logs).not.toContain('MODE=old');
	});

	it('answers 400 again once the application is stopped', async () => {
		const {sim} = context;
		const uuid = await runningApp(sim);
		await call(sim, 'POST', `/applications/${uuid}/stop`);
		sim.clock.advance(1000);
		expect((await call(sim, 'GET', `/applications/${uuid}/logs`)).status).toBe(400);
	});

	it('strips colours as Coolify\'s removeAnsiColors does, quirks included', () => {
		expect(removeAnsiColors('\u001B[32minfo\u001B[39m: \u001B[1;31mboom\u001B[0m \u001B[m')).toBe('info: boom ');
		// What PHP's pattern lets through: non-colour sequences whole, and the tail of a 256-colour code.
		expect(removeAnsiColors('\u001B[?25lspin\u001B]0;title\u0007 \u001B[38;5;208mwarn')).toBe('\u001B[?25lspin\u001B]0;title\u0007 ;5;208mwarn');
	});
});
