/**
 * Starting the dashboard. Kept apart from the registry of one-shot commands: a plain `coolify-tui` (most
 * starts, read by dashboard-argv.ts) loads neither it nor its thirteen commands before its first frame.
 */
import type {CommandIo} from './command-types.js';
import {setUpDashboard} from './dashboard-setup.js';
import {dashboardOptions, normaliseFlags, type CommandFlags} from './flags.js';
import {environmentRedactor, reportError} from './output.js';

/**
 * The data file is opened and read while the dashboard's user interface (most of its code) loads: the file's
 * reads then wait on the disk while that code compiles, not after it (BENCHMARKS.md, the first frame).
 */
export async function startDashboard(flags: CommandFlags, io: CommandIo): Promise<number> {
	const loading = import('./dashboard.js');
	// Awaited below, unless the set-up fails first: then its failure is the one to report.
	loading.catch(() => undefined);
	const setup = await setUpDashboard(flags, io);
	let runDashboard: typeof import('./dashboard.js').runDashboard;
	try {
		({runDashboard} = await loading);
	} catch (error) {
		await setup.dispose();
		throw error;
	}

	return runDashboard(setup, flags, io);
}

/** The dashboard for flags from plainDashboardFlags (only the dashboard's own options); any error is one line on stderr. */
export async function runPlainDashboard(flags: Record<string, unknown>, io: CommandIo): Promise<number> {
	try {
		return await startDashboard(normaliseFlags(flags, dashboardOptions), io);
	} catch (error) {
		return reportError(error, io.stderr, environmentRedactor(io.env));
	}
}
