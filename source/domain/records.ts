import {isFailedCreate} from './reconcile.js';
/**
 * A test deployment as coolify-tui remembers it, and the pure rules over lists of them: which are
 * hidden, which match a filter, which a view shows. The store persists these records; the dashboard
 * and the commands read them through the same rules.
 */
import type {Health, LifecycleStatus} from './lifecycle.js';

/** Logs kept in the data file so they show without a request; bounded by `boundLogText`. */
export type CachedLogs = {
	text: string;
	fetchedAt: string;
	/** True when older lines were dropped, here or by the server. */
	truncated: boolean;
};

/** One entry of a record's status history. */
export type StatusChange = {status: LifecycleStatus; at: string};

/** A port the application exposes, and the host port mapped to it when there is one. */
export type PortMapping = {containerPort: number; hostPort?: number};

/** One test deployment, as coolify-tui remembers it. Timestamps are ISO 8601 strings. */
export type DeploymentRecord = {
	/** Local id, assigned from `nextId`; never reused. */
	id: number;
	pipelineId: string;
	coolifyDeploymentId: string | null;
	coolifyApplicationId: string | null;
	status: LifecycleStatus;
	health: Health | null;
	applicationName: string;
	dockerImage: string | null;
	dockerfilePath: string | null;
	/** Secret values are already masked as '***' by the caller. */
	environmentVariables: Record<string, string>;
	portMappings: PortMapping[];
	deploymentUrl: string | null;
	buildLogs: CachedLogs | null;
	runtimeLogs: CachedLogs | null;
	errorMessage: string | null;
	createdAt: string;
	updatedAt: string;
	cleanedAt: string | null;
	deletedAt: string | null;
	/** Appended when the status changes; the last `statusHistoryLimit` entries are kept. */
	statusHistory: StatusChange[];
	/** Set when the user asked for a stop, so an exited application is 'stopped', not 'failed'. */
	stoppedByUser?: boolean;
	/** The last raw application status seen, to show statuses coolify-tui does not know. */
	coolifyStatus?: string | null;
	/** The last status of the Coolify deployment (`queued`, `in_progress`, `finished`, ...) seen. */
	deploymentStatus?: string | null;
	/** When that Coolify deployment finished, if it has. */
	deploymentFinishedAt?: string | null;
	/**
	 * The key unique across machines (source/domain/identity.ts), also in the application's name and in the
	 * marker of its description; absent only on records written before keys existed (migrated once).
	 */
	key?: string | null;
	/** Whose deployment it is (source/domain/owner.ts), in the marker-safe form. */
	owner?: string | null;
	/** When it expires (ISO 8601), as the marker in Coolify says; null when it never does. */
	expiresAt?: string | null;
	/** `created` here, or `adopted` from Coolify (made by another machine, or an earlier data file). */
	origin?: 'created' | 'adopted';
};

/** Which records a list shows. */
export type RecordFilter = {
	pipelineId?: string;
	status?: LifecycleStatus | readonly LifecycleStatus[];
	/**
	 * Case-insensitive part of the name, pipeline, status, URL or Coolify uuids, or the whole local id
	 * ("12" or "#12"; typing 1 must not match every tenth record).
	 */
	text?: string;
	/** Also return deleted and cleaned-up records. @default false */
	includeHidden?: boolean;
	/** Only mine (see `isMine`), for this owner; undefined: everyone's (the team view). */
	mineOf?: string;
};

/** Mine: made here, or owned by `owner`; records from before owners existed count as mine. */
export function isMine(record: Pick<DeploymentRecord, 'owner' | 'origin'>, owner: string): boolean {
	return !record.owner || record.origin === 'created' || record.owner === owner;
}

/** Deleted and cleaned-up records are hidden from the default lists. */
export function isHiddenRecord(record: DeploymentRecord): boolean {
	return Boolean(record.deletedAt || record.cleanedAt);
}

/** The records that match `filter`, in the order given. */
export function filterRecords(records: readonly DeploymentRecord[], filter: RecordFilter = {}): DeploymentRecord[] {
	const statuses = filter.status === undefined ? undefined : new Set<string>([filter.status].flat());
	const text = filter.text?.trim().toLowerCase();
	return records.filter(
		record =>
			(filter.includeHidden === true || !isHiddenRecord(record)) &&
			(filter.pipelineId === undefined || record.pipelineId === filter.pipelineId) &&
			(statuses === undefined || statuses.has(record.status)) &&
			(filter.mineOf === undefined || isMine(record, filter.mineOf)) &&
			(text === undefined || text === '' || matchesText(record, text)),
	);
}

/** The rows of a deployments view: shown records matching the filter, newest first. */
export function newestFirst(records: readonly DeploymentRecord[], filter: RecordFilter = {}): DeploymentRecord[] {
	return filterRecords(records, filter).sort((a, b) => b.id - a.id);
}

/** Shown records per pipeline; with `mineOf`, only that owner's (the dashboard's "mine" view). */
export function countByPipeline(records: readonly DeploymentRecord[], filter: Pick<RecordFilter, 'mineOf'> = {}): Map<string, number> {
	const counts = new Map<string, number>();
	for (const record of records) {
		// A create that never produced an application is not a deployment of its pipeline.
		if (!isHiddenRecord(record) && !isFailedCreate(record) && (filter.mineOf === undefined || isMine(record, filter.mineOf))) {
			counts.set(record.pipelineId, (counts.get(record.pipelineId) ?? 0) + 1);
		}
	}

	return counts;
}

function matchesText(record: DeploymentRecord, text: string): boolean {
	if (text.replace(/^#/, '') === String(record.id)) {
		return true;
	}

	return [
		record.applicationName,
		record.pipelineId,
		record.status,
		record.deploymentUrl,
		record.coolifyApplicationId,
		record.coolifyDeploymentId,
	].some(field => field?.toLowerCase().includes(text));
}
