/** The full command line read by meow: every command, --help, --version (cli.tsx reads the plain dashboard's itself). */
import meow from 'meow';
import {commandFlags} from './flags.js';
import {programHelp} from './help.js';
import {reportFatal, UsageError} from './output.js';
import {commands} from './registry.js';

/** The positional input and flags; --help and --version print and exit, as does a command line meow rejects. */
export function readCommandLine(importMeta: ImportMeta): {input: string[]; flags: Record<string, unknown>} {
	try {
		const cli = meow(programHelp(commands).join('\n'), {
			importMeta,
			// `-h` as `--help`: with no command meow prints the help above, with one runCommand prints the command's.
			flags: {...commandFlags, help: {type: 'boolean', shortFlag: 'h'}},
			// Unknown flags are reported by runCommand in one line that names the command's own options.
			allowUnknownFlags: true,
		});
		// `-h` only as a word of its own: in `--ttl -1h` it is part of a value (whose `-1` runCommand reports), not a request for help.
		const help = process.argv.slice(2).some(arg => arg === '-h' || arg === '--help');
		return {input: cli.input, flags: {...cli.flags, help}};
	} catch (error) {
		// meow's own checks (a flag given twice) throw: one line and the usage exit code, no stack trace.
		process.exit(reportFatal(error instanceof Error ? new UsageError(error.message) : error, process.stderr));
	}
}
