/**
 * The one-shot commands behind meow: which exist, which options each takes, and `runCommand`, which
 * checks the command line, runs the command and turns any error into one line on stderr and an exit code.
 */
import {cleanupCommand} from './cleanup.js';
import type {CommandDefinition, CommandIo, RunIo} from './command-types.js';
import {startDashboard} from './dashboard-start.js';
import {deleteCommand} from './delete.js';
import {deployCommand} from './deploy.js';
import {doctorCommand} from './doctor.js';
import {extendCommand} from './extend.js';
import {dashboardOptions, flagLabel, givenFlags, globalOptions, normaliseFlags, type CommandOption} from './flags.js';
import {commandHelp, programHelp, usageLine} from './help.js';
import {healthCommand} from './health.js';
import {listCommand} from './list.js';
import {logsCommand} from './logs.js';
import {environmentRedactor, exitCodes, printLines, reportError, UsageError} from './output.js';
import {pipelinesCommand} from './pipelines.js';
import {showCommand} from './show.js';
import {simulatorCommand} from './simulator.js';
import {startCommand} from './start.js';
import {stopCommand} from './stop.js';

export {commandFlags, type CommandFlags} from './flags.js';
export {commandHelp, usageLine} from './help.js';
export type {CommandDefinition, CommandInput, CommandIo} from './command-types.js';

/** Every one-shot command, in the order of the help text. */
export const commands: readonly CommandDefinition[] = [
	pipelinesCommand,
	deployCommand,
	listCommand,
	showCommand,
	logsCommand,
	startCommand,
	stopCommand,
	deleteCommand,
	extendCommand,
	cleanupCommand,
	healthCommand,
	doctorCommand,
	simulatorCommand,
];

function checkFlags(raw: Record<string, unknown>, options: readonly CommandOption[], commandName: string | undefined): void {
	const allowed = new Set(options.map(option => option.name));
	const {known, unknown} = givenFlags(raw);
	const offending = [...unknown, ...known.filter(name => !allowed.has(name))];
	if (offending.length > 0) {
		const valid = options.map(option => flagLabel(option.name)).join(', ');
		const where = commandName === undefined ? ' for the dashboard' : ` for "${commandName}"`;
		const first = flagLabel(offending[0]!);
		throw new UsageError(`unknown option ${first}${where}; valid: ${valid}${commandName === undefined ? ' (or a command: see --help)' : ''}`);
	}
}

function checkArguments(command: CommandDefinition, args: readonly string[]): void {
	if (args.length < command.args.length) {
		throw new UsageError(`missing ${command.args[args.length]} for "${command.name}"; usage: ${usageLine(command)}`);
	}

	if (args.length > command.args.length) {
		const extra = args.slice(command.args.length).map(arg => `"${arg.slice(0, 40)}"`).join(' ');
		throw new UsageError(`too many arguments for "${command.name}" (${extra}); usage: ${usageLine(command)}`);
	}
}

/** `coolify-tui help [command]`. */
function printHelp(args: readonly string[], io: CommandIo): number {
	if (args.length > 1) {
		throw new UsageError(`too many arguments for "help"; usage: coolify-tui help [command]`);
	}

	if (args[0] === undefined) {
		printLines(io.stdout, programHelp(commands));
		return exitCodes.ok;
	}

	const command = commands.find(candidate => candidate.name === args[0]);
	if (!command) {
		throw new UsageError(`no command "${args[0].slice(0, 40)}"; commands: ${commands.map(candidate => candidate.name).join(', ')}`);
	}

	printLines(io.stdout, commandHelp(command));
	return exitCodes.ok;
}

/** Runs the command named by `input[0]`, or the dashboard when there is none; resolves the exit code. */
export async function runCommand(input: ReadonlyArray<string | number>, flags: Record<string, unknown>, commandIo: CommandIo): Promise<number> {
	const io: RunIo = {...commandIo, errors: {}};
	try {
		const [name, ...args] = input.map(String);
		if (name === undefined && flags.help === true) {
			// meow prints its help only for a bare --help; with other options it lands here.
			return printHelp([], io);
		}

		if (name === undefined) {
			checkFlags(flags, dashboardOptions, undefined);
			return await startDashboard(normaliseFlags(flags, dashboardOptions), io);
		}

		if (name === 'help') {
			return printHelp(args, io);
		}

		const command = commands.find(candidate => candidate.name === name);
		if (!command) {
			const suggestion = commands.find(candidate => candidate.name.startsWith(name.slice(0, 2)));
			throw new UsageError(
				`unknown command "${name.slice(0, 40)}"${suggestion ? ` (did you mean "${suggestion.name}"?)` : ''}; commands: ${commands.map(candidate => candidate.name).join(', ')}`,
			);
		}

		if (flags.help === true) {
			printLines(io.stdout, commandHelp(command));
			return exitCodes.ok;
		}

		const options = [...command.options, ...globalOptions];
		checkFlags(flags, options, command.name);
		checkArguments(command, args);
		return await command.run({args, flags: normaliseFlags(flags, options), io});
	} catch (error) {
		return reportError(error, io.stderr, io.errors.redact ?? environmentRedactor(io.env));
	}
}
