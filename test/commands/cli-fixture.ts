import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startSimulator, type Simulator, type SimulatorOptions} from '../../source/simulator/index.js';
import {afterAll, beforeAll, expect} from 'vitest';
import {cliPath, cliResults, runCli, startCli, type CliOptions, type CliResult, type RunningCli} from '../helpers/run-cli.js';

import {databasePassword, secretApiKey, testPipelines, writeTestDockerfile} from '../helpers/test-pipelines.js';

export {secretApiKey as apiKeySecret, databasePassword as databasePasswordSecret} from '../helpers/test-pipelines.js';
const pipelineNames: Record<string, string> = {web: 'Web (nginx)', api: 'API (Dockerfile)', broken: 'Broken build'};

/** Passed with `deploy --env SESSION_SECRET=...` in the tests. */
export const deployEnvSecret = 'deploy-env-secret-27182';

export type CliFixture = {
	sim: Simulator;
	folder: string;
	configPath: string;
	dataPath: string;
	/** The child's environment: the token, NO_COLOR, and HOME/XDG folders inside the temp folder. */
	env: Record<string, string>;
	/** `coolify-tui --config ... --data ... <args>`. */
	run: (args: string[], options?: CliOptions) => Promise<CliResult>;
	start: (args: string[], options?: CliOptions) => RunningCli;
	/** Every value that must never be shown. */
	secrets: () => string[];
	dispose: () => Promise<void>;
};

/**
 * A simulated Coolify (fast by default: a ~15 s deployment takes well under a second), a config file
 * with an image pipeline, a Dockerfile pipeline and a pipeline whose build fails, and a fresh data file.
 * The token reaches the CLI only through COOLIFY_API_TOKEN.
 */
export async function startCliFixture(options: {simulator?: SimulatorOptions; config?: (sim: Simulator) => Record<string, unknown>} = {}): Promise<CliFixture> {
	const sim = await startSimulator({speed: 300, rateLimitPerMinute: 1_000_000, deploymentQueueLimit: 1000, ...options.simulator});
	const folder = await mkdtemp(path.join(tmpdir(), 'coolify-tui-cli-'));
	await writeTestDockerfile(folder);
	const config = {
		coolify: {
			baseUrl: sim.baseUrl,
			projectUuid: sim.seed.projectUuid,
			serverUuid: sim.seed.serverUuid,
			environmentName: sim.seed.environmentName,
			timeoutSeconds: 5,
		},
		// `Dockerfile` relative to the config file, as a user writes it; names beside ids, as `pipelines` shows them.
		pipelines: testPipelines('Dockerfile').map(pipeline => ({...pipeline, name: pipelineNames[pipeline.id as string]})),
		...options.config?.(sim),
	};
	const configPath = path.join(folder, 'coolify-tui.json');
	await writeFile(configPath, JSON.stringify(config, null, 2), {mode: 0o600});
	const dataPath = path.join(folder, 'data', 'db.json');
	const env = {
		COOLIFY_API_TOKEN: sim.token,
		NO_COLOR: '1',
		HOME: folder,
		XDG_CONFIG_HOME: path.join(folder, 'xdg-config'),
		XDG_DATA_HOME: path.join(folder, 'xdg-data'),
	};
	const withDefaults = (args: string[], runOptions: CliOptions = {}): [string[], CliOptions] => [
		[...args, '--config', configPath, '--data', dataPath],
		{cwd: folder, ...runOptions, env: {...env, ...runOptions.env}},
	];
	return {
		sim,
		folder,
		configPath,
		dataPath,
		env,
		run: async (args, runOptions) => runCli(...withDefaults(args, runOptions)),
		start: (args, runOptions) => startCli(...withDefaults(args, runOptions)),
		secrets: () => [sim.token, sim.token.split('|')[1]!, secretApiKey, databasePassword, deployEnvSecret],
		async dispose() {
			await sim.close();
			await rm(folder, {recursive: true, force: true});
		},
	};
}

/** Every CLI output of this test file plus the data file, for the "no secret anywhere" check. */
export async function everythingShown(fixture: CliFixture): Promise<string> {
	const data = existsSync(fixture.dataPath) ? await readFile(fixture.dataPath, 'utf8') : '';
	return [...cliResults.map(result => `${result.stdout}\n${result.stderr}`), data].join('\n');
}

/** Parses stdout as JSON, with the output in the error when it is not. */
export function parseJson<T = unknown>(result: CliResult): T {
	try {
		return JSON.parse(result.stdout) as T;
	} catch {
		throw new Error(`not JSON (exit ${result.code}):\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
	}
}

/** The result, described for a failing expectation. */
export function describeResult(result: CliResult): string {
	return `coolify-tui ${result.args.join(' ')} -> exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
}

/** Starts a fixture before the file's tests and disposes of it after them; the object is filled in by then. */
export function useCliFixture(options?: Parameters<typeof startCliFixture>[0]): CliFixture {
	const fixture = {} as CliFixture;
	beforeAll(async () => {
		if (!existsSync(cliPath)) {
			throw new Error(`${cliPath} is missing: run npm run build first (npm test does)`);
		}

		Object.assign(fixture, await startCliFixture(options));
	});
	afterAll(async () => {
		await fixture.dispose?.();
	});
	return fixture;
}

/** Asserts an exit code, showing the command's output when it differs. */
export function expectExit(result: CliResult, code: number): void {
	expect(result.code, describeResult(result)).toBe(code);
}
