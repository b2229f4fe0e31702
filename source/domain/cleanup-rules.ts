import type {DeploymentRecord} from './records.js';
import {hoursToMs, isExpired} from './ttl.js';

/** Whether a local record has expired: its expiry, or for records without one, its age against `maxAgeHours`. */
export function isRecordExpired(record: Pick<DeploymentRecord, 'expiresAt' | 'createdAt'>, maxAgeHours: number, now: number): boolean {
	if (record.expiresAt) {
		return isExpired(record.expiresAt, now);
	}

	return Date.parse(record.createdAt) <= now - hoursToMs(maxAgeHours);
}
