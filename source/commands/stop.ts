import {stopDeployment} from '../services/deployment-actions.js';
import type {CommandDefinition, CommandInput} from './command-types.js';
import {deploymentLabel, toDeploymentJson} from './deployment-view.js';
import {exitCodes, printJson, printLines} from './output.js';
import {openSession} from './session.js';

async function run({args, flags, io}: CommandInput): Promise<number> {
	const {context} = await openSession(flags, io);
	const record = await stopDeployment(context, args[0]!);
	if (flags.json) {
		printJson(io.stdout, toDeploymentJson(record, context.redact), context.redact);
	} else {
		printLines(io.stdout, [`${deploymentLabel(record)}: stop requested; Coolify stops its container shortly`], context.redact);
	}

	return exitCodes.ok;
}

export const stopCommand: CommandDefinition = {
	name: 'stop',
	args: ['<id>'],
	summary: 'stop a deployment (its application stays in Coolify)',
	flags: [],
	optionHelp: [],
	run,
};
