/** Validation of option values: each problem is a one-line UsageError that names the fix. */
import type {PortMapping} from '../config.js';
import {parseTtl} from '../domain/ttl.js';
import {flagLabel, type FlagName, type NumberRule} from './flags.js';
import {UsageError} from './output.js';

const envKeyPattern = /^[A-Za-z_]\w*$/;

/**
 * `--env KEY=VALUE`, repeatable; a later KEY wins. A value is never echoed in an error: it may be a
 * secret.
 */
export function parseEnvAssignments(assignments: readonly string[]): Record<string, string> {
	const env: Record<string, string> = {};
	for (const assignment of assignments) {
		const equals = assignment.indexOf('=');
		if (equals === -1) {
			const looksLikeKey = envKeyPattern.test(assignment) && assignment.length <= 100;
			throw new UsageError(`--env needs KEY=VALUE${looksLikeKey ? ` (got "${assignment}" without "=")` : ''}; for an empty value write KEY=`);
		}

		const key = assignment.slice(0, equals);
		if (!envKeyPattern.test(key)) {
			const shown = key === '' ? 'an empty name' : `"${key.length > 40 ? `${key.slice(0, 40)}…` : key}"`;
			throw new UsageError(`--env ${shown} is not a valid variable name: use letters, digits and '_', not starting with a digit`);
		}

		// defineProperty: a variable named __proto__ must stay an ordinary key.
		Object.defineProperty(env, key, {value: assignment.slice(equals + 1), enumerable: true, writable: true, configurable: true});
	}

	return env;
}

/** `--port HOST:CONTAINER` or `--port CONTAINER`, repeatable; ports 1-65535, each host port once. */
export function parsePortMappings(values: readonly string[]): PortMapping[] {
	const mappings: PortMapping[] = [];
	const hostPorts = new Set<number>();
	const seen = new Set<string>();
	for (const value of values) {
		const parts = value.trim().split(':');
		if (parts.length > 2 || parts.some(part => !/^\d+$/.test(part))) {
			throw new UsageError(`--port "${value}" must be HOST:CONTAINER (such as 8080:80) or CONTAINER (such as 80)`);
		}

		const ports = parts.map(part => Number(part));
		for (const port of ports) {
			if (port < 1 || port > 65_535) {
				throw new UsageError(`--port "${value}": ${port} is not a port number; use 1-65535`);
			}
		}

		const mapping: PortMapping = ports.length === 2 ? {hostPort: ports[0]!, containerPort: ports[1]!} : {containerPort: ports[0]!};
		if (mapping.hostPort !== undefined) {
			if (hostPorts.has(mapping.hostPort)) {
				throw new UsageError(`--port: host port ${mapping.hostPort} is given twice; each host port can be mapped once`);
			}

			hostPorts.add(mapping.hostPort);
		}

		const key = `${mapping.hostPort ?? ''}:${mapping.containerPort}`;
		if (seen.has(key)) {
			throw new UsageError(`--port "${value}" is given twice`);
		}

		seen.add(key);
		mappings.push(mapping);
	}

	return mappings;
}

/** A numeric option within its range, or undefined when not given (for values read from text, such as the simulator's --port). */
export function checkNumber(name: FlagName, value: number | undefined, rule: NumberRule): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	const tooSmall = rule.isMinExclusive ? value <= rule.min : value < rule.min;
	if (!Number.isFinite(value) || tooSmall || (rule.max !== undefined && value > rule.max) || (rule.isInteger && !Number.isInteger(value))) {
		throw new UsageError(`${flagLabel(name)} must be ${rule.what} (got ${value})`);
	}

	return value;
}

/** A non-empty, single-line text option, or undefined when not given. */
export function checkText(name: FlagName, value: string | undefined, what: string, maxLength = 255): string | undefined {
	if (value === undefined) {
		return undefined;
	}

	const text = value.trim();
	if (text === '' || text.length > maxLength || /[\u0000-\u001F\u007F]/.test(text)) {
		throw new UsageError(`${flagLabel(name)} must be ${what}: not empty, one line, at most ${maxLength} characters`);
	}

	return text;
}

/** A number of seconds, as whole milliseconds. */
export function secondsToMs(seconds: number): number {
	return Math.round(seconds * 1000);
}

/** `--ttl 90m|2h|1d` in milliseconds, or undefined when not given. */
export function checkTtl(value: string | undefined): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	const parsed = parseTtl(value);
	if (!parsed.ok) {
		throw new UsageError(`--ttl ${parsed.reason}`);
	}

	return parsed.ms;
}
