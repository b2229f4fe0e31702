import {deleteDeployment, requireRecord} from '../services/deployment-actions.js';
import {option} from './flags.js';
import type {CommandDefinition, CommandInput} from './command-types.js';
import {confirm} from './confirm.js';
import {ownerNote} from './deployment-view.js';
import {deploymentLabel, toDeploymentJson} from './deployment-view.js';
import {secondsToMs} from './option-values.js';
import {exitCodes, printJson, printLines, UsageError} from './output.js';
import {openSession} from './session.js';

/** Seconds between checks that Coolify finished its queued deletion, unless --poll-interval says otherwise. */
const defaultDeletePollSeconds = 1;

async function run({args, flags, io}: CommandInput): Promise<number> {
	const pollMs = secondsToMs(flags.pollInterval ?? defaultDeletePollSeconds);
	const {context} = await openSession(flags, io);
	const record = await requireRecord(context, args[0]!);
	const label = deploymentLabel(record);
	if (!flags.yes && !record.deletedAt) {
		if (io.stdin.isTTY !== true) {
			throw new UsageError(`refusing to delete ${label}${ownerNote(context, record)} without confirmation: pass --yes to delete without a terminal`);
		}

		const isConfirmed = await confirm(io, `Delete ${label} (${record.coolifyApplicationId ?? 'no application in Coolify'})${ownerNote(context, record)}?`);
		if (!isConfirmed) {
			io.stderr.write('coolify-tui: nothing deleted\n');
			return exitCodes.failure;
		}
	}

	const deleted = await deleteDeployment(context, record.id, {pollMs});
	if (flags.json) {
		printJson(io.stdout, toDeploymentJson(deleted, context.redact), context.redact);
	} else {
		const what = record.deletedAt ? 'was already deleted' : `deleted${record.coolifyApplicationId ? ` (application ${record.coolifyApplicationId} removed from Coolify)` : ''}`;
		printLines(io.stdout, [`${label} ${what}`], context.redact);
	}

	return exitCodes.ok;
}

export const deleteCommand: CommandDefinition = {
	name: 'delete',
	args: ['<id>'],
	summary: 'delete a deployment\'s application in Coolify (the record stays, as history)',
	options: [
		option('yes'),
		option('pollInterval', {help: 'how often to check that Coolify finished deleting', default: defaultDeletePollSeconds}),
	],
	run,
};
