import {NotFoundError} from '../coolify/errors.js';
import type {CoolifyApplication} from '../coolify/types.js';
import {isRecordExpired} from '../domain/cleanup-rules.js';
import {parseApplicationStatus} from '../domain/lifecycle.js';
import type {DeploymentMarker} from '../domain/marker.js';
import {createGraceMs, isCreateInProgress} from '../domain/reconcile.js';
import {hoursToMs, isExpired} from '../domain/ttl.js';
import type {DeploymentRecord} from '../domain/records.js';
import type {ServiceContext} from './context.js';
import {cancelBuildInFlight} from './deployment-actions.js';
import type {Timer} from './scheduler.js';
import {isMine, recordForApplication, teamApplicationsIn} from './team.js';

export type CleanupOutcome = 'cleaned' | 'would-clean' | 'already-gone' | 'skipped' | 'failed';

export type CleanupItem = {
	/** The local id; null for a teammate's deployment this machine has no record of. */
	id: number | null;
	key: string | null;
	applicationName: string;
	applicationUuid: string | null;
	pipelineId: string;
	owner: string | null;
	expiresAt: string | null;
	/** Why it was chosen: `expired`, or `older than 2h`. */
	reason: string;
	outcome: CleanupOutcome;
	message: string;
};

export type CleanupReport = {
	ranAt: string;
	/** `expired`: the team's expired deployments (the default); `age`: deployments older than `maxAgeHours`. */
	selection: 'expired' | 'age';
	maxAgeHours: number;
	/** With `age`: everyone's deployments, not only mine. */
	team: boolean;
	dryRun: boolean;
	items: CleanupItem[];
};

export type CleanupOptions = {
	/** Given: my deployments older than this many hours (all of them with `team`), expired or not. */
	maxAgeHours?: number;
	team?: boolean;
	dryRun?: boolean;
	/** Records the user is acting on right now: never cleaned under their feet. */
	isBusy?: (id: number) => boolean;
	/**
	 * Only these deployments (`cleanupItemKey` of a dry run's items): what the user confirmed, never
	 * more, though others may have expired since. Each is still checked again.
	 */
	only?: ReadonlySet<string>;
};

/** What names one deployment across a dry run and the run it previews: its application, or its record. */
export function cleanupItemKey(item: Pick<CleanupItem, 'applicationUuid' | 'id'>): string {
	return item.applicationUuid ?? `record:${item.id}`;
}

type Candidate = {record?: DeploymentRecord; application?: CoolifyApplication; marker?: DeploymentMarker; item: CleanupItem};

/**
 * Deletes test deployments from any machine: by default the team's expired ones, read from the markers
 * in Coolify's list of tagged applications (one request), plus this machine's records of applications
 * without a marker (made before markers existed), by age. Tagged applications without a marker and no
 * record here are never touched. Records stay, marked cleaned, as history; one failure does not stop
 * the rest, and an application another cleanup deleted first counts as cleaned.
 */
export async function runCleanup(context: ServiceContext, options: CleanupOptions = {}): Promise<CleanupReport> {
	const byAge = options.maxAgeHours !== undefined;
	const maxAgeHours = options.maxAgeHours ?? context.config.cleanup.maxAgeHours;
	const team = byAge && options.team === true;
	const dryRun = options.dryRun ?? false;
	const now = context.now();
	const owner = context.owner.name;
	const report: CleanupReport = {ranAt: new Date(now).toISOString(), selection: byAge ? 'age' : 'expired', maxAgeHours, team, dryRun, items: []};
	const records = (await context.store.read()).deployments;
	const applications = await context.client.listOwnApplications();
	const selected = selectCandidates({records, applications, owner, now, byAge, maxAgeHours, team, isBusy: options.isBusy});
	const {only} = options;
	const candidates = only ? selected.filter(candidate => only.has(cleanupItemKey(candidate.item))) : selected;
	for (const candidate of candidates) {
		report.items.push(candidate.item);
		if (candidate.item.outcome === 'skipped') {
			continue;
		}

		// The user may have started acting on it while earlier ones were cleaned: leave it for the next run.
		if (candidate.record && options.isBusy?.(candidate.record.id)) {
			candidate.item.outcome = 'skipped';
			candidate.item.message = 'in use: an action on it is under way; left for the next run';
			continue;
		}

		try {
			await cleanOne(context, candidate, dryRun);
		} catch (error) {
			candidate.item.outcome = 'failed';
			candidate.item.message = context.redact(error instanceof Error ? error.message : String(error));
		}
	}

	return report;
}

type Selection = {
	records: readonly DeploymentRecord[];
	applications: readonly CoolifyApplication[];
	owner: string;
	now: number;
	byAge: boolean;
	maxAgeHours: number;
	team: boolean;
	isBusy?: (id: number) => boolean;
};

function selectCandidates(selection: Selection): Candidate[] {
	const {records, applications, owner, now, byAge, maxAgeHours, team} = selection;
	const cutoff = now - hoursToMs(maxAgeHours);
	const ageReason = `older than ${maxAgeHours}h`;
	const candidates: Candidate[] = [];
	const handled = new Set<DeploymentRecord>();
	for (const teamApplication of teamApplicationsIn(applications)) {
		const {application, marker} = teamApplication;
		const record = recordForApplication(records, teamApplication);
		if (record) {
			handled.add(record);
			if (record.cleanedAt || record.deletedAt) {
				continue;
			}
		}

		const isMineToo = marker.owner === owner || record?.origin === 'created';
		// A record made here says when its create began; an adopted one is younger than its marker.
		const createdAt = Math.min(Date.parse(marker.createdAt), record ? Date.parse(record.createdAt) : Number.POSITIVE_INFINITY);
		const isChosen = byAge ? createdAt <= cutoff && (team || isMineToo) : isExpired(marker.expiresAt, now);
		if (!isChosen) {
			continue;
		}

		const item = newItem(record, application, marker, byAge ? ageReason : 'expired');
		const isRunning = parseApplicationStatus(application.status).state === 'running';
		// Here the record says whether the create is under way; another machine's young, idle application may be mid-create.
		if (!record && !isRunning && now - createdAt < createGraceMs) {
			// Left for the next run without a word: another machine may be creating it right now.
			continue;
		}

		if (record && isCreateInProgress(record, now)) {
			item.outcome = 'skipped';
			item.message = 'created moments ago: its create may still be under way; left for the next run';
		} else if (record && selection.isBusy?.(record.id)) {
			continue;
		}

		candidates.push({record, application, marker, item});
	}

	// This machine's records with no marked application: made before markers existed, or already gone.
	const tagged = new Map(applications.map(application => [application.uuid, application]));
	for (const record of records) {
		if (handled.has(record) || record.cleanedAt || record.deletedAt || isCreateInProgress(record, now) || selection.isBusy?.(record.id)) {
			continue;
		}

		if (byAge && !team && !isMine(record, owner)) {
			continue;
		}

		const isChosen = byAge ? Date.parse(record.createdAt) <= cutoff : isRecordExpired(record, maxAgeHours, now);
		if (isChosen) {
			const application = record.coolifyApplicationId ? tagged.get(record.coolifyApplicationId) : undefined;
			candidates.push({record, application, item: newItem(record, application, undefined, byAge || !record.expiresAt ? ageReason : 'expired')});
		}
	}

	return candidates;
}

function newItem(record: DeploymentRecord | undefined, application: CoolifyApplication | undefined, marker: DeploymentMarker | undefined, reason: string): CleanupItem {
	return {
		id: record?.id ?? null,
		key: marker?.key ?? record?.key ?? null,
		applicationName: application?.name ?? record?.applicationName ?? '-',
		applicationUuid: application?.uuid ?? record?.coolifyApplicationId ?? null,
		pipelineId: marker?.pipeline ?? record?.pipelineId ?? '-',
		owner: marker?.owner ?? record?.owner ?? null,
		expiresAt: marker ? marker.expiresAt : (record?.expiresAt ?? null),
		reason,
		outcome: 'cleaned',
		message: '',
	};
}

async function cleanOne(context: ServiceContext, candidate: Candidate, dryRun: boolean): Promise<void> {
	const {record, application, item} = candidate;
	const uuid = application?.uuid ?? record?.coolifyApplicationId ?? null;
	if (!application) {
		// Not among our tagged applications: either gone already, or not ours to touch.
		const exists = uuid ? await context.client.findApplication(uuid) : undefined;
		if (exists) {
			item.outcome = 'skipped';
			item.message = `application ${uuid} does not carry the coolify-tui tag; left alone`;
			return;
		}

		item.outcome = dryRun ? 'would-clean' : 'already-gone';
		item.message = 'no application in Coolify; only the record is marked cleaned';
		if (!dryRun && record) {
			await markCleaned(context, record.id);
		}

		return;
	}

	const isRunning = parseApplicationStatus(application.status).state === 'running';
	if (dryRun) {
		item.outcome = 'would-clean';
		item.message = isRunning ? 'would stop and delete the application' : 'would delete the application';
		return;
	}

	// Coolify's delete job stops the application itself (DeleteResourceJob), so no stop first; and
	// `docker_cleanup=false` keeps each delete from running a Docker cleanup of the whole shared server.
	if (record) {
		await cancelBuildInFlight(context, record);
	}

	const isGone = await goneIfNotFound(async () => context.client.deleteApplication(application.uuid, {dockerCleanup: false}));

	if (record) {
		await markCleaned(context, record.id);
	}

	item.outcome = 'cleaned';
	item.message = isGone ? 'already deleted (by another cleanup, or in Coolify)' : isRunning ? 'stopped, deletion queued in Coolify' : 'deletion queued in Coolify';
}

/**
 * Runs a request on an application; true when Coolify's own controller answers that the application is
 * not found (another cleanup deleted it first: that is success). Any other 404 (a proxy, a wrong URL) fails.
 */
async function goneIfNotFound(request: () => Promise<unknown>): Promise<boolean> {
	try {
		await request();
		return false;
	} catch (error) {
		if (error instanceof NotFoundError && error.isApplicationNotFound) {
			return true;
		}

		throw error;
	}
}

async function markCleaned(context: ServiceContext, id: number): Promise<void> {
	await context.store.patchRecord(id, {
		status: 'stopped',
		health: null,
		stoppedByUser: true,
		cleanedAt: new Date(context.now()).toISOString(),
		buildLogs: null,
		runtimeLogs: null,
	});
}

export type CleanupLoopOptions = {
	intervalMs: number;
	isBusy?: (id: number) => boolean;
	onReport?: (report: CleanupReport) => void;
	onError?: (error: Error) => void;
};

/** Runs cleanup every `intervalMs` while the program runs; never two runs at once. */
export class CleanupLoop {
	nextRunAt: number | null = null;
	private timer: Timer | undefined;
	private running: Promise<CleanupReport | undefined> | undefined;

	constructor(
		private readonly context: ServiceContext,
		private readonly options: CleanupLoopOptions,
	) {}

	get isRunning(): boolean {
		return this.running !== undefined;
	}

	start(): void {
		this.schedule();
	}

	stop(): void {
		this.context.scheduler.clearTimeout(this.timer);
		this.timer = undefined;
		this.nextRunAt = null;
	}

	/** What a run now would clean (a dry run: one request, nothing changed, no report to `onReport`). */
	async preview(): Promise<CleanupReport> {
		return runCleanup(this.context, {dryRun: true, isBusy: this.options.isBusy});
	}

	/** Runs now (limited to `only`, see CleanupOptions), or joins the run under way. */
	async runNow(options: {maxAgeHours?: number; only?: ReadonlySet<string>} = {}): Promise<CleanupReport | undefined> {
		if (this.running) {
			return this.running;
		}

		this.running = runCleanup(this.context, {maxAgeHours: options.maxAgeHours, only: options.only, isBusy: this.options.isBusy})
			.then(report => {
				this.options.onReport?.(report);
				return report;
			})
			.catch((error: unknown) => {
				this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
				return undefined;
			})
			.finally(() => {
				this.running = undefined;
			});
		return this.running;
	}

	private schedule(): void {
		this.nextRunAt = this.context.now() + this.options.intervalMs;
		this.timer = this.context.scheduler.setTimeout(() => {
			void this.runNow().finally(() => {
				if (this.timer) {
					this.schedule();
				}
			});
		}, this.options.intervalMs);
		this.timer.unref?.();
	}
}
