import {CoolifyError} from '../coolify/errors.js';
import {terminalDeploymentStatuses} from '../coolify/types.js';
import type {ServiceContext} from '../services/context.js';
import {refreshDeployment, requireRecord} from '../services/deployment-actions.js';
import {fetchLogs, logTypes, type LogType, type LogView} from '../services/logs.js';
import type {DeploymentRecord} from '../domain/records.js';
import {option} from './flags.js';
import type {CommandDefinition, CommandInput, CommandIo} from './command-types.js';
import {catchInterrupts} from './interrupt.js';
import {secondsToMs} from './option-values.js';
import {exitCodes, oneLine, printJson, printLines, UsageError, warn} from './output.js';
import {openSession, withApplicationSecrets} from './session.js';

/** Seconds between fetches with --follow, unless --poll-interval says otherwise. */
export const defaultFollowSeconds = 2;

/** The `--json` shape of `logs` (with --follow: one such object per line, holding only the new lines). */
export type LogsJson = {
	id: number;
	type: LogType;
	source: LogView['source'];
	fetchedAt: string | null;
	lines: string[];
	/** Why nothing could be fetched, or why the cached copy is shown. */
	problem: string | null;
	/** Why there is nothing to show when that is not an error ("application is not running"). */
	note: string | null;
};

function toLogsJson(id: number, view: LogView, lines = view.lines): LogsJson {
	return {id, type: view.type, source: view.source, fetchedAt: view.fetchedAt, lines, problem: view.problem ?? null, note: view.note ?? null};
}

/**
 * The lines of `next` that `previous` has not shown: `next` is a window that moved on (runtime logs are
 * the last N lines) or grew (build logs), so the longest end of `previous` that starts `next` is skipped.
 */
export function newLines(previous: readonly string[], next: readonly string[]): string[] {
	for (let overlap = Math.min(previous.length, next.length); overlap > 0; overlap--) {
		let isMatch = true;
		for (let index = 0; index < overlap; index++) {
			if (previous[previous.length - overlap + index] !== next[index]) {
				isMatch = false;
				break;
			}
		}

		if (isMatch) {
			return next.slice(overlap);
		}
	}

	return [...next];
}

async function run(input: CommandInput): Promise<number> {
	const {args, flags, io} = input;
	// Checked against the declared choices when the command line was read.
	const type = (flags.type ?? 'combined') as LogType;
	const {lines} = flags;
	const intervalMs = secondsToMs(flags.pollInterval ?? defaultFollowSeconds);
	if (flags.pollInterval !== undefined && !flags.follow) {
		throw new UsageError('--poll-interval only applies with --follow');
	}

	if (flags.debug && type === 'runtime') {
		throw new UsageError('--debug adds the build log\'s hidden lines: use it with --type build or combined');
	}

	const includeHidden = flags.debug;

	const session = await openSession(flags, io);
	const record = await requireRecord(session.context, args[0]!);
	const context = await withApplicationSecrets(session, io, record);
	if (flags.follow) {
		return follow(context, record, type, {lines, intervalMs, io, isJson: flags.json, includeHidden});
	}

	const view = await fetchLogs(context, record, type, {lines, includeHidden});
	// Coolify's runtime endpoint takes a line count; the build log is cut here.
	const shown = type === 'build' && lines !== undefined ? view.lines.slice(-lines) : view.lines;
	if (flags.json) {
		printJson(io.stdout, toLogsJson(record.id, view, shown), context.redact);
	} else {
		printLines(io.stdout, shown, context.redact);
	}

	reportView(io, view, context);

	return view.problem ? exitCodes.failure : exitCodes.ok;
}

/** Problems and notes go to stderr, so piping the log gets only the log. */
function reportView(io: CommandIo, view: LogView, context: ServiceContext): void {
	if (view.cut) {
		io.stderr.write(`coolify-tui: note: ${oneLine(view.cut)}\n`);
	}

	if (view.problem) {
		warn(io.stderr, view.source === 'cache' ? `Coolify could not be asked, showing the copy fetched ${view.fetchedAt ?? 'earlier'}: ${view.problem}` : view.problem, context.redact);
	} else if (view.note && view.lines.length === 0) {
		io.stderr.write(`coolify-tui: ${oneLine(context.redact(view.note))}\n`);
	}
}

type FollowOptions = {lines: number | undefined; intervalMs: number; io: CommandIo; isJson: boolean; includeHidden: boolean};

function isBuildOver(record: DeploymentRecord): boolean {
	if (!record.coolifyApplicationId || record.deletedAt || record.cleanedAt) {
		return true;
	}

	if (record.deploymentStatus) {
		return terminalDeploymentStatuses.includes(record.deploymentStatus);
	}

	return record.status !== 'pending' && record.status !== 'building';
}

/**
 * Re-fetches every interval and prints only new lines, until Ctrl-C. The build log ends with its build;
 * `combined` then carries on with the runtime log.
 */
async function follow(context: ServiceContext, start: DeploymentRecord, type: LogType, options: FollowOptions): Promise<number> {
	const {io} = options;
	const interrupt = catchInterrupts();
	const shown = new Map<LogType, string[]>();
	let part: LogType = type === 'runtime' ? 'runtime' : 'build';
	let record = start;
	let lastMessage = '';
	const say = (message: string | undefined) => {
		if (message && message !== lastMessage) {
			lastMessage = message;
			warn(io.stderr, message, context.redact);
		}
	};

	try {
		while (!interrupt.signal.aborted) {
			if (part === 'build') {
				try {
					record = await refreshDeployment(context, record.id);
				} catch (error) {
					if (!(error instanceof CoolifyError)) {
						throw error;
					}

					say(error.message);
				}
			}

			const view = await fetchLogs(context, record, part, {lines: options.lines, includeHidden: options.includeHidden});
			const fresh = newLines(shown.get(part) ?? [], view.lines);
			if (!shown.has(part) && type === 'combined' && !options.isJson) {
				printLines(io.stdout, [`── ${part} log`]);
			}

			shown.set(part, view.lines);
			if (fresh.length > 0) {
				if (options.isJson) {
					io.stdout.write(`${context.redact(JSON.stringify(toLogsJson(record.id, view, fresh)))}\n`);
				} else {
					printLines(io.stdout, fresh, context.redact);
				}
			}

			say(view.problem ?? (view.lines.length === 0 ? view.note : undefined));
			if (part === 'build' && isBuildOver(record)) {
				if (type === 'build') {
					break;
				}

				part = 'runtime';
				continue;
			}

			await context.scheduler.sleep(options.intervalMs, interrupt.signal);
		}
	} finally {
		interrupt.dispose();
	}

	return exitCodes.ok;
}

export const logsCommand: CommandDefinition = {
	name: 'logs',
	args: ['<id>'],
	summary: 'a deployment\'s build, runtime or combined log',
	options: [
		option('type', {value: logTypes.join('|'), choices: logTypes}),
		option('follow'),
		option('lines'),
		option('debug'),
		option('pollInterval', {help: 'how often --follow fetches', default: defaultFollowSeconds}),
	],
	run,
};
