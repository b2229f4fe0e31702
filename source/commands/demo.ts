import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {parseConfig, type AppConfig} from '../config.js';
import {startSimulator} from '../simulator/index.js';

/** What `--demo` deploys: an image, a Dockerfile, and one whose build fails (the simulator fails "broken" images). */
const demoDockerfile = `FROM node:20-alpine
WORKDIR /app
RUN printf 'require("http").createServer((q, s) => s.end("hello from the demo")).listen(3000)' > server.js
EXPOSE 3000
CMD ["node", "server.js"]
`;

export type Demo = {config: AppConfig; dataPath: string; dispose: () => Promise<void>};

/**
 * Starts the built-in Coolify simulator in this process and a configuration pointing at it, with a data
 * file of its own (a fresh one per run: the simulated Coolify starts empty each time).
 */
export async function startDemo(options: {dataPath?: string; env?: Record<string, string | undefined>} = {}): Promise<Demo> {
	// Tests speed the simulated Coolify up; users get real-time builds of about 15 s.
	const speed = Number(options.env?.COOLIFY_TUI_DEMO_SPEED ?? 1);
	const simulator = await startSimulator({speed: Number.isFinite(speed) && speed > 0 ? speed : 1});
	const folder = await mkdtemp(path.join(tmpdir(), 'coolify-tui-demo-'));
	const dockerfile = path.join(folder, 'Dockerfile');
	await writeFile(dockerfile, demoDockerfile);
	const config = parseConfig(
		{
			coolify: {
				baseUrl: simulator.baseUrl,
				token: simulator.token,
				projectUuid: simulator.seed.projectUuid,
				serverUuid: simulator.seed.serverUuid,
				environmentName: simulator.seed.environmentName,
			},
			pollIntervalSeconds: 3,
			cleanup: {maxAgeHours: 24, intervalMinutes: 60, enabled: true},
			pipelines: [
				{
					id: 'web',
					name: 'Web (nginx image)',
					dockerImage: 'nginx:1.27',
					ports: [{containerPort: 80}],
					env: {NODE_ENV: 'test', API_KEY: 'demo-secret-api-key'},
					secrets: ['API_KEY'],
				},
				{
					id: 'api',
					name: 'API (Dockerfile)',
					dockerfile,
					ports: [{containerPort: 3000}],
					env: {DATABASE_URL: 'postgres://app:demo-db-password@db:5432/app', LOG_LEVEL: 'debug'},
				},
				{id: 'broken', name: 'Broken build', dockerImage: 'example/broken-build:latest', ports: [{containerPort: 8080}]},
			],
		},
		{path: path.join(folder, 'demo-config.json'), env: {}},
	);
	return {
		config,
		dataPath: options.dataPath ?? path.join(folder, 'db.json'),
		async dispose() {
			await simulator.close();
			// A poll answered just before quitting may still be saving (a temp file appears in the folder while
			// it is being removed: ENOTEMPTY, seen on busy machines): Node's rm retries that.
			await rm(folder, {recursive: true, force: true, maxRetries: 5});
		},
	};
}
