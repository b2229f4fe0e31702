import {isHiddenRecord, type DeploymentRecord} from './records.js';
import {isCreateInProgress} from './reconcile.js';
import {hoursToMs, isExpired} from './ttl.js';

/** Whether a local record has expired: its expiry, or for records without one, its age against `maxAgeHours`. */
export function isRecordExpired(record: Pick<DeploymentRecord, 'expiresAt' | 'createdAt'>, maxAgeHours: number, now: number): boolean {
	if (record.expiresAt) {
		return isExpired(record.expiresAt, now);
	}

	return Date.parse(record.createdAt) <= now - hoursToMs(maxAgeHours);
}

/**
 * Local records the next cleanup would remove (what the dashboard's confirmation lists): not cleaned or
 * deleted yet, expired, and not being created right now (its application may appear a moment later).
 */
export function cleanupCandidates(records: readonly DeploymentRecord[], maxAgeHours: number, now: number): DeploymentRecord[] {
	return records.filter(record => !isHiddenRecord(record) && isRecordExpired(record, maxAgeHours, now) && !isCreateInProgress(record, now));
}
