/**
 * The one declaration of every option the program knows: how it is read (kind), the name of its value,
 * its one line of help and the range or words it accepts. Commands pick theirs with `option()` (and may
 * say it their own way: another help line, a default, a range); from these come meow's flags, the
 * `CommandFlags` type, the usage line and `--help` (help.ts), the check of every given value and the
 * dashboard's fast argv path (dashboard-argv.ts).
 */
import type {AnyFlags} from 'meow';
import {UsageError} from './output.js';

/**
 * `switch`: on when given; `negatable`: on unless `--no-<name>`; `text`, `number`: one value;
 * `list`: a text value, repeatable.
 */
export type OptionKind = 'switch' | 'negatable' | 'text' | 'number' | 'list';

export type NumberRule = {min: number; max?: number; isMinExclusive?: boolean; isInteger?: boolean; what: string};

type OptionSpec = {
	kind: OptionKind;
	/** The value's name in help and usage: `SECONDS`, `PATH`. */
	value?: string;
	help: string;
	/** The words a text option accepts. */
	choices?: readonly string[];
	/** What a number option accepts. */
	range?: NumberRule;
};

const seconds = (max: number): NumberRule => ({min: 0, isMinExclusive: true, max, what: `a number of seconds greater than 0 and at most ${max}`});

/** Every option, once; commands refine help, default and range where theirs differs. */
export const optionSpecs = {
	config: {kind: 'text', value: 'PATH', help: 'configuration file (default: $COOLIFY_TUI_CONFIG, ./coolify-tui.json, $XDG_CONFIG_HOME/coolify-tui/config.json)'},
	data: {kind: 'text', value: 'PATH', help: 'data file (default: $COOLIFY_TUI_DATA, $XDG_DATA_HOME/coolify-tui/db.json)'},
	json: {kind: 'switch', help: 'machine-readable output'},
	demo: {kind: 'switch', help: 'dashboard on the built-in simulated Coolify; needs no configuration'},
	readOnly: {kind: 'switch', help: 'dashboard without any action that changes Coolify'},
	pollInterval: {kind: 'number', value: 'SECONDS', help: 'seconds between polls', range: seconds(3600)},
	name: {kind: 'text', value: 'N', help: 'application name'},
	image: {kind: 'text', value: 'I', help: 'Docker image'},
	env: {kind: 'list', value: 'K=V', help: 'set an environment variable (repeatable)'},
	port: {kind: 'list', value: 'HOST:CONTAINER', help: 'publish a port (repeatable)'},
	start: {kind: 'negatable', help: 'create the application without starting it'},
	wait: {kind: 'switch', help: 'wait until it runs (exit 0), fails (1) or --timeout passes (2)'},
	timeout: {kind: 'number', value: 'SECONDS', help: 'how long --wait waits', range: seconds(86_400)},
	pipeline: {kind: 'text', value: 'P', help: 'only this pipeline\'s deployments'},
	status: {kind: 'text', value: 'S', help: 'only deployments in this status'},
	all: {kind: 'switch', help: 'include deleted and cleaned-up deployments'},
	type: {kind: 'text', value: 'TYPE', help: 'which log (default combined)'},
	follow: {kind: 'switch', help: 'keep printing new lines until Ctrl-C (a finished build\'s log just ends)'},
	debug: {kind: 'switch', help: 'the build log with the lines Coolify hides by default (its "Show Debug Logs")'},
	lines: {kind: 'number', value: 'N', help: 'the last N lines (runtime: asked of Coolify, default 500)', range: {min: 1, max: 100_000, isInteger: true, what: 'a whole number from 1 to 100000'}},
	yes: {kind: 'switch', help: 'do not ask (needed without a terminal)'},
	ageHours: {kind: 'number', value: 'N', help: 'instead: your deployments older than N hours, expired or not (0 = all of yours)', range: {min: 0, max: 87_600, what: 'a number of hours, 0 or more (0 means every test deployment)'}},
	dryRun: {kind: 'switch', help: 'only list what would be cleaned, with owners'},
	token: {kind: 'text', value: 'T', help: 'the API token it accepts (default: a random one, printed)'},
	state: {kind: 'text', value: 'FILE', help: 'keep the simulated world in FILE across restarts (token and uuids stay valid)'},
	coolifyVersion: {kind: 'text', value: 'X', help: 'the Coolify version to play: 4.3.11 (default), 4.2.0 or 4.1.2'},
	mine: {kind: 'switch', help: 'your deployments: made here or owned by you (the default)'},
	team: {kind: 'switch', help: 'everyone\'s test deployments in Coolify, with their owners'},
	ttl: {kind: 'text', value: 'DURATION', help: 'how long it lives before cleanup deletes it: 90m, 2h, 1d (default: the pipeline\'s ttlHours)'},
	/** `--wait-url [PATH]`: '' when given without a path. */
	waitUrl: {kind: 'text', value: '[PATH]', help: 'also wait until its URL (+PATH) answers 2xx or 3xx (implies --wait)'},
} as const satisfies Record<string, OptionSpec>;

export type FlagName = keyof typeof optionSpecs;

type ValueOf<Kind extends OptionKind> = Kind extends 'switch' | 'negatable' ? boolean : Kind extends 'number' ? number : Kind extends 'list' ? string[] : string;
type IsAlwaysSet<Kind extends OptionKind> = Kind extends 'switch' | 'negatable' | 'list' ? true : false;
type Specs = typeof optionSpecs;

/** The parsed flags: switches and lists always have a value, the others only when given. */
export type CommandFlags = {
	[Name in FlagName as IsAlwaysSet<Specs[Name]['kind']> extends true ? Name : never]: ValueOf<Specs[Name]['kind']>;
} & {
	[Name in FlagName as IsAlwaysSet<Specs[Name]['kind']> extends true ? never : Name]?: ValueOf<Specs[Name]['kind']>;
};

/** One option as one command takes it: the declaration, refined by the command. */
export type CommandOption = {
	name: FlagName;
	kind: OptionKind;
	value?: string;
	help: string;
	/** Shown in help; the command applies it. */
	default?: string | number;
	choices?: readonly string[];
	range?: NumberRule;
};

/** An option as a command takes it, with the command's own help, default or range where they differ. */
export function option(name: FlagName, refinement: Partial<Omit<CommandOption, 'name' | 'kind'>> = {}): CommandOption {
	const spec: OptionSpec = optionSpecs[name];
	return {name, ...spec, ...refinement};
}

/** Options every command takes. */
export const globalOptions: readonly CommandOption[] = [
	option('json'),
	option('config', {help: 'configuration file'}),
	option('data', {help: 'data file'}),
];

/** The options of the dashboard (no command). */
export const dashboardOptions: readonly CommandOption[] = [
	option('demo'),
	option('readOnly'),
	option('pollInterval', {help: 'seconds between polls', default: 'pollIntervalSeconds, 10', range: {min: 1, max: 3600, what: 'a number of seconds from 1 to 3600'}}),
	option('lines', {help: 'the container log\'s last N lines asked at first (m in the log pane asks for more)', default: 500}),
	option('config'),
	option('data'),
];

/** meow's flag definitions, generated from the declarations. */
export const commandFlags = Object.fromEntries(Object.entries(optionSpecs).map(([name, spec]: [string, OptionSpec]) => {
	switch (spec.kind) {
		case 'switch': {
			return [name, {type: 'boolean', default: false}];
		}

		case 'negatable': {
			return [name, {type: 'boolean', default: true}];
		}

		case 'list': {
			return [name, {type: 'string', isMultiple: true}];
		}

		default: {
			// Numbers too are taken as written and read by readValue: meow would make an empty value 0.
			return [name, {type: 'string'}];
		}
	}
})) as AnyFlags;

/** How an option is written on the command line: `--poll-interval`, `--no-start`. */
export function flagLabel(name: string): string {
	const kebab = name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
	if (Object.hasOwn(optionSpecs, name) && optionSpecs[name as FlagName].kind === 'negatable') {
		return `--no-${kebab}`;
	}

	return name.length === 1 ? `-${name}` : `--${kebab}`;
}

/** `--poll-interval SECONDS`, as usage and help show it. */
export function optionSynopsis(option: CommandOption): string {
	return option.value === undefined ? flagLabel(option.name) : `${flagLabel(option.name)} ${option.value}`;
}

function isDefault(name: FlagName, value: unknown): boolean {
	if (value === undefined || (Array.isArray(value) && value.length === 0)) {
		return true;
	}

	const definition = commandFlags[name]!;
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
		if (Object.hasOwn(optionSpecs, key)) {
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

function checkRange(option: CommandOption, value: number): number {
	const rule = option.range;
	if (rule === undefined) {
		return value;
	}

	const tooSmall = rule.isMinExclusive ? value <= rule.min : value < rule.min;
	if (tooSmall || (rule.max !== undefined && value > rule.max) || (rule.isInteger && !Number.isInteger(value))) {
		throw new UsageError(`${flagLabel(option.name)} must be ${rule.what} (got ${value})`);
	}

	return value;
}

function readValue(option: CommandOption, value: unknown): unknown {
	const label = flagLabel(option.name);
	switch (option.kind) {
		case 'switch':
		case 'negatable': {
			return value === undefined || value === null ? option.kind === 'negatable' : Boolean(value);
		}

		case 'list': {
			return value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String);
		}

		default: {
			if (value === undefined || value === null) {
				return undefined;
			}

			if (Array.isArray(value)) {
				throw new UsageError(`${label} can be given only once`);
			}

			if (option.kind === 'text') {
				const text = String(value);
				if (option.choices !== undefined && !option.choices.includes(text)) {
					throw new UsageError(`${label} must be one of ${option.choices.join(', ')} (got "${text.slice(0, 40)}")`);
				}

				return text;
			}

			// An empty or blank value is no number (Number makes it 0: `--age-hours ""` would mean every deployment).
			const parsed = typeof value === 'number' ? value : String(value).trim() === '' ? Number.NaN : Number(value);
			if (!Number.isFinite(parsed)) {
				throw new UsageError(`${label} needs ${option.range?.what ?? 'a number'} (got "${String(value).slice(0, 40)}")`);
			}

			return checkRange(option, parsed);
		}
	}
}

/**
 * Reads meow's flags into their typed form, checking each value of the given options against its
 * declaration (type, words, range): a wrong one is a usage error. Options not given are read as their
 * kind's empty value.
 */
export function normaliseFlags(raw: Record<string, unknown>, options: readonly CommandOption[]): CommandFlags {
	const flags: Record<string, unknown> = {};
	const taken = new Map(options.map(option => [option.name, option]));
	for (const name of Object.keys(optionSpecs) as FlagName[]) {
		flags[name] = readValue(taken.get(name) ?? option(name), taken.has(name) ? raw[name] : undefined);
	}

	return flags as CommandFlags;
}
