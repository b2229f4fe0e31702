/**
 * A Coolify v4 (4.3.11) test double over node:http: same paths, bodies, status codes and quirks as the real
 * API (each behaviour names the Coolify source file it follows), for tests, `--demo` and `coolify-tui simulator`.
 *
 * State is derived lazily from simulated time whenever a request arrives: no background timers, so a manual
 * clock (`clock: 'manual'` + `sim.clock.advance(ms)`) makes tests instant and deterministic.
 *
 * Timeline of a deployment: `queued` ~1 s (longer when the server's 2 build slots are busy), `in_progress`
 * ~9-12 s with build-log lines appearing as it goes, then `finished`; the app reads `running:unhealthy` for
 * 3 s (as Coolify's does right after a deployment), then `running:unknown` (`running:healthy` with
 * `health_check_enabled`). A new or stopped app reads `exited:unhealthy`. Stop takes 1 s; delete 2 s, with
 * no status of its own. An image whose name contains `unhealthy` stays `running:unhealthy`.
 *
 * Making a build fail on purpose: a Docker image whose name contains `broken` or `fail`
 * (e.g. `example/broken-build:latest`) cannot be pulled, and a Dockerfile with a line `RUN exit 1` fails to
 * build. The deployment ends `failed` with stderr lines saying why, and the app keeps its previous status
 * (`exited` for a new app).
 */
import {type SimulatorClock, createClock} from './clock.js';
import {type SimulatorControl, createControl} from './control.js';
import {FaultInjector, type SimulatorFaults} from './faults.js';
import {createToken} from './ids.js';
import {Listener} from './listener.js';
import {createPipeline} from './pipeline.js';
import {createRateLimiter} from './rate-limit.js';
import {type RecordedRequest, type SimulatorStats, createRecorder} from './recorder.js';
import {createRouter} from './router.js';
import {applicationActionRoutes} from './routes-application-actions.js';
import {applicationRoutes} from './routes-applications.js';
import {deploymentRoutes} from './routes-deployments.js';
import {discoveryRoutes} from './routes-discovery.js';
import {envRoutes} from './routes-envs.js';
import {loadState, saveState, seedOf} from './persistence.js';
import {type SimulatorSeed, createState, seedState} from './state.js';

export type {SimulatorClock} from './clock.js';
export type {SimulatorControl} from './control.js';
export type {FailNextOptions, FaultFilter, FaultRequest, MalformedMode, SimulatorFaults} from './faults.js';
export type {RecordedRequest, SimulatorStats} from './recorder.js';
export type {SimulatorSeed} from './state.js';

export type SimulatorOptions = {
	/** 0 = a random free port. @default 0 */
	port?: number;
	/** @default '127.0.0.1' */
	host?: string;
	/** @default a random `<id>|<secret>` token */
	token?: string;
	/** @default ['read', 'read:sensitive', 'write', 'deploy'] */
	abilities?: string[];
	/** Acts like Coolify behind a reverse-proxy path, e.g. '/coolify'. @default '' */
	basePath?: string;
	/** `manual`: simulated time moves only with `sim.clock.advance(ms)`. @default 'real' */
	clock?: 'real' | 'manual';
	/** Real clock only: simulated ms per real ms. @default 1 */
	speed?: number;
	/** Per token per real minute on `/api/v1` (health: 1000). @default 200 */
	rateLimitPerMinute?: number;
	/** Queued deployments per server before new ones are silently dropped. @default 25 */
	deploymentQueueLimit?: number;
	/**
	 * The Coolify version played, with its differences as Coolify's source history shows them: before 4.2.0 `tags` are
	 * rejected on create, destinations routes and `/team` are missing and build logs are always listed;
	 * before 4.3.0 only `/teams/current` names the team. @default '4.3.11'
	 */
	version?: string;
	/** Keeps the world in this JSON file across restarts (read at start, written after each change). */
	stateFile?: string;
	/** Team, project 'Test deployments' with environment 'production', server 'localhost', one destination. @default true */
	seed?: boolean;
};

export type Simulator = {
	/** `http://host:port` plus the base path, without `/api/v1`. */
	readonly baseUrl: string;
	readonly port: number;
	readonly token: string;
	/** Ids of the seeded records (empty strings when `seed: false`). */
	readonly seed: SimulatorSeed;
	readonly clock: SimulatorClock;
	readonly stats: SimulatorStats;
	/** The last ~2000 requests, oldest first (a live array; `sim.requests.length = 0` clears it). */
	readonly requests: RecordedRequest[];
	readonly faults: SimulatorFaults;
	readonly control: SimulatorControl;
	readonly isUp: boolean;
	/** Stops listening and drops open connections; the port stays reserved for `comeUp()`. */
	goDown(): Promise<void>;
	/** Listens again on the same port with the same state. */
	comeUp(): Promise<void>;
	close(): Promise<void>;
};

function normalizeBasePath(basePath: string | undefined): string {
	const trimmed = (basePath ?? '').trim().replace(/\/+$/, '');
	return trimmed === '' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const clock = createClock(options.clock ?? 'real', options.speed ?? 1);
	const loaded = options.stateFile ? loadState(options.stateFile) : undefined;
	const state =
		loaded ??
		createState({
			version: options.version ?? '4.3.11',
			token: options.token ?? createToken(),
			abilities: options.abilities ?? ['read', 'read:sensitive', 'write', 'deploy'],
			deploymentQueueLimit: options.deploymentQueueLimit ?? 25,
			now: clock.now(),
		});
	if (loaded) {
		state.version = options.version ?? loaded.version;
		state.token = options.token ?? loaded.token;
		// Older state files lack the fields added since.
		state.deploymentListShape ??= 'auto';
		state.dockerCleanups ??= 0;
	}

	const token = state.token;
	const seed: SimulatorSeed = loaded
		? seedOf(state)
		: options.seed === false
			? {teamId: state.team.id, projectUuid: '', serverUuid: '', environmentName: '', environmentUuid: '', destinationUuid: ''}
			: seedState(state, clock.now());
	const persist = options.stateFile ? () => saveState(options.stateFile!, state) : undefined;
	persist?.();
	const faults = new FaultInjector();
	const recorder = createRecorder();
	const limiter = createRateLimiter(options.rateLimitPerMinute ?? 200);
	const basePath = normalizeBasePath(options.basePath);
	const router = createRouter([...discoveryRoutes, ...applicationRoutes, ...envRoutes, ...applicationActionRoutes, ...deploymentRoutes]);
	const pipeline = createPipeline({state, clock, router, faults, limiter, healthLimiter: createRateLimiter(1000), recorder, basePath, persist});
	const listener = new Listener((request, response) => {
		void pipeline(request, response);
	});
	const host = options.host ?? '127.0.0.1';
	const port = await listener.listen(options.port ?? 0, host);
	let isClosed = false;
	return {
		baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}${basePath}`,
		port,
		token,
		seed,
		clock,
		stats: recorder.stats,
		requests: recorder.requests,
		faults,
		control: createControl(state, clock, limiter),
		get isUp() {
			return listener.isListening;
		},
		goDown: async () => listener.close(),
		async comeUp() {
			if (isClosed) {
				throw new Error('simulator: comeUp() after close()');
			}

			await listener.listen(port, host);
		},
		async close() {
			isClosed = true;
			await listener.close();
			persist?.();
		},
	};
}

/** A few lines to paste into a config: base URL, token and the seeded uuids. */
export function formatSimulatorBanner(sim: Pick<Simulator, 'baseUrl' | 'token' | 'seed'>): string {
	const {seed} = sim;
	return [
		`Coolify simulator listening on ${sim.baseUrl} (API at ${sim.baseUrl}/api/v1)`,
		`  token:            ${sim.token}`,
		`  project uuid:     ${seed.projectUuid}`,
		`  environment:      ${seed.environmentName} (${seed.environmentUuid})`,
		`  server uuid:      ${seed.serverUuid}`,
		`  destination uuid: ${seed.destinationUuid}`,
		'Config:',
		JSON.stringify(
			{
				baseUrl: sim.baseUrl,
				token: sim.token,
				projectUuid: seed.projectUuid,
				environmentName: seed.environmentName,
				environmentUuid: seed.environmentUuid,
				serverUuid: seed.serverUuid,
				destinationUuid: seed.destinationUuid,
			},
			null,
			2,
		),
	].join('\n');
}
