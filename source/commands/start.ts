import {startDeployment} from '../services/deployment-actions.js';
import {option} from './flags.js';
import type {CommandDefinition, CommandInput} from './command-types.js';
import {deploymentLabel, toDeploymentJson} from './deployment-view.js';
import {exitCodes, printJson, printLines} from './output.js';
import {openSession} from './session.js';
import {createStyle} from '../render/style.js';
import {defaultWaitPollSeconds, defaultWaitTimeoutSeconds, waitForDeployment, waitSettings} from './wait-for-deployment.js';

async function run(input: CommandInput): Promise<number> {
	const {args, flags, io} = input;
	const wait = waitSettings(input);
	const {context} = await openSession(flags, io, {deadline: flags.wait ? wait.deadline : undefined});
	const record = await startDeployment(context, args[0]!);
	if (!flags.json) {
		printLines(io.stdout, [`${deploymentLabel(record)}: start requested${record.coolifyDeploymentId ? ` (deployment ${record.coolifyDeploymentId})` : ''}`], context.redact);
	}

	if (flags.wait) {
		return waitForDeployment(context, record, {...wait, io, isJson: flags.json, style: createStyle(io.stdout, io.env)});
	}

	if (flags.json) {
		printJson(io.stdout, toDeploymentJson(record, context.redact), context.redact);
	}

	return exitCodes.ok;
}

export const startCommand: CommandDefinition = {
	name: 'start',
	args: ['<id>'],
	summary: 'start a stopped deployment, or redeploy a running one',
	options: [
		option('wait'),
		option('timeout', {default: defaultWaitTimeoutSeconds}),
		option('pollInterval', {help: 'how often --wait asks Coolify', default: defaultWaitPollSeconds}),
	],
	run,
};
