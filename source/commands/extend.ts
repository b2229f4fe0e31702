import {extendDeployment, pipelineTtlMsById} from '../services/expiry.js';
import {requireRecord} from '../services/deployment-actions.js';
import {formatTimeLeft} from '../render/time-left.js';
import {option} from './flags.js';
import type {CommandDefinition, CommandInput} from './command-types.js';
import {deploymentLabel, toDeploymentJson} from './deployment-view.js';
import {checkTtl} from './option-values.js';
import {exitCodes, printJson, printLines} from './output.js';
import {openSession} from './session.js';

async function run({args, flags, io}: CommandInput): Promise<number> {
	const ttlMs = checkTtl(flags.ttl);
	const {context} = await openSession(flags, io);
	const record = await requireRecord(context, args[0]!);
	const result = await extendDeployment(context, record, ttlMs ?? pipelineTtlMsById(context, record.pipelineId));
	if (flags.json) {
		printJson(io.stdout, toDeploymentJson(result.record, context.redact), context.redact);
		return exitCodes.ok;
	}

	const where = result.isShared ? 'in Coolify, for every machine' : 'on this machine only: its application has no marker yet';
	printLines(
		io.stdout,
		[`${deploymentLabel(result.record)}: expires ${result.expiresAt} (${formatTimeLeft(result.expiresAt, context.now())} left), ${where}`],
		context.redact,
	);
	return exitCodes.ok;
}

export const extendCommand: CommandDefinition = {
	name: 'extend',
	args: ['<id>'],
	summary: 'move a deployment\'s expiry, so cleanup leaves it running longer',
	options: [option('ttl', {help: 'expire this long from now: 90m, 2h, 1d (default: the pipeline\'s ttlHours)'})],
	run,
};
