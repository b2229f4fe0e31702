import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {parseConfig, type AppConfig} from '../../source/config.js';
import {createServiceContext, type ServiceContext} from '../../source/services/context.js';
import {startSimulator, type Simulator, type SimulatorOptions} from '../../source/simulator/index.js';
import {DeploymentStore} from '../../source/store/index.js';

import {testPipelines, writeTestDockerfile} from './test-pipelines.js';

export {databasePassword, secretApiKey} from './test-pipelines.js';

export type TestEnvironment = {
	simulator: Simulator;
	config: AppConfig;
	store: DeploymentStore;
	context: ServiceContext;
	folder: string;
	dataPath: string;
	dispose: () => Promise<void>;
};

/**
 * A simulated Coolify, a configuration with three pipelines pointing at it (an image, a Dockerfile, a
 * build that fails), a fresh data file, and the real services on top. Nothing of our own is mocked.
 */
export async function startTestEnvironment(
	options: {simulator?: SimulatorOptions; config?: Record<string, unknown>; retries?: number} = {},
): Promise<TestEnvironment> {
	const simulator = await startSimulator({speed: 1000, ...options.simulator});
	const folder = await mkdtemp(path.join(tmpdir(), 'coolify-tui-test-'));
	const dockerfile = await writeTestDockerfile(folder);
	const config = parseConfig(
		{
			coolify: {
				baseUrl: simulator.baseUrl,
				token: simulator.token,
				projectUuid: simulator.seed.projectUuid,
				serverUuid: simulator.seed.serverUuid,
				environmentName: simulator.seed.environmentName,
				timeoutSeconds: 5,
			},
			pipelines: testPipelines(dockerfile),
			...options.config,
		},
		{path: path.join(folder, 'coolify-tui.json'), env: {}},
	);
	const dataPath = path.join(folder, 'data', 'db.json');
	const store = await DeploymentStore.open(dataPath);
	// Fast retries: the policy is the same, only the delays shrink.
	const context = createServiceContext({config, store, clientOptions: {retry: {minDelayMs: 5, maxDelayMs: 20}}});
	return {
		simulator,
		config,
		store,
		context,
		folder,
		dataPath,
		async dispose() {
			await simulator.close();
			await rm(folder, {recursive: true, force: true, maxRetries: 10, retryDelay: 50});
		},
	};
}
