/**
 * The one-shot commands behind meow: which exist, which options each takes, and `runCommand`, which
 * checks the command line, runs the command and turns any error into one line on stderr and an exit code.
 */
import {cleanupCommand} from './cleanup.js';
import type {CommandDefinition, CommandIo} from './command-types.js';
import {deleteCommand} from './delete.js';
import {deployCommand} from './deploy.js';
import {doctorCommand} from './doctor.js';
import {extendCommand} from './extend.js';
import {flagLabel, givenFlags, globalFlags, normaliseFlags, type FlagName} from './flags.js';
import {healthCommand} from './health.js';
import {listCommand} from './list.js';
import {logsCommand} from './logs.js';
import {environmentRedactor, exitCodes, printLines, reportError, UsageError} from './output.js';
import {pipelinesCommand} from './pipelines.js';
import {redactorFor} from './session.js';
import {showCommand} from './show.js';
import {simulatorCommand} from './simulator.js';
import {startCommand} from './start.js';
import {stopCommand} from './stop.js';

export {commandFlags, type CommandFlags} from './flags.js';
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

/** The options of the dashboard (no command). */
export const dashboardFlags: readonly FlagName[] = ['demo', 'readOnly', 'pollInterval', 'config', 'data'];

/** `deploy <pipeline> [--name N] ...`: the arguments, then each option's first column of help. */
export function usageLine(command: CommandDefinition): string {
	const options = command.optionHelp.map(line => `[${line.split(/\s{2,}/)[0]!.replace(/ \(.*$/, '')}]`);
	return ['coolify-tui', command.name, ...command.args, ...options, '[--json]'].join(' ');
}

/** `coolify-tui <command> --help`. */
export function commandHelp(command: CommandDefinition): string[] {
	const common = ['--json  machine-readable output', '--config PATH  configuration file', '--data PATH  data file'];
	const rows = [...command.optionHelp, ...common].map(line => {
		const [option = '', ...rest] = line.split(/\s{2,}/);
		return [option, rest.join(' ')] as const;
	});
	const width = Math.max(...rows.map(([option]) => option.length));
	return [
		`Usage: ${usageLine(command)}`,
		'',
		`  ${command.summary}`,
		'',
		'Options',
		...rows.map(([option, description]) => `  ${option.padEnd(width)}  ${description}`),
	];
}

function checkFlags(raw: Record<string, unknown>, allowed: readonly FlagName[], commandName: string | undefined): void {
	const {known, unknown} = givenFlags(raw);
	const offending = [...unknown, ...known.filter(name => !allowed.includes(name))];
	if (offending.length > 0) {
		const valid = allowed.map(name => flagLabel(name)).join(', ');
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

/** Runs the command named by `input[0]`, or the dashboard when there is none; resolves the exit code. */
export async function runCommand(input: ReadonlyArray<string | number>, flags: Record<string, unknown>, io: CommandIo): Promise<number> {
	try {
		const [name, ...args] = input.map(String);
		if (name === undefined) {
			checkFlags(flags, dashboardFlags, undefined);
			const {runDashboard} = await import('./dashboard.js');
			return await runDashboard(flags, io);
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

		checkFlags(flags, [...command.flags, ...globalFlags], command.name);
		checkArguments(command, args);
		return await command.run({args, flags: normaliseFlags(flags), io});
	} catch (error) {
		return reportError(error, io.stderr, redactorFor(io) ?? environmentRedactor(io.env));
	}
}
