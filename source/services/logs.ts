import {BadRequestError, CoolifyError} from '../coolify/errors.js';
import {boundLogText, logBounds} from '../store/index.js';
import type {CachedLogs, DeploymentRecord} from '../domain/records.js';
import {redactorForRecord, withheldNote} from './application-secrets.js';
import {parseBuildLogs} from './build-logs.js';
import type {ServiceContext} from './context.js';
import type {Redactor} from './redaction.js';
import {sanitizeTerminalText} from './text-safety.js';

export type LogType = 'build' | 'runtime' | 'combined';

export const logTypes: readonly LogType[] = ['build', 'runtime', 'combined'];

/** Container log lines asked of Coolify unless more are asked for, and the most one may ask (`--lines`, `m`). */
export const runtimeLinesByDefault = 500;
export const runtimeLinesAtMost = 100_000;

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
};

export type LogOptions = {
	/** Runtime log lines to ask for. @default 500 */
	lines?: number;
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

type Part = {lines: string[]; source: LogView['source']; fetchedAt: string | null; problem?: string; note?: string; cut?: string};

/**
 * Fetches a deployment's build, runtime or combined logs, redacted and made terminal-safe, and caches
 * them in its record. When Coolify cannot be reached, the cached copy is served, marked as such.
 */
export async function fetchLogs(context: ServiceContext, record: DeploymentRecord, type: LogType, options: LogOptions = {}): Promise<LogView> {
	// Stored copies were redacted when stored; offline, nothing may be fetched to widen the redactor.
	const secrets = options.offline === undefined ? await redactorForRecord(context, record) : {redact: context.redact};
	const {redact} = secrets;
	if (secrets.unknown) {
		// Fail closed: text from Coolify could hold a value we cannot mask, so only the stored copies
		// (masked when they were stored) are shown, and nothing new is cached.
		options = {...options, offline: withheldNote(secrets.unknown)};
	}

	if (type === 'build') {
		return {type, ...(await buildPart(context, redact, record, options))};
	}

	if (type === 'runtime') {
		return {type, ...(await runtimePart(context, redact, record, options))};
	}

	const [build, runtime] = await Promise.all([buildPart(context, redact, record, options), runtimePart(context, redact, record, options)]);
	const section = (title: string, part: Part): string[] => [
		`── ${title} ${part.source === 'cache' ? `(cached ${part.fetchedAt ?? ''})` : ''}`.trimEnd(),
		...(part.lines.length > 0 ? part.lines : [`(${part.note ?? part.problem ?? 'no lines yet'})`]),
	];
	const sources = [build.source, runtime.source];
	return {
		type,
		lines: [...section('build log', build), '', ...section('runtime log', runtime)],
		source: sources.includes('cache') ? 'cache' : sources.includes('live') ? 'live' : 'none',
		fetchedAt: [build.fetchedAt, runtime.fetchedAt].filter(Boolean).sort().at(0) ?? null,
		problem: build.problem ?? runtime.problem,
		cut: build.cut ?? runtime.cut,
	};
}

async function buildPart(context: ServiceContext, redact: Redactor, record: DeploymentRecord, options: LogOptions): Promise<Part> {
	if (!record.coolifyApplicationId) {
		return {lines: [], source: 'none', fetchedAt: null, note: record.errorMessage ?? 'no application in Coolify'};
	}

	if (options.offline !== undefined) {
		return storedCopy(record.buildLogs, options.offline);
	}

	try {
		const deployment = record.coolifyDeploymentId
			? await context.client.getDeployment(record.coolifyDeploymentId)
			: await context.client.latestDeployment(record.coolifyApplicationId);
		if (!deployment) {
			return {lines: [], source: 'none', fetchedAt: null, note: 'no deployment yet'};
		}

		if (deployment.logs === undefined) {
			return {
				lines: [],
				source: 'none',
				fetchedAt: null,
				note: 'Coolify sent no build log: the token needs the read:sensitive ability to read build logs',
			};
		}

		const parsed = parseBuildLogs(deployment.logs, {includeHidden: options.includeHidden});
		const text = redact(sanitizeTerminalText(parsed.lines.join('\n')));
		const cached = await cache(context, record, 'buildLogs', text, options);
		// The whole live text is shown; only the stored copy is bounded.
		return {lines: splitLines(text), source: 'live', fetchedAt: cached.fetchedAt, note: parsed.lines.length === 0 ? 'no build output yet' : undefined};
	} catch (error) {
		return fromCache(record.buildLogs, error);
	}
}

async function runtimePart(context: ServiceContext, redact: Redactor, record: DeploymentRecord, options: LogOptions): Promise<Part> {
	if (!record.coolifyApplicationId) {
		return {lines: [], source: 'none', fetchedAt: null, note: record.errorMessage ?? 'no application in Coolify'};
	}

	if (options.offline !== undefined) {
		return storedCopy(record.runtimeLogs, options.offline);
	}

	try {
		const text = redact(sanitizeTerminalText(await context.client.applicationLogs(record.coolifyApplicationId, {lines: options.lines ?? runtimeLinesByDefault})));
		const cached = await cache(context, record, 'runtimeLogs', text, options);
		return {lines: splitLines(text), source: 'live', fetchedAt: cached.fetchedAt};
	} catch (error) {
		if (error instanceof BadRequestError && /not running/i.test(error.serverMessage)) {
			// Not an outage: keep showing the last lines the container wrote, if we have them.
			const last = record.runtimeLogs;
			return last
				? {lines: splitLines(last.text), source: 'cache', fetchedAt: last.fetchedAt, note: 'application is not running', cut: cutNote(last)}
				: {lines: [], source: 'none', fetchedAt: null, note: 'application is not running'};
		}

		return fromCache(record.runtimeLogs, error);
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
		? {lines: splitLines(cached.text), source: 'cache', fetchedAt: cached.fetchedAt, problem, cut: cutNote(cached)}
		: {lines: [], source: 'none', fetchedAt: null, problem};
}

function fromCache(cached: CachedLogs | null, error: unknown): Part {
	if (!(error instanceof CoolifyError)) {
		throw error;
	}

	return cached
		? {lines: splitLines(cached.text), source: 'cache', fetchedAt: cached.fetchedAt, problem: error.message, cut: cutNote(cached)}
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

function splitLines(text: string): string[] {
	return text === '' ? [] : text.split('\n');
}
