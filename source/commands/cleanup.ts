import {runCleanup, type CleanupItem} from '../services/cleanup.js';
import type {CommandDefinition, CommandInput} from './command-types.js';
import {checkNumber} from './option-values.js';
import {exitCodes, printJson, printLines} from './output.js';
import {openSession} from './session.js';
import {createStyle, statusPaint} from '../render/style.js';
import {formatTable} from '../render/table.js';

async function run({flags, io}: CommandInput): Promise<number> {
	const maxAgeHours = checkNumber('ageHours', flags.ageHours, {min: 0, max: 87_600, what: 'a number of hours, 0 or more (0 means every test deployment)'});
	const {context} = await openSession(flags, io);
	const report = await runCleanup(context, {maxAgeHours, dryRun: flags.dryRun});
	const failed = report.items.filter(item => item.outcome === 'failed').length;
	if (flags.json) {
		printJson(io.stdout, report, context.redact);
		return failed > 0 ? exitCodes.failure : exitCodes.ok;
	}

	const style = createStyle(io.stdout, io.env);
	const scope = `older than ${report.maxAgeHours}h`;
	if (report.items.length === 0) {
		printLines(io.stdout, [`no test deployments ${scope} to clean up`]);
		return exitCodes.ok;
	}

	const lines = formatTable(
		[
			{header: '#', value: (item: CleanupItem) => String(item.id), align: 'right'},
			{header: 'NAME', value: item => item.applicationName},
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
	summary: 'delete the applications of old test deployments',
	flags: ['ageHours', 'dryRun'],
	optionHelp: [
		'--age-hours N   clean deployments older than N hours (default: cleanup.maxAgeHours, 24; 0 = all)',
		'--dry-run       only list what would be cleaned',
	],
	run,
};
