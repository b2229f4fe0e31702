import {rmSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {parseConfig, type AppConfig} from '../config.js';
import {createServiceContext} from '../services/context.js';
import {createDeployment} from '../services/create-deployment.js';
import {startSimulator} from '../simulator/index.js';
import {DeploymentStore} from '../store/index.js';

/** What `--demo` deploys: an image, a Dockerfile, and one whose build fails (the simulator fails "broken" images). */
const demoDockerfile = `FROM node:20-alpine
WORKDIR /app
RUN printf 'require("http").createServer((q, s) => s.end("hello from the demo")).listen(3000)' > server.js
EXPOSE 3000
CMD ["node", "server.js"]
`;

/**
 * `afterFirstFrame` makes the teammates' deployments (the dashboard calls it once its first frame is out: they
 * take ~80 ms of requests, and a poll adopts them). `dispose` stops the simulator, lets `settle` finish writes
 * in flight, then removes the demo's folder; neither throws.
 */
export type Demo = {
	config: AppConfig;
	dataPath: string;
	afterFirstFrame: () => Promise<void>;
	dispose: (settle?: () => Promise<void>) => Promise<void>;
};

/**
 * Starts the built-in Coolify simulator in this process and a configuration pointing at it, with a data
 * file of its own (a fresh one per run: the simulated Coolify starts empty each time).
 */
export async function startDemo(options: {dataPath?: string; env?: Record<string, string | undefined>} = {}): Promise<Demo> {
	// Tests speed the simulated Coolify up; users get real-time builds of about 15 s.
	const speed = Number(options.env?.COOLIFY_TUI_DEMO_SPEED ?? 1);
	const simulator = await startSimulator({speed: Number.isFinite(speed) && speed > 0 ? speed : 1});
	const folder = await mkdtemp(path.join(tmpdir(), 'coolify-tui-demo-'));
	// However the process ends (SIGHUP, a crash, process.exit), the folder goes with it.
	const removeNow = () => {
		try {
			rmSync(folder, {recursive: true, force: true, maxRetries: 3});
		} catch {
			// Best effort at exit.
		}
	};

	process.on('exit', removeNow);
	let isDisposed = false;
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
		async afterFirstFrame() {
			// Quit before it ran: nothing to make. Closed meanwhile: the creates fail, and nothing shows.
			if (!isDisposed) {
				await seedTeamDeployments(config, folder).catch(() => undefined);
			}
		},
		async dispose(settle) {
			isDisposed = true;
			// Closing drops the connections, so a create in flight fails now instead of at its timeout.
			await simulator.close().catch(() => undefined);
			await settle?.().catch(() => undefined);
			// maxRetries: a write finishing meanwhile (a temp file appears as the folder is removed) must not fail the removal (ENOTEMPTY).
			await rm(folder, {recursive: true, force: true, maxRetries: 5, retryDelay: 20}).catch(() => undefined);
			removeNow();
			process.off('exit', removeNow);
		},
	};
}

/**
 * A teammate's deployment and a CI job's, made "on other machines" (their own data files, their own
 * owners) through the real API, so the demo shows what adoption does: every machine sees the team's.
 */
async function seedTeamDeployments(config: AppConfig, folder: string): Promise<void> {
	const others = [
		{name: 'bob@laptop', source: 'user@host', pipeline: 'api', ttlMs: 3 * 3_600_000},
		{name: 'github.com/acme/shop/actions/runs/4242', source: 'github-actions', pipeline: 'api', ttlMs: 45 * 60_000},
	] as const;
	for (const [index, other] of others.entries()) {
		const store = await DeploymentStore.open(path.join(folder, `other-machine-${index}.json`));
		const context = createServiceContext({config, store, owner: {name: other.name, source: other.source}});
		await createDeployment(context, other.pipeline, {ttlMs: other.ttlMs});
	}
}
