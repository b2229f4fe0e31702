import {CoolifyError, isThingGone} from '../coolify/errors.js';
import {parseApplicationStatus, toLifecycleStatus} from '../domain/lifecycle.js';
import {terminalDeploymentStatuses, type CoolifyApplication, type CoolifyDeployment} from '../coolify/types.js';
import {applyPatch, boundLogText, editRecord, patchChangesRecord, type DeploymentRecord} from '../store/index.js';
import type {ServiceContext} from './context.js';
import {firstUrl} from './create-deployment.js';
import {goneBehindOurBack} from './deployment-actions.js';
import {parseBuildLogs} from './build-logs.js';
import {sanitizeInlineText, sanitizeTerminalText} from './text-safety.js';
import type {Timer} from './scheduler.js';

export type TickResult = {
	/** Records whose stored state changed. */
	changed: number;
	/** HTTP requests the tick made (not counting retries). */
	requests: number;
};

/**
 * One poll of Coolify for every tracked deployment, at a constant cost however many there are: the list
 * of our applications (statuses and health), the list of in-progress deployments, and at most one more
 * request, for a build that just ended without a new container starting (failed, or not clear yet).
 * All changes are written in one store update; none (and no second read of the data file) when
 * nothing changed.
 */
export async function pollOnce(context: ServiceContext): Promise<TickResult> {
	// The records first, then Coolify's lists: a record another process writes meanwhile (a deploy that
	// just created its application) waits for the next tick instead of missing from lists asked for
	// before its application existed, which would read as "deleted outside coolify-tui".
	const snapshot = await context.store.read();
	const [applications, activeDeployments] = await Promise.all([context.client.listOwnApplications(), context.client.listActiveDeployments()]);
	let requests = 2;
	const applicationsByUuid = new Map(applications.map(application => [application.uuid, application]));
	const activeByUuid = new Map(activeDeployments.map(deployment => [deployment.deployment_uuid, deployment]));
	const tracked = snapshot.deployments.filter(record => record.coolifyApplicationId && !record.deletedAt && !record.cleanedAt);

	// Builds we last saw in flight (or never saw) that are no longer in Coolify's in-progress list.
	const endedBuilds = new Map<string, CoolifyDeployment | undefined>();
	const toFetch: DeploymentRecord[] = [];
	for (const record of tracked) {
		const deploymentUuid = record.coolifyDeploymentId;
		if (!deploymentUuid || activeByUuid.has(deploymentUuid) || terminalDeploymentStatuses.includes(record.deploymentStatus ?? '')) {
			continue;
		}

		const application = applicationsByUuid.get(record.coolifyApplicationId!);
		if (application && startedFresh(record, application)) {
			// A new container is starting: the build finished. That needs no request.
			endedBuilds.set(deploymentUuid, {deployment_uuid: deploymentUuid, status: 'finished', finished_at: new Date(context.now()).toISOString()});
		} else {
			toFetch.push(record);
		}
	}

	// Other endings (failed, or not clear yet) need the deployment itself, for its status and build log:
	// one per tick, so a tick costs at most 3 requests however many builds end together; the others
	// keep their last status a tick longer.
	const next = toFetch[0];
	if (next) {
		requests++;
		const deployment = await context.client.getDeployment(next.coolifyDeploymentId!).catch((error: unknown) => {
			if (isThingGone(error)) {
				return undefined;
			}

			throw error;
		});
		endedBuilds.set(next.coolifyDeploymentId!, deployment);
	}

	const patches = new Map<number, Partial<DeploymentRecord>>();
	for (const record of tracked) {
		const application = applicationsByUuid.get(record.coolifyApplicationId!);
		const patch = application
			? nextState(context, record, application, activeDeployments, activeByUuid, endedBuilds)
			: goneBehindOurBack(context);
		patches.set(record.id, patch);
	}

	// A tick that changes nothing neither writes nor reads the file again.
	if (!tracked.some(record => patchChangesRecord(record, patches.get(record.id)!))) {
		return {changed: 0, requests};
	}

	const trackedById = new Map(tracked.map(record => [record.id, record]));
	const changed = await context.store.update(data => {
		const now = new Date(context.now()).toISOString();
		let count = 0;
		for (const record of data.deployments) {
			const patch = patches.get(record.id);
			// Skip records another process or a user action changed since our snapshot was read.
			const before = trackedById.get(record.id);
			if (!patch || !before || before.updatedAt !== record.updatedAt || !patchChangesRecord(record, patch)) {
				continue;
			}

			editRecord(data, record.id, copy => applyPatch(copy, patch, now));
			count++;
		}

		return count;
	});
	return {changed, requests};
}

/**
 * The application's container is new since the last tick: starting, or running where it was not.
 * (A failed redeploy leaves the old container running, so "running" alone says nothing.)
 */
function startedFresh(record: DeploymentRecord, application: CoolifyApplication): boolean {
	const now = parseApplicationStatus(application.status).state;
	const before = record.coolifyStatus ? parseApplicationStatus(record.coolifyStatus).state : undefined;
	return now === 'starting' || now === 'restarting' || (now === 'running' && before !== 'running');
}

function isInFlight(deploymentStatus: string | null | undefined): boolean {
	return deploymentStatus === 'queued' || deploymentStatus === 'in_progress';
}

function nextState(
	context: ServiceContext,
	record: DeploymentRecord,
	application: CoolifyApplication,
	activeDeployments: CoolifyDeployment[],
	activeByUuid: Map<string, CoolifyDeployment>,
	endedBuilds: Map<string, CoolifyDeployment | undefined>,
): Partial<DeploymentRecord> {
	let deploymentUuid = record.coolifyDeploymentId;
	// A start answered without a uuid: adopt the in-progress deployment of this application. Matched by
	// name: Coolify hides the application's `id` from API answers (ApplicationsController, `makeHidden`).
	if (!deploymentUuid) {
		deploymentUuid = activeDeployments.find(deployment => deployment.application_name === application.name)?.deployment_uuid ?? null;
	}

	// Status strings are shown as they came when we do not know them: never with escape sequences.
	const shownStatus = sanitizeInlineText(application.status);
	const patch: Partial<DeploymentRecord> = {coolifyDeploymentId: deploymentUuid, coolifyStatus: shownStatus};
	let deploymentStatus = record.deploymentStatus ?? null;
	let finishedAt = record.deploymentFinishedAt ? Date.parse(record.deploymentFinishedAt) : null;
	if (deploymentUuid && activeByUuid.has(deploymentUuid)) {
		deploymentStatus = activeByUuid.get(deploymentUuid)!.status;
	} else if (deploymentUuid && endedBuilds.has(deploymentUuid)) {
		const ended = endedBuilds.get(deploymentUuid);
		// A uuid Coolify never stored (its queue was full) reads as a failed start.
		deploymentStatus = ended?.status ?? 'failed';
		finishedAt = ended?.finished_at ? Date.parse(ended.finished_at) : context.now();
		if (ended && typeof ended.logs === 'string') {
			// Cached text is shown later (logs from cache, a failed deploy's tail): terminal-safe like fetchLogs.
			const text = context.redact(sanitizeTerminalText(parseBuildLogs(ended.logs).lines.join('\n')));
			patch.buildLogs = {...boundLogText(text), fetchedAt: new Date(context.now()).toISOString()};
		}

		if (!ended) {
			patch.errorMessage = 'Coolify did not queue the deployment (its queue may be full): start it again';
		}
	}

	if (deploymentStatus && !isInFlight(deploymentStatus) && !terminalDeploymentStatuses.includes(deploymentStatus)) {
		patch.coolifyStatus = `${shownStatus} (deployment ${sanitizeInlineText(deploymentStatus)})`;
	}

	const verdict = toLifecycleStatus({
		applicationStatus: application.status,
		deploymentStatus,
		deploymentFinishedAt: finishedAt,
		now: context.now(),
		stoppedByUser: record.stoppedByUser,
	});
	// A stop is queued by Coolify; until its status catches up, the application still reads as running.
	const status = record.stoppedByUser && record.status === 'stopped' && !isInFlight(deploymentStatus) ? 'stopped' : verdict.status;
	Object.assign(patch, {
		deploymentStatus,
		deploymentFinishedAt: finishedAt === null ? null : new Date(finishedAt).toISOString(),
		status,
		health: status === 'running' || status === 'deploying' ? verdict.health : null,
		deploymentUrl: firstUrl(application.fqdn) ?? record.deploymentUrl,
	});
	if (status === 'failed') {
		patch.errorMessage ??= record.errorMessage ?? verdict.reason ?? null;
	} else if (!patch.errorMessage && record.errorMessage && status !== 'stopped') {
		patch.errorMessage = null;
	}

	return patch;
}

export type PollerState = {
	lastSuccessAt: number | null;
	/** First failure of the current run of failures. */
	failingSince: number | null;
	lastError: CoolifyError | Error | null;
	/** Polling stopped after a 401/403 until the user refreshes. */
	paused: boolean;
	isTicking: boolean;
	nextTickAt: number | null;
};

export type PollerOptions = {
	intervalMs: number;
	/**
	 * Longest wait between polls while Coolify keeps failing: long enough not to hammer a restarting
	 * instance, short enough that the dashboard recovers on its own soon after. @default 60000
	 */
	maxBackoffMs?: number;
	onChange?: (state: PollerState, result?: TickResult) => void;
};

/**
 * Runs `pollOnce` on an interval: never two at once, backing off while Coolify fails, pausing on an
 * authorisation error (hammering a revoked token helps no one), and resuming with `pollNow()`.
 */
export class Poller {
	state: PollerState = {lastSuccessAt: null, failingSince: null, lastError: null, paused: false, isTicking: false, nextTickAt: null};
	private timer: Timer | undefined;
	private inFlight: Promise<TickResult | undefined> | undefined;
	private consecutiveFailures = 0;
	private isRunning = false;

	constructor(
		private readonly context: ServiceContext,
		private readonly options: PollerOptions,
	) {}

	start(): void {
		this.isRunning = true;
		void this.pollNow();
	}

	stop(): void {
		this.isRunning = false;
		this.context.scheduler.clearTimeout(this.timer);
		this.timer = undefined;
	}

	/** Polls at once (joining a poll already under way) and resumes a paused poller. */
	async pollNow(): Promise<TickResult | undefined> {
		if (this.inFlight) {
			return this.inFlight;
		}

		this.context.scheduler.clearTimeout(this.timer);
		this.update({paused: false, isTicking: true, nextTickAt: null});
		this.inFlight = this.tick().finally(() => {
			this.inFlight = undefined;
		});
		return this.inFlight;
	}

	private async tick(): Promise<TickResult | undefined> {
		let result: TickResult | undefined;
		let paused = false;
		try {
			result = await pollOnce(this.context);
			this.consecutiveFailures = 0;
			this.state = {...this.state, lastSuccessAt: this.context.now(), failingSince: null, lastError: null};
		} catch (error) {
			this.consecutiveFailures++;
			const failure = error instanceof Error ? error : new Error(String(error));
			paused = failure instanceof CoolifyError && ['unauthorized', 'forbidden', 'api-disabled'].includes(failure.kind);
			this.state = {...this.state, failingSince: this.state.failingSince ?? this.context.now(), lastError: failure};
		}

		const delay = Math.min(this.options.intervalMs * 2 ** Math.min(this.consecutiveFailures, 10), Math.max(this.options.intervalMs, this.options.maxBackoffMs ?? 60_000));
		const nextTickAt = this.isRunning && !paused ? this.context.now() + delay : null;
		if (nextTickAt !== null) {
			this.timer = this.context.scheduler.setTimeout(() => void this.pollNow(), delay);
			this.timer.unref?.();
		}

		this.update({isTicking: false, paused, nextTickAt}, result);
		return result;
	}

	private update(patch: Partial<PollerState>, result?: TickResult): void {
		this.state = {...this.state, ...patch};
		this.options.onChange?.(this.state, result);
	}
}
