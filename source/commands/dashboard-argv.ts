/**
 * The plain dashboard's command line, read without meow. Loading meow (which evaluates a package.json
 * normaliser and an SPDX licence list) cost every start ~15 ms and a few MB, and most starts are just
 * `coolify-tui` with at most these options. Anything else (a command, --help, --version, an unknown or
 * repeated option, a value that is not plain) gets `undefined` and goes through meow, so every message
 * and exit code stays meow's; what this accepts, it parses exactly as meow does
 * (test/commands/dashboard-argv.test.ts compares the two).
 */
import {commandFlags, dashboardOptions, flagLabel, type FlagName} from './flags.js';

// The dashboard's declared options: switches stand alone, the others take one value.
const switches = new Map<string, FlagName>(dashboardOptions.filter(option => option.kind === 'switch').map(option => [flagLabel(option.name), option.name]));
const options = new Map<string, FlagName>(dashboardOptions.filter(option => option.kind === 'text' || option.kind === 'number').map(option => [flagLabel(option.name), option.name]));
const numbers = new Set<FlagName>(dashboardOptions.filter(option => option.kind === 'number').map(option => option.name));

const plainNumber = /^\d+(?:\.\d+)?$/;

/** meow's flags for `argv` when it is a plain dashboard command line; `undefined` otherwise. */
export function plainDashboardFlags(argv: readonly string[]): Record<string, unknown> | undefined {
	const flags: Record<string, unknown> = {};
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		const switchName = switches.get(argument);
		if (switchName) {
			if (Object.hasOwn(flags, switchName)) {
				return undefined;
			}

			flags[switchName] = true;
			continue;
		}

		const equals = argument.indexOf('=');
		const name = options.get(equals === -1 ? argument : argument.slice(0, equals));
		if (!name || Object.hasOwn(flags, name)) {
			return undefined;
		}

		const value = equals === -1 ? argv[++index] : argument.slice(equals + 1);
		if (value === undefined || value === '' || value.startsWith('-')) {
			return undefined;
		}

		if (numbers.has(name) && !plainNumber.test(value)) {
			return undefined;
		}

		flags[name] = value;
	}

	// meow then adds every flag that has a default (lists default to []), in the order they are defined.
	for (const [name, definition] of Object.entries(commandFlags)) {
		if (!Object.hasOwn(flags, name)) {
			if ('default' in definition) {
				flags[name] = definition.default;
			} else if ('isMultiple' in definition && definition.isMultiple) {
				flags[name] = [];
			}
		}
	}

	return flags;
}
