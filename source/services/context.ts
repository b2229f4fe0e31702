import {hostname, userInfo} from 'node:os';
import type {AppConfig} from '../config.js';
import {CoolifyClient, type CoolifyClientOptions} from '../coolify/client.js';
import {markerSafeOwner} from '../domain/marker.js';
import {resolveOwner, type Owner} from '../domain/owner.js';
import type {DeploymentStore} from '../store/index.js';
import {createRedactor, secretValues, tokenSecrets, type Redactor} from './redaction.js';
import {systemScheduler, type Scheduler} from './scheduler.js';

/** What every service needs; built once per process and passed down (no globals, so tests build their own). */
export type ServiceContext = {
	readonly config: AppConfig;
	readonly client: CoolifyClient;
	readonly store: DeploymentStore;
	/** Masks the token and every configured secret value. */
	readonly redact: Redactor;
	/** Clock and timers: the poller, the cleanup loop, the log feed and `--wait` run on these. */
	readonly scheduler: Scheduler;
	/** `scheduler.now`. */
	readonly now: () => number;
	/** `scheduler.sleep`. */
	readonly sleep: (ms: number) => Promise<void>;
	/** Environment uuids resolved from names, per project. */
	readonly environmentUuids: Map<string, string>;
	/** Whose deployments this process makes, in the marker-safe form every machine shows. */
	readonly owner: Owner;
	/** Which missing application the poller's next proof asks about: each gets its turn. */
	readonly turns: {proof: number};
	/** Secret values read back from applications (application-secrets.ts); shared by contexts over one client. */
	readonly secretsCache: SecretsCache;
	/** The visible build logs of the last finished builds read, by deployment uuid (logs.ts): they never change. */
	readonly finishedBuildLogs: Map<string, FinishedBuildLog>;
	/** Runs the reading of a build log whole (its debug lines, never thinned): the dashboard tunes the process for it. */
	readonly readingWholeBuildLog: <T>(read: () => Promise<T>) => Promise<T>;
};

/** A finished build's visible log as Coolify sent it (not yet made terminal-safe or redacted). */
export type FinishedBuildLog = {text: string; emptyNote?: string};

/**
 * Per application uuid: secret values that were all read, and reads that failed (503, 429, no
 * read:sensitive) with when, kept only a few seconds so a failure never turns masking off for long.
 */
export type SecretsCache = {
	known: Map<string, string[]>;
	recentFailures: Map<string, {at: number; unknown: {keys: string[]; reason: string}}>;
};

export type ServiceContextOptions = {
	config: AppConfig;
	store: DeploymentStore;
	client?: CoolifyClient;
	/** Overrides for the client built from the config (tests shorten the retry delays). */
	clientOptions?: Partial<CoolifyClientOptions>;
	/** More values to mask, beside the token and the configured secrets (`deploy --env` values). */
	extraSecrets?: readonly string[];
	/** @default systemScheduler (wall clock, Node's timers) */
	scheduler?: Scheduler;
	/** Who this process deploys as; by default from the environment, the config and the machine. */
	owner?: Owner;
	env?: Record<string, string | undefined>;
	/** A context derived from another over the same client passes the other's, so secrets are read once. */
	secretsCache?: SecretsCache;
	/** @default runs it as it is */
	readingWholeBuildLog?: ServiceContext['readingWholeBuildLog'];
};

export function createServiceContext(options: ServiceContextOptions): ServiceContext {
	const {config} = options;
	const client =
		options.client ??
		new CoolifyClient({
			baseUrl: config.coolify.baseUrl,
			token: config.coolify.token,
			timeoutMs: config.coolify.timeoutSeconds * 1000,
			...options.clientOptions,
		});
	const scheduler = options.scheduler ?? systemScheduler;
	const secrets = [
		...tokenSecrets(config.coolify.token),
		...config.pipelines.flatMap(pipeline => secretValues(pipeline.env, pipeline.secrets)),
		...(options.extraSecrets ?? []),
	];
	return {
		config,
		client,
		store: options.store,
		redact: createRedactor(secrets),
		scheduler,
		now: () => scheduler.now(),
		sleep: async ms => scheduler.sleep(ms),
		environmentUuids: new Map(),
		owner: options.owner ?? ownerOfThisMachine(config, options.env ?? process.env),
		turns: {proof: 0},
		secretsCache: options.secretsCache ?? {known: new Map(), recentFailures: new Map()},
		finishedBuildLogs: new Map(),
		readingWholeBuildLog: options.readingWholeBuildLog ?? (async read => read()),
	};
}

/** COOLIFY_TUI_OWNER, config `owner`, the CI job, else user@host; in the form the marker carries. */
export function ownerOfThisMachine(config: AppConfig, env: Record<string, string | undefined>): Owner {
	let userName = env.USER ?? env.USERNAME ?? 'unknown';
	try {
		userName = userInfo().username;
	} catch {
		// No passwd entry (a container with a random uid): the environment's name will do.
	}

	const owner = resolveOwner({env, configOwner: config.owner, userName, hostName: hostname()});
	return {...owner, name: markerSafeOwner(owner.name)};
}
