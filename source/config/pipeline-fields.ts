/** Validators for the parts of one pipeline: name, env, secrets, ports, domains and limits. */
import type {PipelineConfig, PortMapping} from './types.js';
import {childPath, describeType, describeValue, type ConfigReader} from './reader.js';

const portKeys = ['containerPort', 'hostPort'] as const;
export const limitKeys = ['memory', 'cpus'] as const;
const envKeyPattern = /^[A-Za-z_]\w*$/;
const memoryPattern = /^\d+(\.\d+)?[bkmg]?$/i;
const cpusPattern = /^\d+(\.\d+)?$/;
const portRule = {what: 'an integer 1-65535', min: 1, max: 65_535, isInteger: true};

export function readName(reader: ConfigReader, value: unknown, path: string): string {
	const name = reader.string(value, path, 'a display name');
	if (name.length > 255) {
		reader.fail(path, `must be at most 255 characters (got ${name.length})`);
	}

	return name;
}

export function readEnv(reader: ConfigReader, value: unknown, path: string): Record<string, string> {
	if (value === undefined) {
		return {};
	}

	const record = reader.object(value, path, '{"NODE_ENV": "production"}');
	const env: Record<string, string> = {};
	for (const [key, entry] of Object.entries(record)) {
		const keyPath = childPath(path, key);
		if (!envKeyPattern.test(key)) {
			reader.fail(keyPath, 'is not a valid variable name', 'use letters, digits and \'_\', not starting with a digit');
		}

		// Never show the value: it may be a secret.
		if (typeof entry !== 'string') {
			reader.fail(keyPath, `must be a string (got ${describeType(entry)})`, 'put the value in double quotes');
		}

		// defineProperty: a variable named __proto__ must stay an ordinary key.
		Object.defineProperty(env, key, {value: entry, enumerable: true, writable: true, configurable: true});
	}

	return env;
}

export function readSecrets(reader: ConfigReader, value: unknown, path: string, env: Record<string, string>): string[] {
	if (value === undefined) {
		return [];
	}

	const entries = reader.array(value, path, '["API_KEY"]');
	const secrets: string[] = [];
	for (const [index, entry] of entries.entries()) {
		const keyPath = childPath(path, index);
		const key = reader.string(entry, keyPath, 'the name of a key in env');
		if (!Object.hasOwn(env, key)) {
			reader.fail(keyPath, `${describeValue(key)} is not a key of ${path.replace(/secrets$/, 'env')}`, 'add it to env or remove it from secrets');
		}

		if (secrets.includes(key)) {
			reader.fail(keyPath, `${describeValue(key)} is listed twice`, 'remove the repeat');
		}

		secrets.push(key);
	}

	return secrets;
}

export function readPorts(reader: ConfigReader, value: unknown, path: string): PortMapping[] {
	if (value === undefined) {
		return [];
	}

	const entries = reader.array(value, path, '[{"containerPort": 80, "hostPort": 8080}]');
	const hostPortOwners = new Map<number, string>();
	const mappingOwners = new Map<string, string>();
	return entries.map((entry, index) => {
		const entryPath = childPath(path, index);
		const record = reader.object(entry, entryPath, '{"containerPort": 80, "hostPort": 8080}');
		reader.keys(record, entryPath, portKeys);
		if (record.containerPort === undefined) {
			reader.fail(`${entryPath}.containerPort`, 'is missing', 'e.g. {"containerPort": 80, "hostPort": 8080}');
		}

		const port: PortMapping = {containerPort: reader.number(record.containerPort, `${entryPath}.containerPort`, portRule)};
		if (typeof record.hostPort === 'string') {
			port.hostPortFrom = readHostPortFrom(reader, record.hostPort, `${entryPath}.hostPort`);
		} else if (record.hostPort !== undefined) {
			port.hostPort = reader.number(record.hostPort, `${entryPath}.hostPort`, {...portRule, what: `${portRule.what}, "auto" or a base such as "8080+"`});
			const owner = hostPortOwners.get(port.hostPort);
			if (owner) {
				reader.fail(`${entryPath}.hostPort`, `${port.hostPort} is already used by ${owner}`, 'host ports must be unique within a pipeline');
			}

			hostPortOwners.set(port.hostPort, entryPath);
		}

		const mapping = `${port.hostPort ?? port.hostPortFrom ?? ''}:${port.containerPort}`;
		const repeated = mappingOwners.get(mapping);
		if (repeated) {
			reader.fail(entryPath, `repeats ${repeated}`, 'remove the repeat');
		}

		mappingOwners.set(mapping, entryPath);
		return port;
	});
}

/** Where `"auto"` host ports start: above the usual fixed ports, below Linux's ephemeral range. */
export const autoHostPortBase = 20_000;

/** `"auto"` or `"8080+"`: the first host port to try. */
function readHostPortFrom(reader: ConfigReader, value: string, path: string): number {
	const text = value.trim().toLowerCase();
	if (text === 'auto') {
		return autoHostPortBase;
	}

	const match = /^(\d{1,5})\+$/.exec(text);
	const base = match ? Number(match[1]) : Number.NaN;
	if (!(base >= 1 && base <= 65_535)) {
		return reader.fail(path, `must be a port number (fixed), "auto" or a base such as "8080+" (got ${describeValue(value)})`, 'with "auto" or "8080+" each deployment gets a free host port');
	}

	return base;
}

/** What `{key}` and `{pipeline}` are replaced by when a domain template is checked. */
const sampleTemplateValues = {key: 'k3y9zq', pipeline: 'pipeline'};

/** A domains value with its placeholders filled in. */
export function fillDomainTemplate(template: string, values: {key: string; pipeline: string}): string {
	return template.replaceAll('{key}', values.key).replaceAll('{pipeline}', values.pipeline);
}

/**
 * Comma-separated http(s) URLs, returned without spaces; empty means "let Coolify generate one". They may
 * hold `{key}` (the deployment's key, so two deployments of a pipeline get different domains) and `{pipeline}`.
 */
export function readDomains(reader: ConfigReader, value: unknown, path: string): string | undefined {
	if (typeof value !== 'string') {
		return reader.fail(path, `must be a string of comma-separated URLs such as "https://app.example.com" (got ${describeValue(value)})`);
	}

	if (value.trim() === '') {
		return undefined;
	}

	const urls = value.split(',').map(part => part.trim());
	for (const url of urls) {
		const unknown = /\{(?!key\}|pipeline\})[^}]*\}?/.exec(url);
		if (unknown) {
			reader.fail(path, `entry ${describeValue(url)} has the unknown placeholder ${describeValue(unknown[0])}`, 'placeholders are {key} and {pipeline}');
		}

		if (!isHttpUrl(fillDomainTemplate(url, sampleTemplateValues))) {
			reader.fail(path, `entry ${describeValue(url)} must be an http(s) URL such as "https://app.example.com"`, 'separate several URLs with commas');
		}
	}

	return urls.join(',');
}

function isHttpUrl(text: string): boolean {
	if (!URL.canParse(text)) {
		return false;
	}

	const url = new URL(text);
	return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === '';
}

export function readLimits(reader: ConfigReader, value: unknown, path: string): PipelineConfig['limits'] {
	const record = reader.object(value, path, '{"memory": "512m", "cpus": "0.5"}');
	reader.keys(record, path, limitKeys);
	const limits: NonNullable<PipelineConfig['limits']> = {};
	if (record.memory !== undefined) {
		const memory = typeof record.memory === 'string' ? record.memory.trim() : '';
		if (!memoryPattern.test(memory) || Number.parseFloat(memory) <= 0) {
			reader.fail(`${path}.memory`, `must be a size greater than 0 such as "512m" or "1g" (got ${describeValue(record.memory)})`, 'units are b, k, m and g; a bare number is bytes');
		}

		limits.memory = memory.toLowerCase();
	}

	if (record.cpus !== undefined) {
		const cpus = typeof record.cpus === 'number' ? String(record.cpus) : typeof record.cpus === 'string' ? record.cpus.trim() : '';
		if (!cpusPattern.test(cpus) || Number.parseFloat(cpus) <= 0) {
			reader.fail(`${path}.cpus`, `must be a number of CPUs greater than 0 such as "0.5" (got ${describeValue(record.cpus)})`);
		}

		limits.cpus = cpus;
	}

	return limits.memory === undefined && limits.cpus === undefined ? undefined : limits;
}
