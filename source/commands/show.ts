import {CoolifyError} from '../coolify/errors.js';
import {refreshDeployment, requireRecord} from '../services/deployment-actions.js';
import {option} from './flags.js';
import type {CommandDefinition, CommandInput} from './command-types.js';
import {formatDeploymentDetails, toDeploymentJson} from './deployment-view.js';
import {exitCodes, printJson, printLines, warn} from './output.js';
import {openSession} from './session.js';
import {createStyle} from '../render/style.js';

async function run({args, flags, io}: CommandInput): Promise<number> {
	const {context} = await openSession(flags, io);
	let record = await requireRecord(context, args[0]!);
	let code: number = exitCodes.ok;
	try {
		record = await refreshDeployment(context, record.id);
	} catch (error) {
		if (!(error instanceof CoolifyError)) {
			throw error;
		}

		// Still worth showing what we know; the exit code says it may be stale.
		warn(io.stderr, `showing the stored state: ${error.message}`, context.redact);
		code = exitCodes.failure;
	}

	if (flags.json) {
		printJson(io.stdout, toDeploymentJson(record, context.redact), context.redact);
	} else {
		printLines(io.stdout, formatDeploymentDetails(record, context.redact, createStyle(io.stdout, io.env)), context.redact);
	}

	return code;
}

export const showCommand: CommandDefinition = {
	name: 'show',
	args: ['<id>'],
	summary: 'one deployment, refreshed from Coolify',
	options: [],
	run,
};
