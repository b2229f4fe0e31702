/** Usage lines and help text, generated from the commands and their declared options (flags.ts). */
import type {CommandDefinition} from './command-types.js';
import {dashboardOptions, globalOptions, option, optionSynopsis, type CommandOption} from './flags.js';

/** `deploy <pipeline> [--name N] ...`: the arguments, then each of the command's own options. */
export function usageLine(command: CommandDefinition): string {
	const options = command.options.map(option => `[${optionSynopsis(option)}]`);
	return ['coolify-tui', command.name, ...command.args, ...options, '[--json]'].join(' ');
}

function optionRows(options: readonly CommandOption[]): string[] {
	const rows = options.map(option => [
		optionSynopsis(option),
		option.default === undefined ? option.help : `${option.help} (default ${option.default})`,
	] as const);
	const width = Math.max(...rows.map(([synopsis]) => synopsis.length));
	return rows.map(([synopsis, help]) => `  ${synopsis.padEnd(width)}  ${help}`);
}

/** `coolify-tui <command> --help` and `coolify-tui help <command>`. */
export function commandHelp(command: CommandDefinition): string[] {
	return [`Usage: ${usageLine(command)}`, '', `  ${command.summary}`, '', 'Options', ...optionRows([...command.options, ...globalOptions])];
}

/** `coolify-tui --help` and `coolify-tui help`. */
export function programHelp(commands: readonly CommandDefinition[]): string[] {
	const dashboard = dashboardOptions.filter(option => option.name !== 'config' && option.name !== 'data').map(option => `[${optionSynopsis(option)}]`);
	const width = Math.max(...commands.map(command => [command.name, ...command.args].join(' ').length));
	return [
		'Usage',
		`  $ coolify-tui ${dashboard.join(' ')}   open the dashboard`,
		'  $ coolify-tui <command> [options]',
		'  $ coolify-tui help [command]',
		'',
		'Commands',
		...commands.map(command => `  ${[command.name, ...command.args].join(' ').padEnd(width)}  ${command.summary}`),
		'',
		'<id> is the local id shown by "list", or the Coolify application uuid.',
		'"coolify-tui <command> --help" lists a command\'s options. Exit codes: 0 ok, 1 failed,',
		'2 "--wait" timed out, 64 bad usage or configuration, 130 interrupted.',
		'',
		'Options',
		...optionRows([...dashboardOptions, option('json', {help: 'machine-readable output (every command)'})]),
		'  -h, --help, --version',
		'',
		'Environment',
		'  COOLIFY_BASE_URL, COOLIFY_API_TOKEN, COOLIFY_AUTO_CLEANUP_HOURS override the configuration file.',
	];
}
