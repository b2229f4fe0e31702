import type {CoolifyApplication} from '../coolify/types.js';
import {isThingGone} from '../coolify/errors.js';
import {cleanupCandidates} from '../domain/cleanup-rules.js';
import {parseApplicationStatus} from '../domain/lifecycle.js';
import {decodeMarker} from '../domain/marker.js';
import type {DeploymentRecord} from '../store/index.js';
import type {ServiceContext} from './context.js';
import {cancelBuildInFlight} from './deployment-actions.js';
import type {Timer} from './scheduler.js';

export type CleanupOutcome = 'cleaned' | 'would-clean' | 'already-gone' | 'skipped' | 'failed';

export type CleanupItem = {
	id: number;
	applicationName: string;
	applicationUuid: string | null;
	outcome: CleanupOutcome;
	message: string;
};

export type CleanupReport = {
	ranAt: string;
	maxAgeHours: number;
	dryRun: boolean;
	items: CleanupItem[];
};

export type CleanupOptions = {
	maxAgeHours?: number;
	dryRun?: boolean;
	/** Records the user is acting on right now: never cleaned under their feet. */
	isBusy?: (id: number) => boolean;
};

/**
 * Stops and deletes the applications of old test deployments, and marks their records cleaned (the
 * records stay, as history). It only touches applications that carry our tag and have our record; one
 * failure does not stop the rest.
 */
export async function runCleanup(context: ServiceContext, options: CleanupOptions = {}): Promise<CleanupReport> {
	const maxAgeHours = options.maxAgeHours ?? context.config.cleanup.maxAgeHours;
	const dryRun = options.dryRun ?? false;
	const now = context.now();
	const snapshot = await context.store.read();
	const candidates = cleanupCandidates(snapshot.deployments, maxAgeHours, now).filter(record => !options.isBusy?.(record.id));
	const report: CleanupReport = {ranAt: new Date(now).toISOString(), maxAgeHours, dryRun, items: []};
	if (candidates.length === 0) {
		return report;
	}

	const ours = new Map<string, CoolifyApplication>();
	for (const application of await context.client.listOwnApplications()) {
		ours.set(application.uuid, application);
		// A create whose answer was lost (or was interrupted) is found by the key in its marker.
		const key = decodeMarker(application.description)?.key;
		if (key) {
			ours.set(`key:${key}`, application);
		}
	}

	for (const record of candidates) {
		const item: CleanupItem = {id: record.id, applicationName: record.applicationName, applicationUuid: record.coolifyApplicationId, outcome: 'cleaned', message: ''};
		report.items.push(item);
		// The user may have started acting on it while earlier ones were cleaned: leave it for the next run.
		if (options.isBusy?.(record.id)) {
			item.outcome = 'skipped';
			item.message = 'in use: an action on it is under way; left for the next run';
			continue;
		}

		try {
			await cleanOne(context, record, ours, item, dryRun);
		} catch (error) {
			item.outcome = 'failed';
			item.message = context.redact(error instanceof Error ? error.message : String(error));
		}
	}

	return report;
}

async function cleanOne(
	context: ServiceContext,
	record: DeploymentRecord,
	ours: Map<string, CoolifyApplication>,
	item: CleanupItem,
	dryRun: boolean,
): Promise<void> {
	const application = record.coolifyApplicationId ? ours.get(record.coolifyApplicationId) : record.key ? ours.get(`key:${record.key}`) : undefined;
	const uuid = application?.uuid ?? record.coolifyApplicationId;
	item.applicationUuid = uuid;
	if (!uuid || !application) {
		// Not among our tagged applications: either gone already, or not ours to touch.
		const exists = uuid ? await context.client.findApplication(uuid) : undefined;
		if (exists) {
			item.outcome = 'skipped';
			item.message = `application ${uuid} does not carry the coolify-tui tag; left alone`;
			return;
		}

		item.outcome = dryRun ? 'would-clean' : 'already-gone';
		item.message = 'no application in Coolify; only the record is marked cleaned';
		if (!dryRun) {
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

	// Coolify's delete job stops the application itself; `docker_cleanup=false` keeps each delete from
	// running a Docker cleanup of the whole shared server (DeleteResourceJob).
	await cancelBuildInFlight(context, record);
	try {
		await context.client.deleteApplication(uuid, {dockerCleanup: false});
	} catch (error) {
		if (!isThingGone(error)) {
			throw error;
		}
	}

	await markCleaned(context, record.id);
	item.outcome = 'cleaned';
	item.message = isRunning ? 'stopped, deletion queued in Coolify' : 'deletion queued in Coolify';
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

	/** Runs now, or joins the run under way. */
	async runNow(options: {maxAgeHours?: number} = {}): Promise<CleanupReport | undefined> {
		if (this.running) {
			return this.running;
		}

		this.running = runCleanup(this.context, {maxAgeHours: options.maxAgeHours, isBusy: this.options.isBusy})
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
