import {isHiddenRecord, type DeploymentRecord} from './records.js';
import {isCreateInProgress} from './reconcile.js';

/**
 * Records old enough to clean: not cleaned or deleted yet, created more than `maxAgeHours` ago, and not
 * being created right now (its application may appear a moment later).
 */
export function cleanupCandidates(records: readonly DeploymentRecord[], maxAgeHours: number, now: number): DeploymentRecord[] {
	const cutoff = now - maxAgeHours * 3_600_000;
	return records.filter(record => !isHiddenRecord(record) && Date.parse(record.createdAt) <= cutoff && !isCreateInProgress(record, now));
}
