/**
 * Issue 10: with two or more builds in flight, a real Coolify answers `GET /deployments` with an object keyed
 * by position (coollabsio/coolify#10077). A poll, `list`, `show`, `deploy --wait` and the dashboard all work
 * with three builds in flight; `--wait` ends on healthy/unknown and reports a deployment that stays unhealthy.
 */
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {createDeployment} from '../../source/services/create-deployment.js';
import {pollOnce} from '../../source/services/poller.js';
import {App} from '../../source/ui/app.js';
import {startTestEnvironment, type TestEnvironment} from '../helpers/environment.js';
import {driveFrames} from '../helpers/ink-frames.js';
import {describeResult, expectExit, parseJson, useCliFixture} from './cli-fixture.js';

async function rawDeployments(baseUrl: string, token: string): Promise<unknown> {
	const response = await fetch(`${baseUrl}/api/v1/deployments`, {headers: {authorization: `Bearer ${token}`}});
	return response.json();
}

describe('three builds in flight, from the command line', () => {
	const fixture = useCliFixture({simulator: {speed: 50}});

	it('list, show, a poll and deploy --wait all work while GET /deployments is an object', async () => {
		// No free build slot: the three stay queued, as on a busy server.
		fixture.sim.control.setConcurrentBuilds(0);
		for (const pipeline of ['web', 'api', 'web']) {
			expectExit(await fixture.run(['deploy', pipeline, '--json']), 0);
		}

		const raw = await rawDeployments(fixture.sim.baseUrl, fixture.sim.token);
		expect(Array.isArray(raw)).toBe(false);
		expect(Object.keys(raw as object)).toHaveLength(3);

		const list = await fixture.run(['list', '--json']);
		expectExit(list, 0);
		const listed = parseJson<Array<{id: number; status: string}>>(list);
		expect(listed).toHaveLength(3);
		expect(listed.every(item => item.status === 'pending')).toBe(true);

		const show = await fixture.run(['show', String(listed[0]!.id), '--json']);
		expectExit(show, 0);
		expect(parseJson<{status: string}>(show).status).toBe('pending');

		// A fourth deploy waits through the queue while the others build beside it.
		fixture.sim.control.setConcurrentBuilds(2);
		const waited = await fixture.run(['deploy', 'web', '--wait', '--timeout', '120']);
		expect(waited.code, describeResult(waited)).toBe(0);
		expect(waited.stderr).not.toMatch(/is not a function/);
		expect(waited.stdout).toMatch(/is running/);
	});

	it('deploy --wait reports a deployment that stays unhealthy with exit code 3', async () => {
		const result = await fixture.run(['deploy', 'web', '--image', 'example/unhealthy-app:1', '--wait', '--timeout', '3']);
		expect(result.code, describeResult(result)).toBe(3);
		expect(result.stderr).toMatch(/runs but stays unhealthy \(Coolify reads running:unhealthy\)/);
	});
});

let environment: TestEnvironment | undefined;

afterEach(async () => {
	cleanup();
	await environment?.dispose();
	environment = undefined;
});

describe('three builds in flight, in the dashboard', () => {
	it('polls and shows all three, then each one running', {timeout: 90_000}, async () => {
		environment = await startTestEnvironment({simulator: {speed: 200}});
		const {context, simulator} = environment;
		simulator.control.setConcurrentBuilds(0);
		const created = [await createDeployment(context, 'web'), await createDeployment(context, 'api'), await createDeployment(context, 'web')];
		expect(Array.isArray(await rawDeployments(simulator.baseUrl, simulator.token))).toBe(false);
		expect(await pollOnce(context)).toMatchObject({requests: 2});

		const instance = render(<App services={{context, readOnly: false, pollIntervalMs: 100, logRefreshMs: 100, onQuit() {}}} initialSize={{columns: 110, rows: 30}} />);
		const driver = driveFrames(instance);
		// Table rows only: the message line announces status changes with the same names.
		const rows = () => driver.frame().split('\n').filter(line => line.startsWith('│') && created.some(item => line.includes(item.applicationName)));
		await vi.waitFor(() => expect(rows().filter(line => line.includes('pending')), driver.frame()).toHaveLength(3), {timeout: 15_000, interval: 20});
		// Several polls over the object-keyed list, and no error banner.
		const before = simulator.stats.byRoute['GET /deployments'] ?? 0;
		await vi.waitFor(() => expect(simulator.stats.byRoute['GET /deployments'] ?? 0).toBeGreaterThan(before + 2), {timeout: 15_000, interval: 20});
		expect(driver.frame()).not.toMatch(/is not a function|unexpected answer|answered GET/);

		simulator.control.setConcurrentBuilds(2);
		await vi.waitFor(() => expect(rows().filter(line => line.includes('running'))).toHaveLength(3), {timeout: 30_000, interval: 50});
		expect(driver.frame()).not.toMatch(/is not a function|answered GET/);
	});
});
