import {parseApplicationStatus, toLifecycleStatus, type Health, type LifecycleStatus} from './lifecycle.js';
import {decodeMarker} from './marker.js';

/**
 * The one place that turns what Coolify said about a test deployment into its record's next state. The
 * poller, `show`, `--wait`, the dashboard and cleanup all go through `reconcile`, so they never disagree.
 * Table-tested in test/domain/reconcile.test.ts.
 */

/** The fields of a record the reconciler reads (a store `DeploymentRecord` is one). */
export type ReconcilableRecord = {
	status: LifecycleStatus;
	health: Health | null;
	coolifyApplicationId: string | null;
	coolifyDeploymentId: string | null;
	deploymentStatus?: string | null;
	deploymentFinishedAt?: string | null;
	stoppedByUser?: boolean;
	errorMessage: string | null;
	deletedAt: string | null;
	cleanedAt: string | null;
	deploymentUrl: string | null;
	createdAt: string;
	key?: string | null;
	owner?: string | null;
	expiresAt?: string | null;
};

/** What the reconciler may change. */
export type ReconcilePatch = Partial<
	Pick<
		ReconcilableRecord,
		| 'status'
		| 'health'
		| 'coolifyApplicationId'
		| 'coolifyDeploymentId'
		| 'deploymentStatus'
		| 'deploymentFinishedAt'
		| 'errorMessage'
		| 'deletedAt'
		| 'deploymentUrl'
		| 'owner'
		| 'expiresAt'
	> & {coolifyStatus: string | null}
>;

export type ObservedApplication = {
	uuid: string;
	status: string;
	/** The first URL of its `fqdn`. */
	url?: string | null;
	description?: string | null;
};

/** The Coolify deployment (build) the record tracks, as far as this observation knows it. */
export type ObservedDeployment = {
	uuid: string;
	status: string;
	/** ms since epoch. */
	finishedAt?: number | null;
};

export type Observation =
	/** The application exists (in the tagged list, or read by its uuid). */
	| {
		kind: 'present';
		application: ObservedApplication;
		/** The tracked deployment; undefined when nothing new is known about it this time. */
		deployment?: ObservedDeployment;
		/** The tracked deployment's uuid that Coolify never stored (its queue was full). */
		deploymentLost?: boolean;
	}
	/** Coolify's own controller answered "Application not found.": the only proof that it is gone. */
	| {kind: 'not-found'}
	/** Not in a list, or nothing trustworthy was said (a suspect list, a foreign 404): no conclusion. */
	| {kind: 'absent'; listTrusted: boolean};

/** Why a record's application is gone when someone deleted it in Coolify. */
export const goneOutsideMessage = 'the application no longer exists in Coolify (deleted outside coolify-tui)';
/** The reason a deployment made with `--no-start` (or never started) reads as stopped. */
export const notStartedReason = 'not started';
/** How errors of creates that never produced an application begin. */
export const createUnfinishedPrefix = 'the create did not finish: ';

/**
 * How long a create may take before a record without an application is concluded a failed create: the
 * create request's own retries and timeouts (30 s each, a few attempts) fit well within it.
 */
export const createGraceMs = 5 * 60_000;

/** A create is under way (here or in another process): its record has no application yet, and is young. */
export function isCreateInProgress(record: Pick<ReconcilableRecord, 'coolifyApplicationId' | 'status' | 'createdAt' | 'deletedAt' | 'cleanedAt'>, now: number): boolean {
	return !record.coolifyApplicationId && record.status === 'pending' && !record.deletedAt && !record.cleanedAt && now - Date.parse(record.createdAt) < createGraceMs;
}

/** A create that ended without an application: not a deployment of its pipeline. */
export function isUnfinishedCreate(record: Pick<ReconcilableRecord, 'coolifyApplicationId' | 'status' | 'createdAt' | 'deletedAt' | 'cleanedAt'>, now: number): boolean {
	return !record.coolifyApplicationId && !isCreateInProgress(record, now);
}

/** A create that ended without producing an application: not a deployment of its pipeline. */
export function isFailedCreate(record: Pick<ReconcilableRecord, 'coolifyApplicationId' | 'status'>): boolean {
	return !record.coolifyApplicationId && record.status === 'failed';
}

/** Concluded gone on proof (not deleted by us): comes back if its application reappears. */
export function isConcludedGone(record: Pick<ReconcilableRecord, 'deletedAt' | 'cleanedAt' | 'errorMessage'>): boolean {
	return Boolean(record.deletedAt) && !record.cleanedAt && record.errorMessage === goneOutsideMessage;
}

function isInFlight(deploymentStatus: string | null | undefined): boolean {
	return deploymentStatus === 'queued' || deploymentStatus === 'in_progress';
}

const terminalDeploymentStatuses = new Set(['finished', 'failed', 'cancelled-by-user']);

/** The record's next state; an empty patch when nothing changes. Pure: no clock, no I/O. */
export function reconcile(record: ReconcilableRecord, observation: Observation, now: number): ReconcilePatch {
	if (observation.kind === 'not-found') {
		if (record.deletedAt || record.cleanedAt) {
			return {};
		}

		return {status: 'stopped', health: null, deletedAt: new Date(now).toISOString(), errorMessage: goneOutsideMessage};
	}

	if (observation.kind === 'absent') {
		// A list that lacks an application proves nothing; only a create that never produced one ends.
		if (observation.listTrusted && !record.coolifyApplicationId && record.status === 'pending' && !record.deletedAt && !record.cleanedAt && !isCreateInProgress(record, now)) {
			return {status: 'failed', health: null, errorMessage: `${createUnfinishedPrefix}no application with key ${record.key ?? '(none)'} appeared in Coolify`};
		}

		return {};
	}

	if (record.cleanedAt || (record.deletedAt && !isConcludedGone(record))) {
		// Deleted by us: its application may linger until Coolify's queued deletion runs.
		return {};
	}

	const {application} = observation;
	const patch: ReconcilePatch = {};
	if (isConcludedGone(record)) {
		patch.deletedAt = null;
		patch.errorMessage = null;
	}

	if (record.coolifyApplicationId !== application.uuid) {
		// An interrupted create, found again by its key.
		patch.coolifyApplicationId = application.uuid;
		if (record.errorMessage?.startsWith(createUnfinishedPrefix)) {
			patch.errorMessage = null;
		}
	}

	const marker = decodeMarker(application.description);
	if (marker && (!record.key || marker.key === record.key)) {
		// The marker is the shared truth for who owns it and when it expires (extended on any machine).
		patch.owner = marker.owner;
		patch.expiresAt = marker.expiresAt;
	}

	let deploymentStatus = record.deploymentStatus ?? null;
	let finishedAt = record.deploymentFinishedAt ? Date.parse(record.deploymentFinishedAt) : null;
	const {deployment} = observation;
	if (deployment) {
		patch.coolifyDeploymentId = deployment.uuid;
		deploymentStatus = deployment.status;
		if (!isInFlight(deployment.status)) {
			finishedAt = deployment.finishedAt ?? finishedAt ?? now;
		}
	} else if (observation.deploymentLost) {
		deploymentStatus = 'failed';
		finishedAt ??= now;
		patch.errorMessage = 'Coolify did not queue the deployment (its queue may be full): start it again';
	}

	patch.coolifyStatus = application.status;
	if (deploymentStatus && !isInFlight(deploymentStatus) && !terminalDeploymentStatuses.has(deploymentStatus)) {
		patch.coolifyStatus = `${application.status} (deployment ${deploymentStatus})`;
	}

	const verdict = toLifecycleStatus({
		applicationStatus: application.status,
		deploymentStatus,
		deploymentFinishedAt: finishedAt,
		now,
		stoppedByUser: record.stoppedByUser,
	});
	let status = verdict.status;
	let reason = verdict.reason;
	const deploymentUuid = patch.coolifyDeploymentId ?? record.coolifyDeploymentId;
	// A stop is queued by Coolify; until its status catches up, the application still reads as running.
	if (record.stoppedByUser && record.status === 'stopped' && !isInFlight(deploymentStatus)) {
		status = 'stopped';
	} else if (!deploymentUuid && !deploymentStatus && status === 'pending' && isIdle(application.status)) {
		// Never started (`deploy --no-start`): stopped, not pending forever; `start` (or `r`) starts it.
		status = 'stopped';
		reason = notStartedReason;
	}

	Object.assign(patch, {
		deploymentStatus,
		deploymentFinishedAt: finishedAt === null ? null : new Date(finishedAt).toISOString(),
		status,
		health: status === 'running' || status === 'deploying' ? verdict.health : null,
		deploymentUrl: application.url ?? record.deploymentUrl,
	});
	if (status === 'failed') {
		patch.errorMessage ??= record.errorMessage ?? reason ?? null;
	} else if (reason === notStartedReason) {
		patch.errorMessage = notStartedReason;
	} else if (!patch.errorMessage && record.errorMessage && (status !== 'stopped' || record.errorMessage === notStartedReason)) {
		patch.errorMessage = null;
	}

	return patch;
}

function isIdle(applicationStatus: string): boolean {
	const {state} = parseApplicationStatus(applicationStatus);
	return state === 'exited' || state === 'created' || state === '';
}
