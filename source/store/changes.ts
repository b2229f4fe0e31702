import {checkStoreData, type StoreData} from './schema.js';
import {isDeepStrictEqual} from './deep-equal.js';

/**
 * Whether `after` (what an update's mutate left) differs from `before` (the frozen snapshot it
 * started from). Records the update did not replace are the snapshot's own objects, so only the
 * replaced ones are compared field by field.
 */
export function hasChanged(before: StoreData, after: StoreData): boolean {
	if (after.deployments.length !== before.deployments.length) {
		return true;
	}

	const changedRecord = after.deployments.some(
		(record, index) => record !== before.deployments[index] && !isDeepStrictEqual(record, before.deployments[index]),
	);
	return changedRecord || !isDeepStrictEqual({...after, deployments: []}, {...before, deployments: []});
}

/**
 * Checks what an update left before it replaces the file (a bug in a caller must not leave a file
 * that no later run can load): every record it added or replaced, the ids, and a nextId that only
 * grows. Returns the data to write; throws a TypeError that names the problem.
 */
export function checkChanges(before: StoreData, after: StoreData, filePath: string): StoreData {
	const checked = checkStoreData(after, new Set(before.deployments));
	if (!checked.ok) {
		throw new TypeError(`refusing to write invalid data to ${filePath}: ${checked.reason}`);
	}

	if (checked.data.nextId < before.nextId) {
		throw new TypeError(`refusing to lower nextId of ${filePath} from ${before.nextId} to ${checked.data.nextId}`);
	}

	return checked.data;
}
