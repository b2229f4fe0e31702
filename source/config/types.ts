/** One published port: the container's port and, optionally, the host port mapped onto it. */
export type PortMapping = {
	containerPort: number;
	/** A fixed host port: two deployments of the pipeline cannot run at once. */
	hostPort?: number;
	/** `"auto"` or `"8080+"`: each deployment gets the first host port from here no other test deployment uses. */
	hostPortFrom?: number;
};

/**
 * One kind of test deployment the user can launch: built either from a registry image or from a
 * local Dockerfile (absolute path), with its environment, secrets, ports and optional overrides of
 * the Coolify project, server, environment and destination.
 */
export type PipelineConfig = {
	id: string;
	name: string;
	dockerImage?: string;
	/** Absolute path, resolved against the directory of the config file. */
	dockerfile?: string;
	env: Record<string, string>;
	/** Keys of `env` whose values are masked everywhere. */
	secrets: string[];
	ports: PortMapping[];
	autoStart: boolean;
	/** Comma-separated http(s) URLs, normalised to no spaces; may hold `{key}` and `{pipeline}`. */
	domains?: string;
	/** How long a deployment lives before cleanup deletes it; default `cleanup.maxAgeHours`. */
	ttlHours?: number;
	limits?: {memory?: string; cpus?: string};
	projectUuid?: string;
	serverUuid?: string;
	environmentName?: string;
	destinationUuid?: string;
};

/** How to reach the Coolify instance and where test applications go by default. */
export type CoolifyConnectionConfig = {
	/** Normalised: no trailing '/', no trailing '/api' or '/api/v1'. */
	baseUrl: string;
	token: string;
	projectUuid: string;
	serverUuid: string;
	environmentName: string;
	environmentUuid?: string;
	destinationUuid?: string;
	timeoutSeconds: number;
};

/** The validated configuration with every default filled in. */
export type AppConfig = {
	/** The file used, or null when the configuration came from the environment (or memory) only. */
	configPath: string | null;
	coolify: CoolifyConnectionConfig;
	/** Whose test deployments this machine makes; `COOLIFY_TUI_OWNER` wins over it (source/domain/owner.ts). */
	owner?: string;
	pollIntervalSeconds: number;
	cleanup: {
		/** 0 means every test deployment is old enough to be removed at the next sweep. */
		maxAgeHours: number;
		intervalMinutes: number;
		enabled: boolean;
	};
	pipelines: PipelineConfig[];
	/** Problems that do not stop the program, one line each. Never contains the token. */
	warnings: string[];
};

/** Where to look for the configuration; every field defaults to the real process. */
export type LoadConfigOptions = {
	/** From `--config PATH`; must exist. */
	configPath?: string;
	env?: Record<string, string | undefined>;
	cwd?: string;
	homeDir?: string;
};

/** Where `parseConfig` got its input: the file (for messages and relative paths) and the environment. */
export type ConfigSource = {path: string | null; env?: Record<string, string | undefined>};

/** The part of the Coolify API request body that says where an application is created. */
export type PipelineTarget = {
	projectUuid: string;
	serverUuid: string;
	environmentName: string;
	environmentUuid?: string;
	destinationUuid?: string;
};

/**
 * A configuration problem. The message is one line, `<file>: <key path> <problem>; <fix>`, and never
 * contains the API token. `file` is the config file (null for the environment or an in-memory
 * config) and `keyPath` the offending key or environment variable, when there is one.
 */
export class ConfigError extends Error {
	override readonly name = 'ConfigError';
	readonly file: string | null;
	readonly keyPath: string | null;

	constructor(message: string, details: {file?: string | null; keyPath?: string | null} = {}) {
		super(message);
		this.file = details.file ?? null;
		this.keyPath = details.keyPath ?? null;
	}
}
