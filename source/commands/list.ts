import {CoolifyError} from '../coolify/errors.js';
import {lifecycleStatuses, type LifecycleStatus} from '../domain/lifecycle.js';
import type {ServiceContext} from '../services/context.js';
import {UserError} from '../services/errors.js';
import {pollOnce, type TickResult} from '../services/poller.js';
import {terminalSafeLine} from '../domain/terminal-text.js';
import {adoptTeamApplications, isMine} from '../services/team.js';
import {option} from './flags.js';
import type {CommandDefinition, CommandInput} from './command-types.js';
import {formatDeploymentTable, toDeploymentJson} from './deployment-view.js';
import {exitCodes, printJson, printLines, UsageError, warn} from './output.js';
import {openSession} from './session.js';
import {createStyle} from '../render/style.js';

/**
 * Brings the stored statuses up to date with one poll (a constant 2-3 requests). Always: Coolify holds the
 * truth, so the poll also finds the team's deployments and rebuilds a lost data file. When Coolify cannot
 * be reached, the stored state is shown, with a warning.
 */
export async function refreshActive(context: ServiceContext, stderr: NodeJS.WritableStream): Promise<TickResult | undefined> {
	try {
		return await pollOnce(context);
	} catch (error) {
		if (!(error instanceof CoolifyError)) {
			throw error;
		}

		warn(stderr, `showing the stored state: ${error.message}`, context.redact);
		return undefined;
	}
}

/** Brings teammates' deployments in from Coolify (one request); on failure the stored ones are shown, with a warning. */
async function adoptTeam(context: ServiceContext, stderr: NodeJS.WritableStream): Promise<void> {
	try {
		await adoptTeamApplications(context);
	} catch (error) {
		if (!(error instanceof CoolifyError)) {
			throw error;
		}

		warn(stderr, `showing the team's deployments known here: ${error.message}`, context.redact);
	}
}

async function run({flags, io}: CommandInput): Promise<number> {
	// Checked against the declared choices (lifecycleStatuses) when the command line was read.
	const status = flags.status as LifecycleStatus | undefined;
	if (flags.mine && flags.team) {
		throw new UsageError('--mine and --team exclude each other: --mine (the default) lists your deployments, --team everyone\'s');
	}

	const {context} = await openSession(flags, io);
	const pipelineId = flags.pipeline;
	if (flags.team) {
		await adoptTeam(context, io.stderr);
	}

	const tick = await refreshActive(context, io.stderr);
	const owner = context.owner.name;
	const records = (await context.store.listRecords({pipelineId, status, includeHidden: flags.all}))
		.filter(record => flags.team || isMine(record, owner))
		.sort((a, b) => a.id - b.id);
	if (pipelineId !== undefined && records.length === 0 && !context.config.pipelines.some(pipeline => pipeline.id === pipelineId)) {
		const everUsed = (await context.store.read()).deployments.some(record => record.pipelineId === pipelineId);
		if (!everUsed) {
			const known = context.config.pipelines.map(pipeline => pipeline.id);
			throw new UserError(`unknown pipeline "${pipelineId}"${known.length > 0 ? `: configured pipelines are ${known.join(', ')}` : ': no pipelines are configured'}`);
		}
	}

	if (flags.json) {
		printJson(io.stdout, records.map(record => toDeploymentJson(record, context.redact)), context.redact);
		return exitCodes.ok;
	}

	if (records.length === 0) {
		const filtered = pipelineId !== undefined || status !== undefined;
		printLines(io.stdout, [
			`no ${flags.all ? '' : 'current '}test deployments${flags.team ? ' in the team' : ' of yours'}${filtered ? ' match' : ''}${flags.all ? '' : ' (--all includes deleted and cleaned ones)'}${flags.team ? '' : '; --team lists everyone\'s'}`,
		]);
		return exitCodes.ok;
	}

	printLines(io.stdout, formatDeploymentTable(records, createStyle(io.stdout, io.env), Date.now(), {withOwner: flags.team}), context.redact);
	// Tagged by hand or by an older coolify-tui, without a marker: shown, never touched.
	for (const application of tick?.unmanaged ?? []) {
		printLines(io.stdout, [`unmanaged: ${terminalSafeLine(application.name)} (${application.uuid}) carries the coolify-tui tag but no marker; coolify-tui leaves it alone`], context.redact);
	}

	return exitCodes.ok;
}

export const listCommand: CommandDefinition = {
	name: 'list',
	args: [],
	summary: 'list test deployments, this machine\'s and the team\'s (refreshed from Coolify)',
	options: [
		option('mine'),
		option('team'),
		option('pipeline'),
		option('status', {help: `only deployments in this status: ${lifecycleStatuses.join(', ')}`, choices: lifecycleStatuses}),
		option('all'),
	],
	run,
};
