import type {AppConfig, ConfigSource, CoolifyConnectionConfig, PipelineConfig} from './types.js';
import {ConfigReader, describeType, describeValue, type OtherSection} from './reader.js';
import {baseDirectory, pipelineKeys, readPipelines} from './pipelines.js';
import {resolvePipelineTarget} from './target.js';

const topKeys = ['coolify', 'owner', 'pollIntervalSeconds', 'cleanup', 'pipelines'] as const;
const coolifyKeys = ['baseUrl', 'token', 'projectUuid', 'serverUuid', 'environmentName', 'environmentUuid', 'destinationUuid', 'timeoutSeconds'] as const;
const cleanupKeys = ['maxAgeHours', 'intervalMinutes', 'enabled'] as const;

const sections: readonly OtherSection[] = [
	{path: '', keys: topKeys},
	{path: 'coolify', keys: coolifyKeys},
	{path: 'cleanup', keys: cleanupKeys},
];

const maxAgeRule = {what: 'a number of hours, 0 or more (0 removes every test deployment at the next sweep)', min: 0};

/** Where the configuration came from, for messages: the file, or the paths that were searched. */
export type ParseContext = ConfigSource & {searchedPaths?: readonly string[]};

/** The environment variables that override the file. Empty values count as unset. */
type EnvOverrides = {baseUrl?: string; token?: string; maxAgeHours?: number};

/** Validates a parsed config file (or `{}`) plus the environment; throws ConfigError on the first problem. */
export function parseConfig(raw: unknown, source: ConfigSource): AppConfig {
	return parseConfigWithContext(raw, source);
}

export function parseConfigWithContext(raw: unknown, context: ParseContext): AppConfig {
	const env = context.env ?? process.env;
	const envToken = env.COOLIFY_API_TOKEN;
	const fileToken = (raw as {coolify?: {token?: unknown}} | null)?.coolify?.token;
	// Anything that could be the token is cut out of every message, even values we never mean to show.
	const hidden = [envToken, typeof fileToken === 'string' ? fileToken : undefined]
		.flatMap(token => (token?.trim() ? [token, token.trim()] : []))
		.sort((left, right) => right.length - left.length);
	const label = context.path ?? (context.searchedPaths ? 'no config file found' : 'config');
	const reader = new ConfigReader(context.path, label, hidden);

	const overrides = readEnvOverrides(new ConfigReader(null, 'environment', hidden), env);
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
		reader.raise('', `the top level must be a JSON object (got ${describeType(raw)}); see config.example.json`);
	}

	const record = raw as Record<string, unknown>;
	reader.keys(record, '', topKeys, sections);
	const coolify = readCoolify(reader, record.coolify, overrides, context);
	const pollIntervalSeconds = record.pollIntervalSeconds === undefined ? 10 : reader.number(record.pollIntervalSeconds, 'pollIntervalSeconds', {what: 'a number of seconds from 1 to 3600', min: 1, max: 3600});
	const cleanup = record.cleanup === undefined ? {} : reader.object(record.cleanup, 'cleanup', '{"maxAgeHours": 24}');
	reader.keys(cleanup, 'cleanup', cleanupKeys, sections);
	// Validated even when the environment overrides it: a typo in the file must not hide.
	const fileMaxAgeHours = cleanup.maxAgeHours === undefined ? 24 : reader.number(cleanup.maxAgeHours, 'cleanup.maxAgeHours', maxAgeRule);
	const owner = record.owner === undefined ? undefined : reader.string(record.owner, 'owner', 'a name for whose test deployments these are, such as "alice" or "team-web"').trim();
	const config: AppConfig = {
		configPath: context.path,
		coolify,
		...(owner ? {owner} : {}),
		pollIntervalSeconds,
		cleanup: {
			maxAgeHours: overrides.maxAgeHours ?? fileMaxAgeHours,
			// Capped well below setInterval's 2^31-1 ms limit, past which timers fire immediately.
			intervalMinutes: cleanup.intervalMinutes === undefined ? 60 : reader.number(cleanup.intervalMinutes, 'cleanup.intervalMinutes', {what: 'a number of minutes from 1 to 10080 (one week)', min: 1, max: 10_080}),
			enabled: cleanup.enabled === undefined ? true : reader.boolean(cleanup.enabled, 'cleanup.enabled'),
		},
		pipelines: readPipelines(reader, record.pipelines, baseDirectory(context.path), sections),
		warnings: [],
	};
	config.warnings = collectWarnings(config).map(warning => reader.redact(warning));
	return config;
}

function readEnvOverrides(reader: ConfigReader, env: Record<string, string | undefined>): EnvOverrides {
	const overrides: EnvOverrides = {};
	const baseUrl = env.COOLIFY_BASE_URL;
	if (baseUrl !== undefined && baseUrl !== '') {
		overrides.baseUrl = normaliseBaseUrl(reader, baseUrl, 'COOLIFY_BASE_URL', 'fix the variable or unset it');
	}

	const token = env.COOLIFY_API_TOKEN;
	if (token !== undefined && token !== '') {
		overrides.token = checkToken(reader, token, 'COOLIFY_API_TOKEN');
	}

	const hours = env.COOLIFY_AUTO_CLEANUP_HOURS;
	if (hours !== undefined && hours !== '') {
		if (!/^\d+(\.\d+)?$/.test(hours.trim())) {
			reader.fail('COOLIFY_AUTO_CLEANUP_HOURS', `must be ${maxAgeRule.what} (got ${describeValue(hours)})`, 'fix the variable or unset it');
		}

		overrides.maxAgeHours = Number(hours.trim());
	}

	return overrides;
}

function readCoolify(reader: ConfigReader, value: unknown, overrides: EnvOverrides, context: ParseContext): CoolifyConnectionConfig {
	const record = value === undefined ? {} : reader.object(value, 'coolify', '{"baseUrl": "http://127.0.0.1:8000", "projectUuid": "..."}');
	reader.keys(record, 'coolify', coolifyKeys, [...sections, {path: 'pipelines[]', keys: pipelineKeys}]);
	const missing = (key: string, envVariable?: string): never => {
		const inFile = `"${key}" under "coolify"`;
		const where = context.path
			? `add ${inFile} in this file`
			: `put ${inFile} in ${context.searchedPaths?.join(' or ') ?? 'a config file'} (see config.example.json), or pass --config PATH`;
		return reader.fail(`coolify.${key}`, 'is missing', envVariable ? `set ${envVariable}, or ${where}` : where);
	};

	const fileBaseUrl = record.baseUrl === undefined ? undefined : normaliseBaseUrl(reader, record.baseUrl, 'coolify.baseUrl', 'give the address you open Coolify at');
	const fileToken = record.token === undefined ? undefined : checkToken(reader, record.token, 'coolify.token');
	const baseUrl = overrides.baseUrl ?? fileBaseUrl ?? missing('baseUrl', 'COOLIFY_BASE_URL');
	const token = overrides.token ?? fileToken ?? missing('token', 'COOLIFY_API_TOKEN (preferred)');
	const connection: CoolifyConnectionConfig = {
		baseUrl,
		token,
		projectUuid: record.projectUuid === undefined ? missing('projectUuid') : reader.uuid(record.projectUuid, 'coolify.projectUuid'),
		serverUuid: record.serverUuid === undefined ? missing('serverUuid') : reader.uuid(record.serverUuid, 'coolify.serverUuid'),
		environmentName: record.environmentName === undefined ? 'production' : reader.environmentName(record.environmentName, 'coolify.environmentName'),
		timeoutSeconds: record.timeoutSeconds === undefined ? 30 : reader.number(record.timeoutSeconds, 'coolify.timeoutSeconds', {what: 'a number of seconds greater than 0 and at most 600', min: 0, isMinExclusive: true, max: 600}),
	};
	for (const key of ['environmentUuid', 'destinationUuid'] as const) {
		if (record[key] !== undefined) {
			connection[key] = reader.uuid(record[key], `coolify.${key}`);
		}
	}

	return connection;
}

/**
 * Checks an http(s) base URL and normalises it: no trailing '/', and no trailing '/api' or '/api/v1'
 * (users paste the API address). A reverse-proxy path such as '/coolify' is kept.
 */
function normaliseBaseUrl(reader: ConfigReader, value: unknown, keyPath: string, fix: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const url = URL.canParse(text) ? new URL(text) : undefined;
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
		return reader.fail(keyPath, `must be an http(s) URL such as "http://127.0.0.1:8000" (got ${describeValue(value)})`, fix);
	}

	if (url.username !== '' || url.password !== '') {
		return reader.fail(keyPath, 'must not contain a user name or password', 'the API token goes in COOLIFY_API_TOKEN');
	}

	if (url.search !== '' || url.hash !== '') {
		return reader.fail(keyPath, `must not have a query or fragment (got ${describeValue(value)})`, fix);
	}

	const path = url.pathname.replace(/\/+$/, '').replace(/\/api(\/v1)?$/i, '').replace(/\/+$/, '');
	return `${url.protocol}//${url.host}${path}`;
}

const maxTokenLength = 1024;

/** A token goes into an HTTP header: printable ASCII, no whitespace or control characters. Never shows the value. */
function checkToken(reader: ConfigReader, value: unknown, keyPath: string): string {
	const fix = keyPath === 'coolify.token' ? 'prefer the COOLIFY_API_TOKEN environment variable' : 'create a token in Coolify under Keys & Tokens';
	if (typeof value !== 'string') {
		return reader.fail(keyPath, `must be a string (got ${describeType(value)})`, fix);
	}

	const token = value.trim();
	if (token === '') {
		return reader.fail(keyPath, 'is empty', fix);
	}

	if (/[\s\u0000-\u001F\u007F]/.test(token)) {
		return reader.fail(keyPath, 'contains whitespace or control characters', 'copy the token again, without spaces or line breaks');
	}

	if (/[^\u0021-\u007E]/.test(token)) {
		return reader.fail(keyPath, 'contains characters other than printable ASCII', 'copy the token again from Coolify (Keys & Tokens)');
	}

	// Coolify's are ~50 characters (`3|AbC…`); one of kilobytes is something else pasted, which a server refuses
	// with a bare 431 (header too large).
	if (token.length > maxTokenLength) {
		return reader.fail(keyPath, `is ${token.length} characters long, more than a token (at most ${maxTokenLength})`, 'copy the token again from Coolify (Keys & Tokens)');
	}

	return token;
}

/** Non-fatal findings: pipelines that would fight over a host port on the same server, no pipelines. */
function collectWarnings(config: AppConfig): string[] {
	const warnings: string[] = [];
	const where = config.configPath ?? 'config';
	if (config.pipelines.length === 0) {
		warnings.push(`${where}: no pipelines configured; add some under "pipelines" (see config.example.json)`);
	}

	const owners = new Map<string, PipelineConfig>();
	for (const pipeline of config.pipelines) {
		const {serverUuid} = resolvePipelineTarget(config, pipeline);
		for (const {hostPort} of pipeline.ports) {
			if (hostPort === undefined) {
				continue;
			}

			const key = `${serverUuid} ${hostPort}`;
			const owner = owners.get(key);
			if (owner && owner !== pipeline) {
				warnings.push(`${where}: pipelines "${owner.id}" and "${pipeline.id}" both map host port ${hostPort} on server ${serverUuid}; they cannot run at the same time`);
			}

			owners.set(key, owner ?? pipeline);
		}
	}

	return warnings;
}
