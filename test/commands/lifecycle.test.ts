import {describe, expect, it} from 'vitest';
import {type CliResult} from '../helpers/run-cli.js';
import {deployEnvSecret, describeResult, everythingShown, expectExit, parseJson, useCliFixture} from './cli-fixture.js';

// The one-shot commands as users run them: the built CLI in a subprocess, against a simulated Coolify
// running about 300 times faster than real time (a ~15 s deployment takes ~50 ms).

type DeploymentJson = Record<string, unknown> & {id: number; status: string; pipelineId: string; deletedAt: string | null; cleanedAt: string | null};

/** The documented keys of a deployment in --json output, in order. */
const deploymentKeys = [
	'id',
	'pipelineId',
	'applicationName',
	'status',
	'health',
	'url',
	'coolifyApplicationUuid',
	'coolifyDeploymentUuid',
	'dockerImage',
	'dockerfilePath',
	'environment',
	'ports',
	'error',
	'createdAt',
	'updatedAt',
	'cleanedAt',
	'deletedAt',
	'statusHistory',
	'uuid',
	'key',
	'owner',
	'expiresAt',
	'origin',
];

const fastPolls = ['--poll-interval', '0.05'];
const fixture = useCliFixture();

function idFrom(result: CliResult): number {
	const match = /#(\d+) /.exec(result.stdout);
	expect(match, describeResult(result)).not.toBeNull();
	return Number(match![1]);
}

async function showJson(id: number | string): Promise<DeploymentJson> {
	const result = await fixture.run(['show', String(id), '--json']);
	expectExit(result, 0);
	return parseJson<DeploymentJson>(result);
}

describe('coolify-tui one-shot commands', () => {
	it('lists the configured pipelines with env keys but no values', async () => {
		const human = await fixture.run(['pipelines']);
		expectExit(human, 0);
		expect(human.stdout).toMatch(/^ID\s+NAME\s+SOURCE\s+PORTS\s+START\s+ENV$/m);
		expect(human.stdout).toMatch(/^web\s+Web \(nginx\)\s+nginx:1\.27\s+8080\+:80\s+auto\s+NODE_ENV,API_KEY\(secret\)$/m);
		expect(human.stdout).toContain('Dockerfile ');

		const json = parseJson<Array<Record<string, unknown>>>(await fixture.run(['pipelines', '--json']));
		expect(json.map(pipeline => pipeline.id)).toEqual(['web', 'api', 'broken']);
		expect(json[0]).toMatchObject({
			id: 'web',
			dockerImage: 'nginx:1.27',
			dockerfile: null,
			envKeys: ['NODE_ENV', 'API_KEY'],
			secretKeys: ['API_KEY'],
			ports: [{containerPort: 80, hostPortFrom: 8080}],
			autoStart: true,
			target: {projectUuid: fixture.sim.seed.projectUuid, serverUuid: fixture.sim.seed.serverUuid, environmentName: 'production'},
		});
		expect(json[1]!.dockerfile).toMatch(/Dockerfile$/);
		expect(Object.keys(json[0]!)).not.toContain('env');
	});

	it.each([
		['web', 'image', 'Starting deployment of nginx:1.27'],
		['api', 'Dockerfile', 'Building docker image'],
	])('runs a whole lifecycle of the %s pipeline (%s): deploy --wait, logs, stop, start, delete', async (pipeline, _kind, buildLine) => {
		const deployed = await fixture.run(['deploy', pipeline, '--wait', ...fastPolls, '--env', `SESSION_SECRET=${deployEnvSecret}`]);
		expectExit(deployed, 0);
		expect(deployed.stdout).toContain('from pipeline');
		expect(deployed.stdout).toMatch(/✔ #\d+ \S+ is running at http:\/\//);
		// Each status change is a line of its own (no spinner without a terminal).
		expect(deployed.stdout).not.toContain('\r');
		expect(deployed.stdout).toMatch(/: running {2}http/);
		const id = idFrom(deployed);

		const record = await showJson(id);
		expect(Object.keys(record)).toEqual(deploymentKeys);
		expect(record).toMatchObject({id, pipelineId: pipeline, status: 'running', health: 'unknown', error: null, deletedAt: null});
		expect(record.environment).toMatchObject({SESSION_SECRET: '***'});
		expect((record.statusHistory as Array<{status: string}>).map(change => change.status)).toContain('running');
		if (pipeline === 'api') {
			expect(record).toMatchObject({dockerImage: null, ports: [{containerPort: 3000}]});
			expect(record.dockerfilePath).toMatch(/Dockerfile$/);
		} else {
			expect(record).toMatchObject({dockerImage: 'nginx:1.27', dockerfilePath: null, ports: [{containerPort: 80, hostPort: 8080}]});
		}

		const build = await fixture.run(['logs', String(id), '--type', 'build']);
		expectExit(build, 0);
		expect(build.stdout).toContain(buildLine);
		expect(build.stdout).not.toContain('$ docker');
		// With the lines Coolify hides by default: the commands it ran, marked `$`.
		const debug = await fixture.run(['logs', String(id), '--type', 'build', '--debug']);
		expectExit(debug, 0);
		expect(debug.stdout).toContain(buildLine);
		expect(debug.stdout).toMatch(/^\d\d:\d\d:\d\d .*\$ docker /m);
		const runtime = await fixture.run(['logs', String(id), '--type', 'runtime', '--lines', '5']);
		expectExit(runtime, 0);
		expect(runtime.stdout.trim().split('\n').length).toBeLessThanOrEqual(5);
		expect(runtime.stdout.trim()).not.toBe('');
		const combined = await fixture.run(['logs', String(record.coolifyApplicationUuid)]);
		expectExit(combined, 0);
		expect(combined.stdout).toContain('── build log');
		expect(combined.stdout).toContain('── runtime log');
		expect(combined.stdout).toContain(buildLine);

		const logsJson = parseJson<Record<string, unknown>>(await fixture.run(['logs', String(id), '--type', 'build', '--json']));
		expect(logsJson).toMatchObject({id, type: 'build', source: 'live', problem: null});
		expect(Object.keys(logsJson).slice(0, 5)).toEqual(['id', 'type', 'source', 'fetchedAt', 'lines']);
		expect((logsJson.lines as string[]).join('\n')).toContain(buildLine);

		const stopped = await fixture.run(['stop', String(id)]);
		expectExit(stopped, 0);
		expect(stopped.stdout).toContain('stop requested');
		expect((await showJson(id)).status).toBe('stopped');

		const started = await fixture.run(['start', String(id), '--wait', ...fastPolls]);
		expectExit(started, 0);
		expect(started.stdout).toContain('is running');
		expect((await showJson(id)).status).toBe('running');

		const deleted = await fixture.run(['delete', String(id), '--yes', ...fastPolls]);
		expectExit(deleted, 0);
		expect(deleted.stdout).toMatch(new RegExp(`#${id} \\S+ deleted`));
		const gone = await showJson(id);
		expect(gone.deletedAt).not.toBeNull();
		expect(fixture.sim.control.getApplicationStatus(String(record.coolifyApplicationUuid))).toBeUndefined();

		const current = parseJson<DeploymentJson[]>(await fixture.run(['list', '--json']));
		expect(current.map(item => item.id)).not.toContain(id);
		const all = parseJson<DeploymentJson[]>(await fixture.run(['list', '--all', '--json']));
		expect(all.map(item => item.id)).toContain(id);
	});

	it('ends a failing build as failed, with its log, and exit 1', async () => {
		const deployed = await fixture.run(['deploy', 'broken', '--wait', ...fastPolls]);
		expectExit(deployed, 1);
		const id = idFrom(deployed);
		expect(deployed.stderr.trim().split('\n')).toHaveLength(1);
		expect(deployed.stderr).toMatch(/^coolify-tui: #\d+ broken-test-[\da-z]{6} failed: /);
		expect(deployed.stdout).toContain('pull access denied');

		const record = await showJson(id);
		expect(record.status).toBe('failed');
		expect(record.error).toBeTruthy();
		const build = await fixture.run(['logs', String(id), '--type', 'build']);
		expectExit(build, 0);
		expect(build.stdout).toContain('pull access denied');
		const failed = parseJson<DeploymentJson[]>(await fixture.run(['list', '--status', 'failed', '--json']));
		expect(failed.map(item => item.id)).toEqual([id]);
	});

	it('deploys with --no-start, --name, --port and --json, then starts on demand', async () => {
		const created = await fixture.run(['deploy', 'web', '--no-start', '--name', 'custom-name', '--port', '9090:80', '--port', '443', '--json']);
		expectExit(created, 0);
		const record = parseJson<DeploymentJson>(created);
		expect(Object.keys(record)).toEqual(deploymentKeys);
		expect(record).toMatchObject({applicationName: 'custom-name', status: 'pending', coolifyDeploymentUuid: null, ports: [{hostPort: 9090, containerPort: 80}, {containerPort: 443}]});

		const started = await fixture.run(['start', String(record.id), '--wait', '--json', ...fastPolls]);
		expectExit(started, 0);
		expect(parseJson<DeploymentJson>(started)).toMatchObject({id: record.id, status: 'running'});
	});

	it('lists deployments in an aligned table, filtered by pipeline and status', async () => {
		const table = await fixture.run(['list']);
		expectExit(table, 0);
		const [header, ...rows] = table.stdout.trimEnd().split('\n');
		expect(header).toMatch(/^\s*#\s+KEY\s+NAME\s+PIPELINE\s+STATUS\s+HEALTH\s+PORT\s+URL\s+AGE\s+LEFT$/);
		expect(rows.length).toBeGreaterThan(0);
		// Columns line up: each row's status starts where the header's STATUS does.
		const statusColumn = header!.indexOf('STATUS');
		for (const row of rows) {
			expect(row.slice(statusColumn)).toMatch(/^(pending|building|deploying|running|failed|stopped)/);
		}

		const web = parseJson<DeploymentJson[]>(await fixture.run(['list', '--pipeline', 'web', '--all', '--json']));
		expect(web.length).toBeGreaterThan(0);
		expect(web.every(item => item.pipelineId === 'web')).toBe(true);
		const running = parseJson<DeploymentJson[]>(await fixture.run(['list', '--status', 'running', '--json']));
		expect(running.every(item => item.status === 'running')).toBe(true);
		const none = await fixture.run(['list', '--pipeline', 'broken', '--status', 'running']);
		expectExit(none, 0);
		expect(none.stdout).toContain('no current test deployments of yours match');
	});

	it('shows one deployment refreshed from Coolify, by id or application uuid', async () => {
		const [first] = parseJson<DeploymentJson[]>(await fixture.run(['list', '--status', 'running', '--json']));
		const byUuid = await fixture.run(['show', String(first!.coolifyApplicationUuid)]);
		expectExit(byUuid, 0);
		expect(byUuid.stdout).toMatch(new RegExp(`^id: +${first!.id}$`, 'm'));
		expect(byUuid.stdout).toMatch(/^status: +running$/m);
		expect(byUuid.stdout).toMatch(/^history:$/m);
	});

	it('cleans up: --dry-run changes nothing, then --age-hours 0 removes every application', async () => {
		const before = parseJson<DeploymentJson[]>(await fixture.run(['list', '--json']));
		expect(before.length).toBeGreaterThan(0);
		const dry = await fixture.run(['cleanup', '--dry-run', '--age-hours', '0']);
		expectExit(dry, 0);
		expect(dry.stdout).toContain('would-clean');
		expect(dry.stdout).toContain('dry run, nothing changed');
		expect(parseJson<DeploymentJson[]>(await fixture.run(['list', '--json']))).toHaveLength(before.length);

		const nothingOld = parseJson<{items: unknown[]}>(await fixture.run(['cleanup', '--age-hours', '5', '--json']));
		expect(nothingOld.items).toEqual([]);

		const real = await fixture.run(['cleanup', '--age-hours', '0', '--json']);
		expectExit(real, 0);
		const report = parseJson<{ranAt: string; maxAgeHours: number; dryRun: boolean; items: Array<{id: number; outcome: string}>}>(real);
		expect(Object.keys(report)).toEqual(['ranAt', 'selection', 'maxAgeHours', 'team', 'dryRun', 'items']);
		expect(report).toMatchObject({selection: 'age', maxAgeHours: 0, team: false, dryRun: false});
		expect(report.items.map(item => item.id).sort()).toEqual(before.map(item => item.id).sort());
		expect(report.items.every(item => item.outcome === 'cleaned' || item.outcome === 'already-gone')).toBe(true);
		expect(parseJson<DeploymentJson[]>(await fixture.run(['list', '--json']))).toEqual([]);
		const all = parseJson<DeploymentJson[]>(await fixture.run(['list', '--all', '--json']));
		expect(all.filter(item => before.some(old => old.id === item.id)).every(item => item.cleanedAt !== null)).toBe(true);
	});

	it('never shows the token or a secret value, in any output or the data file', async () => {
		const shown = await everythingShown(fixture);
		expect(shown.length).toBeGreaterThan(1000);
		for (const secret of fixture.secrets()) {
			expect(shown).not.toContain(secret);
		}

		// The secrets were really there to leak: the runtime logs print the environment, masked.
		expect(shown).toContain('API_KEY=***');
	});
});
