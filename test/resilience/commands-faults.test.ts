import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {CoolifyClient} from '../../source/coolify/client.js';
import {expectExit, parseJson, useCliFixture} from '../commands/cli-fixture.js';

// Faults from Coolify met by one-shot commands (the built CLI in a subprocess): what the commands'
// own tests leave out. Each ends in one line and an exit code, and no record changed wrongly.

type DeploymentJson = {id: number; applicationName: string; status: string; coolifyApplicationUuid: string | null; deletedAt: string | null; error: string | null};

const fixture = useCliFixture();

async function deployRunning(): Promise<DeploymentJson> {
	const result = await fixture.run(['deploy', 'web', '--wait', '--poll-interval', '0.05', '--json']);
	expectExit(result, 0);
	return parseJson<DeploymentJson>(result);
}

describe('one-shot commands against a failing Coolify', () => {
	it('while Coolify is down: list works from the data file, show says the state is stored, nothing changes', async () => {
		const record = await deployRunning();
		const before = await readFile(fixture.dataPath, 'utf8');
		await fixture.sim.goDown();
		try {
			const list = await fixture.run(['list', '--json']);
			expectExit(list, 0);
			expect(parseJson<DeploymentJson[]>(list).find(item => item.id === record.id)).toMatchObject({status: 'running'});
			const show = await fixture.run(['show', String(record.id), '--json']);
			expectExit(show, 1);
			expect(show.stderr.trim().split('\n')).toHaveLength(1);
			expect(show.stderr).toMatch(/^coolify-tui: warning: showing the stored state: Coolify at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\): check that the instance is up/);
			expect(parseJson<DeploymentJson>(show)).toMatchObject({id: record.id, status: 'running'});
			const stop = await fixture.run(['stop', String(record.id)]);
			expectExit(stop, 1);
			expect(stop.stderr.trim().split('\n')).toHaveLength(1);
			expect(await readFile(fixture.dataPath, 'utf8')).toBe(before);
		} finally {
			await fixture.sim.comeUp();
		}
	});

	it('an application deleted in Coolify behind our back: show marks the record, list no longer lists it', async () => {
		const record = await deployRunning();
		fixture.sim.control.deleteApplication(record.coolifyApplicationUuid!);
		const show = await fixture.run(['show', String(record.id), '--json']);
		expectExit(show, 0);
		expect(parseJson<DeploymentJson>(show)).toMatchObject({status: 'stopped', deletedAt: expect.any(String), error: expect.stringMatching(/no longer exists in Coolify/)});
		const list = parseJson<DeploymentJson[]>(await fixture.run(['list', '--json']));
		expect(list.map(item => item.id)).not.toContain(record.id);
		// Acting on it says why not, in one line.
		const start = await fixture.run(['start', String(record.id)]);
		expectExit(start, 64);
		expect(start.stderr).toMatch(/^coolify-tui: cannot start deployment #\d+: its application was deleted; deploy the pipeline again/);
	});

	it('a create whose answer was lost after Coolify made the application: one application, one record', async () => {
		fixture.sim.faults.failNext(1, 502, {only: 'POST /applications/dockerimage', afterHandling: true});
		const result = await fixture.run(['deploy', 'web', '--no-start', '--json']);
		expectExit(result, 0);
		const record = parseJson<DeploymentJson>(result);
		const client = new CoolifyClient({baseUrl: fixture.sim.baseUrl, token: fixture.sim.token});
		const named = (await client.listOwnApplications()).filter(application => application.name === record.applicationName);
		expect(named.map(application => application.uuid)).toEqual([record.coolifyApplicationUuid]);
	});

	it('a 500 burst longer than the retries: one line saying Coolify is unavailable, exit 1, the record marked failed with why', async () => {
		fixture.sim.faults.failNext(10, 500, {only: 'POST /applications/dockerimage'});
		const result = await fixture.run(['deploy', 'web', '--json']);
		fixture.sim.faults.reset();
		expectExit(result, 1);
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(result.stderr).toMatch(/failed: the create did not finish: Coolify is unavailable \(500 Server Error on POST \/api\/v1\/applications\/dockerimage\): it may be restarting; try again shortly/);
		expect(parseJson<DeploymentJson>(result)).toMatchObject({status: 'failed', coolifyApplicationUuid: null});
	});
});
