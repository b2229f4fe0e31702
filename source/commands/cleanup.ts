import {cleanupItemKey, runCleanup, type CleanupItem} from '../services/cleanup.js';
import {option} from './flags.js';
import type {CommandDefinition, CommandInput} from './command-types.js';
import {confirmOrRefuse} from './confirm.js';
import {exitCodes, printJson, printLines, UsageError} from './output.js';
import {openSession} from './session.js';
import {createStyle, statusPaint} from '../render/style.js';
import {formatTable} from '../render/table.js';

async function run({flags, io}: CommandInput): Promise<number> {
	const maxAgeHours = flags.ageHours;
	if (flags.team && maxAgeHours === undefined) {
		throw new UsageError('--team widens --age-hours N to teammates\' deployments: give --age-hours too (expired ones of the whole team are cleaned without it)');
	}

	const {context} = await openSession(flags, io);
	// After a confirmation, only what it was asked about is cleaned (others may expire meanwhile).
	let only: Set<string> | undefined;
	if (flags.team && !flags.dryRun) {
		const preview = await runCleanup(context, {maxAgeHours, team: true, dryRun: true});
		const owner = context.owner.name;
		const others = preview.items.filter(item => item.outcome === 'would-clean' && item.owner !== null && item.owner !== owner);
		if (others.length > 0) {
			const owners = [...new Set(others.map(item => item.owner))].join(', ');
			const what = `${others.length} teammate deployment${others.length === 1 ? '' : 's'} older than ${maxAgeHours}h (owners: ${owners})`;
			const isConfirmed = await confirmOrRefuse(io, {yes: flags.yes, refusal: `refusing to clean up ${what}`, question: `Delete ${what}?`});
			if (!isConfirmed) {
				io.stderr.write('coolify-tui: nothing cleaned\n');
				return exitCodes.failure;
			}

			only = new Set(preview.items.filter(item => item.outcome === 'would-clean').map(item => cleanupItemKey(item)));
		}
	}

	const report = await runCleanup(context, {maxAgeHours, team: flags.team, dryRun: flags.dryRun, only});
	const failed = report.items.filter(item => item.outcome === 'failed').length;
	if (flags.json) {
		printJson(io.stdout, report, context.redact);
		return failed > 0 ? exitCodes.failure : exitCodes.ok;
	}

	const style = createStyle(io.stdout, io.env);
	const scope = report.selection === 'expired' ? 'expired' : `older than ${report.maxAgeHours}h${report.team ? ', everyone\'s' : ', yours'}`;
	if (report.items.length === 0) {
		printLines(io.stdout, [`no test deployments (${scope}) to clean up`]);
		return exitCodes.ok;
	}

	const lines = formatTable(
		[
			{header: '#', value: (item: CleanupItem) => (item.id === null ? '-' : String(item.id)), align: 'right'},
			{header: 'KEY', value: item => item.key ?? '-'},
			{header: 'NAME', value: item => item.applicationName},
			{header: 'OWNER', value: item => item.owner ?? '-'},
			{header: 'WHY', value: item => item.reason},
			{header: 'APPLICATION', value: item => item.applicationUuid ?? '-'},
			{header: 'OUTCOME', value: item => item.outcome, paint: item => statusPaint(style, item.outcome)},
			{header: 'DETAILS', value: item => item.message},
		],
		report.items,
	);
	const counts = new Map<string, number>();
	for (const item of report.items) {
		counts.set(item.outcome, (counts.get(item.outcome) ?? 0) + 1);
	}

	const summary = [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ');
	lines.push('', report.dryRun ? `dry run, nothing changed: ${summary} (${scope})` : `${summary} (${scope})`);
	printLines(io.stdout, lines, context.redact);
	return failed > 0 ? exitCodes.failure : exitCodes.ok;
}

export const cleanupCommand: CommandDefinition = {
	name: 'cleanup',
	args: [],
	summary: 'delete the team\'s expired test deployments (from any machine: cron, CI)',
	options: [
		option('ageHours'),
		option('team', {help: 'with --age-hours: everyone\'s, not only yours (asks first)'}),
		option('yes', {help: 'do not ask (needed for --team without a terminal)'}),
		option('dryRun'),
	],
	run,
};
