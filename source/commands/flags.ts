/** The meow flag definitions of every command and the dashboard, and their typed, normalised form. */
import type {AnyFlags} from 'meow';
import {UsageError} from './output.js';

/** Every flag the program knows; each command accepts a subset (see registry.ts). */
export const commandFlags = {
	config: {type: 'string'},
	data: {type: 'string'},
	json: {type: 'boolean', default: false},
	demo: {type: 'boolean', default: false},
	readOnly: {type: 'boolean', default: false},
	pollInterval: {type: 'number'},
	name: {type: 'string'},
	image: {type: 'string'},
	env: {type: 'string', isMultiple: true},
	port: {type: 'string', isMultiple: true},
	start: {type: 'boolean', default: true},
	wait: {type: 'boolean', default: false},
	timeout: {type: 'number'},
	pipeline: {type: 'string'},
	status: {type: 'string'},
	all: {type: 'boolean', default: false},
	type: {type: 'string'},
	follow: {type: 'boolean', default: false},
	lines: {type: 'number'},
	yes: {type: 'boolean', default: false},
	ageHours: {type: 'number'},
	dryRun: {type: 'boolean', default: false},
	token: {type: 'string'},
	state: {type: 'string'},
	coolifyVersion: {type: 'string'},
	mine: {type: 'boolean', default: false},
	team: {type: 'boolean', default: false},
	ttl: {type: 'string'},
	waitUrl: {type: 'string'},
} as const satisfies AnyFlags;

export type FlagName = keyof typeof commandFlags;

/** The parsed flags, each with its default when not given. */
export type CommandFlags = {
	config?: string;
	data?: string;
	json: boolean;
	demo: boolean;
	readOnly: boolean;
	pollInterval?: number;
	name?: string;
	image?: string;
	env: string[];
	port: string[];
	start: boolean;
	wait: boolean;
	timeout?: number;
	pipeline?: string;
	status?: string;
	all: boolean;
	type?: string;
	follow: boolean;
	lines?: number;
	yes: boolean;
	ageHours?: number;
	dryRun: boolean;
	token?: string;
	state?: string;
	coolifyVersion?: string;
	mine: boolean;
	team: boolean;
	ttl?: string;
	/** `--wait-url [PATH]`: '' when given without a path. */
	waitUrl?: string;
};

/** Flags every command takes. */
export const globalFlags: readonly FlagName[] = ['json', 'config', 'data'];

/** How a flag is written on the command line: `--poll-interval`, `--no-start`. */
export function flagLabel(name: string): string {
	if (name === 'start') {
		return '--no-start';
	}

	const kebab = name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
	return name.length === 1 ? `-${name}` : `--${kebab}`;
}

function isDefault(name: FlagName, value: unknown): boolean {
	if (value === undefined || (Array.isArray(value) && value.length === 0)) {
		return true;
	}

	const definition = commandFlags[name];
	return 'default' in definition && value === definition.default;
}

/**
 * The flags the user actually gave: known ones whose value differs from their default, and every
 * unknown key meow passed through (it runs with `allowUnknownFlags`). `help` and `version` are left
 * to the caller.
 */
export function givenFlags(raw: Record<string, unknown>): {known: FlagName[]; unknown: string[]} {
	const known: FlagName[] = [];
	const unknown: string[] = [];
	for (const [key, value] of Object.entries(raw)) {
		if (Object.hasOwn(commandFlags, key)) {
			if (!isDefault(key as FlagName, value)) {
				known.push(key as FlagName);
			}
		} else if (key !== 'help' && key !== 'version' && !key.includes('-') && key !== '_' && key !== '--') {
			// meow keeps `foo-bar` beside its camel-case twin `fooBar`; report the twin once.
			unknown.push(key);
		}
	}

	return {known, unknown};
}

/** Reads meow's flags into their typed form; values of the wrong type are usage errors. */
export function normaliseFlags(raw: Record<string, unknown>): CommandFlags {
	const string = (name: FlagName): string | undefined => {
		const value = raw[name];
		if (value === undefined || value === null) {
			return undefined;
		}

		if (Array.isArray(value)) {
			throw new UsageError(`${flagLabel(name)} can be given only once`);
		}

		return String(value);
	};

	const number = (name: FlagName): number | undefined => {
		const value = raw[name];
		if (value === undefined || value === null) {
			return undefined;
		}

		if (Array.isArray(value)) {
			throw new UsageError(`${flagLabel(name)} can be given only once`);
		}

		const parsed = typeof value === 'number' ? value : value === '' ? Number.NaN : Number(value);
		if (!Number.isFinite(parsed)) {
			throw new UsageError(`${flagLabel(name)} needs a number`);
		}

		return parsed;
	};

	const boolean = (name: FlagName, fallback: boolean): boolean => {
		const value = raw[name];
		return value === undefined || value === null ? fallback : Boolean(value);
	};

	const list = (name: FlagName): string[] => {
		const value = raw[name];
		if (value === undefined || value === null) {
			return [];
		}

		return (Array.isArray(value) ? value : [value]).map(String);
	};

	return {
		config: string('config'),
		data: string('data'),
		json: boolean('json', false),
		demo: boolean('demo', false),
		readOnly: boolean('readOnly', false),
		pollInterval: number('pollInterval'),
		name: string('name'),
		image: string('image'),
		env: list('env'),
		port: list('port'),
		start: boolean('start', true),
		wait: boolean('wait', false),
		timeout: number('timeout'),
		pipeline: string('pipeline'),
		status: string('status'),
		all: boolean('all', false),
		type: string('type'),
		follow: boolean('follow', false),
		lines: number('lines'),
		yes: boolean('yes', false),
		ageHours: number('ageHours'),
		dryRun: boolean('dryRun', false),
		token: string('token'),
		state: string('state'),
		coolifyVersion: string('coolifyVersion'),
		mine: boolean('mine', false),
		team: boolean('team', false),
		ttl: string('ttl'),
		waitUrl: string('waitUrl'),
	};
}
