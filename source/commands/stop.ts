import {requireRecord, stopDeployment} from '../services/deployment-actions.js';
import {isMine} from '../services/team.js';
import {confirmOrRefuse} from './confirm.js';
import {option} from './flags.js';
import type {CommandDefinition, CommandInput} from './command-types.js';
import {deploymentLabel, ownerNote, toDeploymentJson} from './deployment-view.js';
import {exitCodes, printJson, printLines} from './output.js';
import {openSession} from './session.js';

async function run({args, flags, io}: CommandInput): Promise<number> {
	const {context} = await openSession(flags, io);
	const target = await requireRecord(context, args[0]!);
	if (!isMine(target, context.owner.name)) {
		const label = `${deploymentLabel(target)}${ownerNote(context, target)}`;
		const isConfirmed = await confirmOrRefuse(io, {yes: flags.yes, refusal: `refusing to stop ${label}`, question: `Stop ${label}?`});
		if (!isConfirmed) {
			io.stderr.write('coolify-tui: nothing stopped\n');
			return exitCodes.failure;
		}
	}

	const record = await stopDeployment(context, target.id);
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
	options: [option('yes', {help: 'do not ask before stopping a teammate\'s deployment (needed without a terminal)'})],
	run,
};
