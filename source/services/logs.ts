import {BadRequestError, CoolifyError} from '../coolify/errors.js';
import {terminalDeploymentStatuses} from '../coolify/types.js';
import {boundLogText, logBounds} from '../store/index.js';
import type {LineBlock} from '../domain/log-search.js';
import type {CachedLogs, DeploymentRecord} from '../domain/records.js';
import {redactorForRecord, withheldNote} from './application-secrets.js';
import {parseBuildLogs} from './build-logs.js';
import type {FinishedBuildLog, ServiceContext} from './context.js';
import {sanitizeTerminalText} from './text-safety.js';

export type LogType = 'build' | 'runtime' | 'combined';

export const logTypes: readonly LogType[] = ['build', 'runtime', 'combined'];

/**
 * Container log lines asked of Coolify unless more are asked for, and the most there is (`--lines`, `m`):
 * Coolify answers at most 10,000 whatever is asked (`normalizeLogLines`, bootstrap/helpers/docker.php).
 */
export const runtimeLinesByDefault = 500;
export const runtimeLinesAtMost = 10_000;

export type LogView = {
	type: LogType;
	lines: string[];
	/** `live` when just fetched; `cache` when Coolify could not be reached and the stored copy is shown. */
	source: 'live' | 'cache' | 'none';
	/** When the shown text was fetched (ISO). */
	fetchedAt: string | null;
	/** Why the live fetch failed, when `source` is `cache` or `none`. */
	problem?: string;
	/** Set when there is nothing to show and the reason is not an error ("Application is not running."). */
	note?: string;
	/** Set when lines are missing from what is shown: the stored copy keeps only the end of a long log. */
	cut?: string;
	/** Runs of `lines` that are one text split at line breaks, as fetched: a search goes through the text. */
	blocks?: LineBlock[];
};

export type LogOptions = {
	/** Runtime log lines to ask for. @default 500 */
	lines?: number;
	/**
	 * The build log with the entries Coolify hides unless asked (its "Show Debug Logs": the commands it ran
	 * and their output). Shown, not stored: the data file keeps the log as Coolify shows it by default.
	 */
	includeHidden?: boolean;
	/** Coolify is known to be away (this says why): serve the stored copies without asking it. */
	offline?: string;
	/**
	 * Given, the fetched text is stored in the data file in the background: the view comes back without
	 * waiting for the write (a 100,000-line log's two writes took ~200 ms), and each write is handed here,
	 * to report its failure. Not given, the view comes back once the text is stored.
	 */
	storeInBackground?: (saving: Promise<void>) => void;
};

/** One log; `text` is what `lines` were split from, when they were. */
type Part = {lines: string[]; text?: string; source: LogView['source']; fetchedAt: string | null; problem?: string; note?: string; cut?: string};

/**
 * Fetches a deployment's build, runtime or combined logs, redacted and made terminal-safe, and caches
 * them in its record. When Coolify cannot be reached, the cached copy is served, marked as such.
 */
export async function fetchLogs(context: ServiceContext, record: DeploymentRecord, type: LogType, options: LogOptions = {}): Promise<LogView> {
	return type !== 'runtime' && options.includeHidden ? context.readingWholeBuildLog(async () => fetchLogsOnce(context, record, type, options)) : fetchLogsOnce(context, record, type, options);
}

async function fetchLogsOnce(context: ServiceContext, record: DeploymentRecord, type: LogType, options: LogOptions): Promise<LogView> {
	const fields = type === 'build' ? (['buildLogs'] as const) : type === 'runtime' ? (['runtimeLogs'] as const) : (['buildLogs', 'runtimeLogs'] as const);
	const asked = new Map<LogField, Promise<Asked>>();
	const applicationUuid = record.coolifyApplicationId;
	let {redact} = context;
	// Stored copies were redacted when stored; offline, nothing may be fetched to widen the redactor.
	if (options.offline === undefined && applicationUuid) {
		// The logs are asked for while the application's secrets are read (a request of their own the first
		// time), not after. Nothing asked is shown or stored before the redactor has every secret.
		for (const field of fields) {
			const asking = field === 'buildLogs' ? askBuild(context, record, applicationUuid, options) : askRuntime(context, record, applicationUuid, options);
			// Awaited below, or dropped when the secrets cannot be read: never an unhandled rejection.
			asking.catch(() => undefined);
			asked.set(field, asking);
		}

		let secrets: Awaited<ReturnType<typeof redactorForRecord>>;
		try {
			secrets = await redactorForRecord(context, record);
		} catch (error) {
			await Promise.allSettled(asked.values());
			throw error;
		}

		({redact} = secrets);
		if (secrets.unknown) {
			// Fail closed: text from Coolify could hold a value we cannot mask, so only the stored copies
			// (masked when they were stored) are shown, and nothing new is cached.
			options = {...options, offline: withheldNote(secrets.unknown)};
			await Promise.allSettled(asked.values());
		}
	}

	const part = async (field: LogField): Promise<Part> => {
		if (!applicationUuid) {
			return {lines: [], source: 'none', fetchedAt: null, note: record.errorMessage ?? 'no application in Coolify'};
		}

		if (options.offline !== undefined) {
			return storedCopy(record[field], options.offline);
		}

		const answer = await asked.get(field)!;
		if ('part' in answer) {
			return answer.part;
		}

		const text = redact(sanitizeTerminalText(answer.text));
		// The whole live text is shown; only the stored copy is bounded. The debug view is not stored at all.
		const fetchedAt = field === 'buildLogs' && options.includeHidden ? new Date(context.now()).toISOString() : (await cache(context, record, field, text, options)).fetchedAt;
		return {...splitLines(text), source: 'live', fetchedAt, note: answer.emptyNote};
	};

	if (type !== 'combined') {
		const {text, ...shown} = await part(fields[0]);
		return {type, ...shown, blocks: text === undefined ? [] : [{firstLine: 0, count: shown.lines.length, text}]};
	}

	const [build, runtime] = await Promise.all([part('buildLogs'), part('runtimeLogs')]);
	const section = (title: string, shown: Part): string[] => [
		`── ${title} ${shown.source === 'cache' ? `(cached ${shown.fetchedAt ?? ''})` : ''}`.trimEnd(),
		...(shown.lines.length > 0 ? shown.lines : [`(${shown.note ?? shown.problem ?? 'no lines yet'})`]),
	];
	const sources = [build.source, runtime.source];
	const buildSection = section('build log', build);
	const blocks: LineBlock[] = [];
	for (const [shown, firstLine] of [[build, 1], [runtime, buildSection.length + 2]] as const) {
		if (shown.text !== undefined) {
			blocks.push({firstLine, count: shown.lines.length, text: shown.text});
		}
	}

	return {
		type,
		lines: [...buildSection, '', ...section('runtime log', runtime)],
		blocks,
		source: sources.includes('cache') ? 'cache' : sources.includes('live') ? 'live' : 'none',
		fetchedAt: [build.fetchedAt, runtime.fetchedAt].filter(Boolean).sort().at(0) ?? null,
		problem: build.problem ?? runtime.problem,
		cut: build.cut ?? runtime.cut,
	};
}

type LogField = 'buildLogs' | 'runtimeLogs';

/** A log's text as Coolify sent it (not yet redacted), or the part to show instead: a note, or the stored copy after a failure. */
type Asked = {text: string; emptyNote?: string} | {part: Part};

/** Finished builds whose logs are kept in memory: the one shown and the one before it. */
const finishedBuildLogsKept = 2;

async function askBuild(context: ServiceContext, record: DeploymentRecord, applicationUuid: string, options: LogOptions): Promise<Asked> {
	const uuid = record.coolifyDeploymentId;
	// A finished build's log never changes: read once, not again at every refresh of a running deployment's
	// pane (a 100,000-entry build log is ~32 MB to download and thin, every few seconds).
	const rememberedAs = uuid && (options.includeHidden ? `${uuid} with hidden entries` : uuid);
	const known = rememberedAs ? context.finishedBuildLogs.get(rememberedAs) : undefined;
	if (known) {
		return known;
	}

	try {
		const deployment = uuid
			? await context.client.getDeployment(uuid, options.includeHidden ? {} : {logEntries: 'visible'})
			: await context.client.latestDeployment(applicationUuid);
		if (!deployment) {
			return {part: {lines: [], source: 'none', fetchedAt: null, note: 'no deployment yet'}};
		}

		if (deployment.logs === undefined) {
			return {
				part: {
					lines: [],
					source: 'none',
					fetchedAt: null,
					note: 'Coolify sent no build log: the token needs the read:sensitive ability to read build logs',
				},
			};
		}

		const parsed = parseBuildLogs(deployment.logs, {includeHidden: options.includeHidden});
		const asked = {text: parsed.lines.join('\n'), emptyNote: parsed.lines.length === 0 ? 'no build output yet' : undefined};
		if (rememberedAs && terminalDeploymentStatuses.includes(deployment.status)) {
			remember(context.finishedBuildLogs, rememberedAs, asked);
		}

		return asked;
	} catch (error) {
		return {part: fromCache(record.buildLogs, error)};
	}
}

/** Keeps `log` as the newest of the finished builds' logs kept, letting go of the oldest past the limit. */
function remember(kept: Map<string, FinishedBuildLog>, uuid: string, log: FinishedBuildLog): void {
	kept.delete(uuid);
	kept.set(uuid, log);
	for (const oldest of kept.keys()) {
		if (kept.size <= finishedBuildLogsKept) {
			break;
		}

		kept.delete(oldest);
	}
}

async function askRuntime(context: ServiceContext, record: DeploymentRecord, applicationUuid: string, options: LogOptions): Promise<Asked> {
	try {
		return {text: await context.client.applicationLogs(applicationUuid, {lines: Math.min(options.lines ?? runtimeLinesByDefault, runtimeLinesAtMost)})};
	} catch (error) {
		if (error instanceof BadRequestError && /not running/i.test(error.serverMessage)) {
			// Not an outage: keep showing the last lines the container wrote, if we have them.
			const last = record.runtimeLogs;
			return {
				part: last
					? {...splitLines(last.text), source: 'cache', fetchedAt: last.fetchedAt, note: 'application is not running', cut: cutNote(last)}
					: {lines: [], source: 'none', fetchedAt: null, note: 'application is not running'},
			};
		}

		return {part: fromCache(record.runtimeLogs, error)};
	}
}

/** What a stored copy that was cut leaves out, in one line. */
function cutNote(cached: CachedLogs): string | undefined {
	return cached.truncated
		? `older lines are not shown: the stored copy keeps only the last ${logBounds.maxLines} lines and ${logBounds.maxBytes / 1024} KB of a log`
		: undefined;
}

function storedCopy(cached: CachedLogs | null, problem: string): Part {
	return cached
		? {...splitLines(cached.text), source: 'cache', fetchedAt: cached.fetchedAt, problem, cut: cutNote(cached)}
		: {lines: [], source: 'none', fetchedAt: null, problem};
}

function fromCache(cached: CachedLogs | null, error: unknown): Part {
	if (!(error instanceof CoolifyError)) {
		throw error;
	}

	return cached
		? {...splitLines(cached.text), source: 'cache', fetchedAt: cached.fetchedAt, problem: error.message, cut: cutNote(cached)}
		: {lines: [], source: 'none', fetchedAt: null, problem: error.message};
}

async function cache(context: ServiceContext, record: DeploymentRecord, field: 'buildLogs' | 'runtimeLogs', text: string, options: LogOptions): Promise<CachedLogs> {
	const bounded = boundLogText(text);
	// Same text as cached: keep the old fetch time, so an unchanged log costs no write.
	let stored: CachedLogs = record[field]?.text === bounded.text ? record[field]! : {...bounded, fetchedAt: new Date(context.now()).toISOString()};
	const saving = context.store.patchRecord(record.id, current => {
		// Checked again against the file: another process may have stored it meanwhile.
		if (current[field]?.text === bounded.text) {
			stored = current[field]!;
			return {};
		}

		return {[field]: stored};
	});
	if (options.storeInBackground) {
		options.storeInBackground(saving.then(() => undefined));
		return stored;
	}

	await saving;
	return stored;
}

function splitLines(text: string): {lines: string[]; text?: string} {
	return text === '' ? {lines: []} : {lines: text.split('\n'), text};
}
