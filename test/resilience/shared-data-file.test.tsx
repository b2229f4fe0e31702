import {existsSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import {cliPath, runCli, type CliResult} from '../helpers/run-cli.js';
import {startTestEnvironment, type TestEnvironment} from '../helpers/environment.js';
import {expectWholeDataFile} from './support.js';

// The dashboard (in this process) and one-shot commands (real processes) on one data file at once:
// every change survives, ids stay unique, and the dashboard shows what the others did.

let environment: TestEnvironment | undefined;

afterEach(async () => {
	cleanup();
	await environment?.dispose();
	environment = undefined;
});

const describeResult = (result: CliResult) => `${result.args.join(' ')} -> ${result.code}\n${result.stdout}\n${result.stderr}`;

describe.skipIf(!existsSync(cliPath))('one data file, many processes', () => {
	it('loses no update while the dashboard polls and deploys and four commands deploy and stop at once', async () => {
		const env = (environment = await startTestEnvironment({simulator: {rateLimitPerMinute: 1_000_000}}));
		const configPath = path.join(env.folder, 'cli-config.json');
		await writeFile(
			configPath,
			JSON.stringify({
				coolify: {
					baseUrl: env.simulator.baseUrl,
					projectUuid: env.simulator.seed.projectUuid,
					serverUuid: env.simulator.seed.serverUuid,
					environmentName: env.simulator.seed.environmentName,
				},
				pipelines: [{id: 'web', dockerImage: 'nginx:1.27', ports: [{containerPort: 80}]}],
			}),
			{mode: 0o600},
		);
		const cli = async (args: string[]) =>
			runCli([...args, '--config', configPath, '--data', env.dataPath], {env: {COOLIFY_API_TOKEN: env.simulator.token, NO_COLOR: '1', HOME: env.folder}, cwd: env.folder});

		const instance = render(<App services={{context: env.context, readOnly: false, pollIntervalMs: 100, logRefreshMs: 100, onQuit() {}}} initialSize={{columns: 100, rows: 30}} />);
		const frame = () => instance.lastFrame() ?? '';
		await vi.waitFor(() => expect(frame()).toContain('● healthy'), {timeout: 10_000});

		const perProcess = 3;
		const processes = [0, 1, 2, 3].map(async () => {
			const results: CliResult[] = [];
			for (let index = 0; index < perProcess; index++) {
				const result = await cli(['deploy', 'web', '--json']);
				results.push(result);
				// Each process also stops what it just made: a second write to a record others write too.
				if (result.code === 0) {
					results.push(await cli(['stop', String((JSON.parse(result.stdout) as {id: number}).id)]));
				}
			}

			return results;
		});
		// Meanwhile the user deploys twice from the dashboard.
		instance.stdin.write('d');
		// Read often: announcements of the commands' deployments (mine too) soon replace this message.
		await vi.waitFor(() => expect(frame()).toMatch(/created #\d+ web-test-[\da-z]{6}/), {timeout: 30_000, interval: 10});
		instance.stdin.write('d');

		const results = (await Promise.all(processes)).flat();
		for (const result of results) {
			expect(result.code, describeResult(result)).toBe(0);
		}

		const total = 4 * perProcess + 2;
		// The dashboard shows every record the others wrote, without a restart.
		await vi.waitFor(() => expect(frame()).toContain(`of ${total}`), {timeout: 15_000, interval: 20});

		const records = await expectWholeDataFile(env.dataPath);
		expect(records).toHaveLength(total);
		expect(new Set(records.map(record => record.id)).size).toBe(total);
		// Every record kept its application, and every application has its record: nothing was overwritten.
		const uuids = records.map(record => record.coolifyApplicationId);
		expect(uuids.every(Boolean)).toBe(true);
		expect(new Set(uuids).size).toBe(total);
		const applications = await env.context.client.listOwnApplications();
		expect(applications.map(application => application.uuid).sort()).toEqual([...uuids].sort());
		// And every stop a command made is still in its record, polls notwithstanding.
		const stoppedByCommands = results.filter(result => result.args[0] === 'stop').map(result => Number(result.args[1]));
		expect(stoppedByCommands).toHaveLength(4 * perProcess);
		for (const id of stoppedByCommands) {
			expect(records.find(record => record.id === id), `#${id}`).toMatchObject({stoppedByUser: true, status: 'stopped'});
		}
	}, 120_000);
});
