import {boundCachedLogs} from './log-bounds.js';
import {emptyRecordFields, statusHistoryLimit, type StoreData} from './schema.js';
import type {DeploymentRecord} from '../domain/records.js';
import {isDeepStrictEqual} from './deep-equal.js';

/** Fields the store sets itself; neither a new record nor a patch may carry them. */
type StoreManagedField = 'id' | 'createdAt' | 'updatedAt' | 'statusHistory';

/** What `createRecord` needs: a pipeline and a name; everything else has an empty default. */
export type NewDeploymentRecord = Pick<DeploymentRecord, 'pipelineId' | 'applicationName'> &
	Partial<Omit<DeploymentRecord, StoreManagedField | 'pipelineId' | 'applicationName'>>;

/** Fields to change on a record. An `undefined` value leaves the field as it is. */
export type DeploymentPatch = Partial<Omit<DeploymentRecord, StoreManagedField>>;

const managedFields = new Set<string>(['id', 'createdAt', 'updatedAt', 'statusHistory']);

/** Adds a record with the next id to `data` and returns it. */
export function addRecord(data: StoreData, input: NewDeploymentRecord, now: string): DeploymentRecord {
	const status = input.status ?? 'pending';
	const record: DeploymentRecord = {
		...emptyRecordFields(),
		id: data.nextId,
		pipelineId: input.pipelineId,
		status,
		applicationName: input.applicationName,
		createdAt: now,
		updatedAt: now,
		statusHistory: [{status, at: now}],
	};
	applyPatch(record, withoutManagedFields(input), now);
	// applyPatch moved updatedAt only if the input differed from the defaults; a new record is new.
	record.updatedAt = now;
	data.nextId += 1;
	data.deployments.push(record);
	return record;
}

/**
 * Replaces record `id` of `data` with a copy that `edit` changed, and returns the copy (undefined
 * when there is no such record). The records `DeploymentStore.update` hands out are frozen: this is
 * how one of them changes.
 */
export function editRecord(data: StoreData, id: number, edit: (record: DeploymentRecord) => void): DeploymentRecord | undefined {
	const index = data.deployments.findIndex(record => record.id === id);
	if (index === -1) {
		return undefined;
	}

	const copy = structuredClone(data.deployments[index]!);
	edit(copy);
	data.deployments[index] = copy;
	return copy;
}

/** Whether `applyPatch` would change `record`; the record is left as it is. */
export function patchChangesRecord(record: DeploymentRecord, patch: DeploymentPatch): boolean {
	const current = record as Record<string, unknown>;
	return (Object.entries(patch) as Array<[string, unknown]>).some(([key, rawValue]) => {
		if (rawValue === undefined || managedFields.has(key)) {
			return false;
		}

		const value = (key === 'buildLogs' || key === 'runtimeLogs') && rawValue !== null ? boundCachedLogs(rawValue as never) : rawValue;
		return !isDeepStrictEqual(current[key], value);
	});
}

/**
 * Applies `patch` to `record` in place: bounds logs, appends to the status history when the status
 * changes, and moves `updatedAt` only when something really changed. Returns whether it did.
 */
export function applyPatch(record: DeploymentRecord, patch: DeploymentPatch, now: string): boolean {
	const target = record as Record<string, unknown>;
	let isChanged = false;
	for (const [key, rawValue] of Object.entries(patch) as Array<[string, unknown]>) {
		if (rawValue === undefined || managedFields.has(key)) {
			continue;
		}

		const value = (key === 'buildLogs' || key === 'runtimeLogs') && rawValue !== null ? boundCachedLogs(rawValue as never) : rawValue;
		if (!isDeepStrictEqual(target[key], value)) {
			target[key] = structuredClone(value);
			isChanged = true;
		}
	}

	if (!isChanged) {
		return false;
	}

	const lastStatus = record.statusHistory.at(-1)?.status;
	if (record.status !== lastStatus) {
		record.statusHistory.push({status: record.status, at: now});
		if (record.statusHistory.length > statusHistoryLimit) {
			record.statusHistory.splice(0, record.statusHistory.length - statusHistoryLimit);
		}
	}

	record.updatedAt = now;
	return true;
}

/**
 * A record by local id (a string of digits) or, otherwise, by Coolify application uuid, then
 * deployment uuid. Hidden records count; when several share a uuid the newest wins.
 */
export function findRecordIn(records: readonly DeploymentRecord[], query: string): DeploymentRecord | undefined {
	const wanted = query.trim();
	if (/^\d+$/.test(wanted)) {
		const id = Number(wanted);
		return records.find(record => record.id === id);
	}

	if (wanted === '') {
		return undefined;
	}

	const newestFirst = [...records].sort((a, b) => b.id - a.id);
	return (
		newestFirst.find(record => record.coolifyApplicationId === wanted) ??
		newestFirst.find(record => record.coolifyDeploymentId === wanted)
	);
}

function withoutManagedFields(input: NewDeploymentRecord): DeploymentPatch {
	const patch: Record<string, unknown> = {...input};
	for (const field of managedFields) {
		delete patch[field];
	}

	return patch as DeploymentPatch;
}
