import {ConfigError} from './types.js';
import {closestKey} from './suggest.js';

/** A key path such as `pipelines[0].env.API_KEY`; keys that are not identifiers are bracketed. */
export function childPath(parent: string, key: string | number): string {
	if (typeof key === 'number') {
		return `${parent}[${key}]`;
	}

	const part = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
	return parent === '' ? part : part.startsWith('[') ? `${parent}${part}` : `${parent}.${part}`;
}

/** A value as an error message shows it: strings quoted (and cut short), containers by kind. */
export function describeValue(value: unknown): string {
	if (typeof value === 'string') {
		const shown = JSON.stringify(value);
		return shown.length > 60 ? `${shown.slice(0, 56)}..."` : shown;
	}

	return value === null || typeof value !== 'object' ? String(value) : describeType(value);
}

/** A value's kind only, for values that may be secret. */
export function describeType(value: unknown): string {
	if (value === null) {
		return 'null';
	}

	if (Array.isArray(value)) {
		return 'an array';
	}

	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Common misnamings that edit distance cannot catch, mapped to the key meant. */
const aliases: Record<string, string> = {
	url: 'baseUrl', host: 'baseUrl', apiurl: 'baseUrl', endpoint: 'baseUrl',
	apitoken: 'token', apikey: 'token', key: 'token',
	project: 'projectUuid', server: 'serverUuid', destination: 'destinationUuid',
	environment: 'environmentName', timeout: 'timeoutSeconds',
	pollinterval: 'pollIntervalSeconds', interval: 'intervalMinutes', maxage: 'maxAgeHours',
	image: 'dockerImage', dockerfilepath: 'dockerfile', environmentvariables: 'env', variables: 'env', envs: 'env',
	container: 'containerPort', hostport: 'hostPort', domain: 'domains', fqdn: 'domains', cpu: 'cpus', mem: 'memory',
};

/** A section of the file other than the current one, where a misplaced key may belong. */
export type OtherSection = {path: string; keys: readonly string[]};

/** Validation context: formats every failure as one line under the file's label, token removed. */
export class ConfigReader {
	constructor(
		readonly file: string | null,
		readonly label: string,
		private readonly hidden: readonly string[],
	) {}

	/** Removes every hidden value (the token) from `text`. */
	redact(text: string): string {
		let result = text;
		for (const value of this.hidden) {
			result = result.split(value).join('***');
		}

		return result.replaceAll(/[\r\n]+/g, ' ');
	}

	/** Throws `<label>: <body>`. */
	raise(keyPath: string, body: string): never {
		throw new ConfigError(this.redact(`${this.label}: ${body}`), {file: this.file, keyPath});
	}

	/** Throws `<label>: <keyPath> <problem>; <fix>`. */
	fail(keyPath: string, problem: string, fix?: string): never {
		return this.raise(keyPath, `${keyPath} ${problem}${fix ? `; ${fix}` : ''}`);
	}

	object(value: unknown, keyPath: string, example: string): Record<string, unknown> {
		if (value === null || typeof value !== 'object' || Array.isArray(value)) {
			return this.fail(keyPath, `must be an object such as ${example} (got ${describeValue(value)})`);
		}

		return value as Record<string, unknown>;
	}

	array(value: unknown, keyPath: string, example: string): unknown[] {
		if (!Array.isArray(value)) {
			return this.fail(keyPath, `must be an array such as ${example} (got ${describeValue(value)})`);
		}

		return value;
	}

	/** Rejects keys outside `known`, suggesting the closest known key or the section it belongs to. */
	keys(record: Record<string, unknown>, keyPath: string, known: readonly string[], elsewhere: readonly OtherSection[] = []): void {
		for (const key of Object.keys(record)) {
			if (known.includes(key)) {
				continue;
			}

			const alias = aliases[key.toLowerCase().replaceAll(/[-_]/g, '')];
			const near = closestKey(key, known) ?? (alias && known.includes(alias) ? alias : undefined);
			const other = elsewhere.find(section => section.keys.some(candidate => candidate.toLowerCase() === key.toLowerCase()));
			const fullPath = childPath(keyPath, key);
			if (near) {
				this.raise(fullPath, `unknown key "${fullPath}" (did you mean "${near}"?)`);
			}

			if (other) {
				const target = other.keys.find(candidate => candidate.toLowerCase() === key.toLowerCase())!;
				this.raise(fullPath, `unknown key "${fullPath}"; it belongs at "${childPath(other.path, target)}"`);
			}

			this.raise(fullPath, `unknown key "${fullPath}"; known keys here: ${known.join(', ')}`);
		}
	}

	string(value: unknown, keyPath: string, what: string): string {
		if (typeof value !== 'string') {
			return this.fail(keyPath, `must be ${what} (got ${describeValue(value)})`);
		}

		if (value.trim() === '') {
			return this.fail(keyPath, `must not be empty; give ${what} or remove the key`);
		}

		return value.trim();
	}

	boolean(value: unknown, keyPath: string): boolean {
		if (typeof value !== 'boolean') {
			return this.fail(keyPath, `must be true or false (got ${describeValue(value)})`);
		}

		return value;
	}

	/** A number within a range; `what` describes the whole rule, e.g. "a number of seconds from 1 to 3600". */
	number(value: unknown, keyPath: string, rule: {what: string; min: number; isMinExclusive?: boolean; max?: number; isInteger?: boolean}): number {
		const isValid = typeof value === 'number'
			&& Number.isFinite(value)
			&& (rule.isMinExclusive ? value > rule.min : value >= rule.min)
			&& (rule.max === undefined || value <= rule.max)
			&& (!rule.isInteger || Number.isInteger(value));
		if (!isValid) {
			return this.fail(keyPath, `must be ${rule.what} (got ${describeValue(value)})`);
		}

		return value;
	}

	/** A Coolify resource UUID; it ends up in URL paths, so nothing that would need escaping. */
	uuid(value: unknown, keyPath: string): string {
		const text = this.string(value, keyPath, 'a Coolify UUID');
		if (!/^[A-Za-z0-9][\w-]{0,127}$/.test(text)) {
			return this.fail(keyPath, `must be a Coolify UUID: letters, digits, '-' and '_' (got ${describeValue(value)})`, 'copy it from the resource\'s URL or settings page in Coolify');
		}

		return text;
	}

	/** An environment name such as "production"; it may appear in URL paths, so no '/'. */
	environmentName(value: unknown, keyPath: string): string {
		const text = this.string(value, keyPath, 'an environment name such as "production"');
		if (text.includes('/') || text.length > 255) {
			return this.fail(keyPath, `must be an environment name without '/', at most 255 characters (got ${describeValue(value)})`);
		}

		return text;
	}
}
