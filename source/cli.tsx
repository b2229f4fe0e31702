import './runtime/v8-flags.js';
import {plainDashboardFlags} from './commands/dashboard-argv.js';
import {reportFatal} from './commands/output.js';
import {runCommand} from './commands/registry.js';
import {isTuned} from './runtime/tuning.js';

// The plain dashboard (most starts) skips loading meow; everything else goes through it.
const plainFlags = isTuned('argv-without-meow') ? plainDashboardFlags(process.argv.slice(2)) : undefined;
let commandLine: {input: string[]; flags: Record<string, unknown>};
if (plainFlags) {
	// What meow does on every start: the process is named after the bin.
	process.title = 'coolify-tui';
	commandLine = {input: [], flags: plainFlags};
} else {
	const {readCommandLine} = await import('./commands/command-line.js');
	commandLine = readCommandLine(import.meta);
}

try {
	process.exitCode = await runCommand(commandLine.input, commandLine.flags, {
		stdout: process.stdout,
		stderr: process.stderr,
		stdin: process.stdin,
		env: process.env,
		cwd: process.cwd(),
	});
} catch (error) {
	process.exitCode = reportFatal(error, process.stderr);
}
