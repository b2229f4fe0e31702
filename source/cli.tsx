import './runtime/v8-flags.js';
import type {CommandIo} from './commands/command-types.js';
import {plainDashboardFlags} from './commands/dashboard-argv.js';
import {runPlainDashboard} from './commands/dashboard-start.js';
import {reportFatal} from './commands/output.js';
import {isTuned} from './runtime/tuning.js';

const io: CommandIo = {
	stdout: process.stdout,
	stderr: process.stderr,
	stdin: process.stdin,
	env: process.env,
	cwd: process.cwd(),
};

// The plain dashboard (most starts) skips loading meow and the one-shot commands; everything else goes through them.
const plainFlags = isTuned('argv-without-meow') ? plainDashboardFlags(process.argv.slice(2)) : undefined;
try {
	if (plainFlags) {
		// What meow does on every start: the process is named after the bin.
		process.title = 'coolify-tui';
		process.exitCode = await runPlainDashboard(plainFlags, io);
	} else {
		const [{readCommandLine}, {runCommand}] = await Promise.all([import('./commands/command-line.js'), import('./commands/registry.js')]);
		const commandLine = readCommandLine(import.meta);
		process.exitCode = await runCommand(commandLine.input, commandLine.flags, io);
	}
} catch (error) {
	process.exitCode = reportFatal(error, process.stderr);
}
