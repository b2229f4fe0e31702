import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {parseConfig, type AppConfig} from '../../source/config.js';
import {createServiceContext, type ServiceContext} from '../../source/services/context.js';
import {startSimulator, type Simulator, type SimulatorOptions} from '../../source/simulator/index.js';
import {DeploymentStore} from '../../source/store/index.js';

export const secretApiKey = 'sk-live-4f9a8b7c6d5e';
export const databasePassword = 'hunter2-database-pw';

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
	const dockerfile = path.join(folder, 'Dockerfile');
	await writeFile(dockerfile, 'FROM node:20-alpine\nEXPOSE 3000\nCMD ["node", "-e", "require(\'http\').createServer().listen(3000)"]\n');
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
			pipelines: [
				{id: 'web', dockerImage: 'nginx:1.27', ports: [{containerPort: 80, hostPort: '8080+'}], env: {NODE_ENV: 'test', API_KEY: secretApiKey}, secrets: ['API_KEY']},
				{id: 'api', dockerfile, ports: [{containerPort: 3000}], env: {DATABASE_PASSWORD: databasePassword}},
				{id: 'broken', dockerImage: 'example/broken-build:latest', ports: [{containerPort: 8080}]},
			],
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
