import {checkHealth} from '../coolify/health-check.js';
import {option} from './flags.js';
import type {CommandDefinition, CommandInput} from './command-types.js';
import {exitCodes, oneLine, printJson, printLines} from './output.js';
import {configRedactor, createClient, openConfig} from './session.js';
import {createStyle, statusPaint} from '../render/style.js';

async function run({flags, io}: CommandInput): Promise<number> {
	const config = openConfig(flags, io);
	const redact = configRedactor(config);
	const {projectUuid, serverUuid, environmentName} = config.coolify;
	const report = await checkHealth(createClient(config), {projectUuid, serverUuid, environmentName});
	const safe = {...report, message: oneLine(redact(report.message))};
	if (flags.json) {
		printJson(io.stdout, safe, redact);
	} else {
		const style = createStyle(io.stdout, io.env);
		printLines(io.stdout, [`${statusPaint(style, safe.status)(safe.status)}: ${safe.message}`], redact);
	}

	return report.status === 'healthy' ? exitCodes.ok : exitCodes.failure;
}

export const healthCommand: CommandDefinition = {
	name: 'health',
	args: [],
	summary: 'is Coolify reachable, the token good and the configured targets there? (exit 0 only when healthy)',
	options: [],
	run,
};
