/**
 * What a command runs on: the configuration (from --config or the usual places), the data file (from
 * --data or the usual places) and the service context over both. Nothing here needs closing: the
 * store writes each change as it happens and the HTTP client keeps no connections of its own.
 */
import {resolve} from 'node:path';
import {loadConfig, type AppConfig} from '../config.js';
import {CoolifyClient} from '../coolify/client.js';
import {createServiceContext, type ServiceContext} from '../services/context.js';
import {applicationSecrets} from '../services/application-secrets.js';
import {createRedactor, tokenSecrets, type Redactor} from '../services/redaction.js';
import {DeploymentStore, resolveDataPath} from '../store/index.js';
import type {DeploymentRecord} from '../domain/records.js';
import type {CommandFlags} from './flags.js';
import {oneLine, warn} from './output.js';
import type {CommandIo, RunIo} from './command-types.js';

export type Session = {
	config: AppConfig;
	dataPath: string;
	store: DeploymentStore;
	context: ServiceContext;
};

/** Loads the configuration and prints its warnings (on stderr, so --json output stays clean). */
export function openConfig(flags: Pick<CommandFlags, 'config'>, io: RunIo): AppConfig {
	const config = loadConfig({configPath: flags.config, env: io.env, cwd: io.cwd});
	const redact = configRedactor(config);
	io.errors.redact = redact;
	for (const warning of config.warnings) {
		warn(io.stderr, warning, redact);
	}

	return config;
}

/** The data file named by --data (relative to the working directory) or found the usual way. */
export function dataPathFor(flags: Pick<CommandFlags, 'data'>, io: CommandIo): string {
	return resolveDataPath({dataPath: flags.data === undefined ? undefined : resolve(io.cwd, flags.data), env: io.env});
}

/** Configuration, data file and service context, for commands that touch deployments. */
export async function openSession(
	flags: Pick<CommandFlags, 'config' | 'data'>,
	io: RunIo,
	options: {extraSecrets?: readonly string[]; deadline?: number} = {},
): Promise<Session> {
	const config = openConfig(flags, io);
	const dataPath = dataPathFor(flags, io);
	const store = await DeploymentStore.open(dataPath);
	printNotes(io, store);
	const context = createServiceContext({config, store, extraSecrets: options.extraSecrets, clientOptions: {deadline: options.deadline}});
	io.errors.redact = context.redact;
	return {config, dataPath, store, context};
}

/**
 * The session's context, masking also the secret values set on the record's application (see
 * services/application-secrets.ts), so an error about the record cannot show them either.
 */
export async function withApplicationSecrets(session: Session, io: RunIo, record: DeploymentRecord): Promise<ServiceContext> {
	const extraSecrets = (await applicationSecrets(session.context, record)).values;
	if (extraSecrets.length === 0) {
		return session.context;
	}

	const context = createServiceContext({config: session.config, store: session.store, client: session.context.client, secretsCache: session.context.secretsCache, extraSecrets});
	io.errors.redact = context.redact;
	return context;
}

/**
 * A client for commands that need Coolify but not the data file (`health`, `doctor`): they answer within
 * twice coolify.timeoutSeconds, whatever Coolify does (retries and rate-limit waits included).
 */
export function createClient(config: AppConfig): CoolifyClient {
	const timeoutMs = config.coolify.timeoutSeconds * 1000;
	return new CoolifyClient({baseUrl: config.coolify.baseUrl, token: config.coolify.token, timeoutMs, deadline: Date.now() + 2 * timeoutMs});
}

/** The store's notes (a link followed, a new data file) on stderr, so --json output stays clean. */
export function printNotes(io: Pick<CommandIo, 'stderr'>, store: DeploymentStore): void {
	for (const note of store.notes) {
		io.stderr.write(`coolify-tui: note: ${oneLine(note)}\n`);
	}
}

/** Masks the token (the configuration's secrets are masked by the service context's redactor). */
export function configRedactor(config: AppConfig): Redactor {
	return createRedactor(tokenSecrets(config.coolify.token));
}
