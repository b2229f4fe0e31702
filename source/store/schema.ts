import {healthValues, lifecycleStatuses} from '../domain/lifecycle.js';
import type {DeploymentRecord} from '../domain/records.js';

/**
 * The data file's format (schema version 1): types, defaults and the check run on every load and
 * before every write. Older formats are turned into this one by migrate.ts.
 */

/** The schema version this build reads and writes. */
export const currentSchemaVersion = 1;


// The record's shape is the domain's; the store persists it (and its callers may keep importing it here).

/** A record that failed the check on load: kept as it was, beside the reason, until the user fixes or deletes it. */
export type InvalidRecord = {reason: string; record: unknown};

/** The whole data file. */
export type StoreData = {
	schemaVersion: typeof currentSchemaVersion;
	/** The id the next record gets. Only grows, even when records are removed. */
	nextId: number;
	deployments: DeploymentRecord[];
	/** Records set aside on load because they are not valid (a hand edit); the rest of the file loads. */
	invalidRecords?: InvalidRecord[];
};

/** How many status changes a record keeps. */
export const statusHistoryLimit = 50;

/** The optional parts of a record, empty: what a new record starts with and a sparse one is filled with. */
export function emptyRecordFields() {
	return {
		coolifyDeploymentId: null,
		coolifyApplicationId: null,
		health: null,
		dockerImage: null,
		dockerfilePath: null,
		environmentVariables: {},
		portMappings: [],
		deploymentUrl: null,
		buildLogs: null,
		runtimeLogs: null,
		errorMessage: null,
		cleanedAt: null,
		deletedAt: null,
	} satisfies Partial<DeploymentRecord>;
}

export function createDefaultData(): StoreData {
	return {schemaVersion: currentSchemaVersion, nextId: 1, deployments: []};
}

/** The outcome of checking parsed JSON: usable data, or the first reason it is not. `setAside`: how many records this check moved to `invalidRecords`. */
export type CheckResult = {ok: true; data: StoreData; setAside: number} | {ok: false; reason: string};

/**
 * Checks a parsed v1 file and fills fields that are missing but have an obvious empty value, so a
 * record written by a build that knew fewer optional fields still loads. Returns a new object.
 * Records in `checked` (the frozen records of an earlier check) are taken as they are.
 */
export function checkStoreData(value: unknown, checked: ReadonlySet<unknown> = new Set(), options: {setAsideInvalid?: boolean} = {}): CheckResult {
	if (!isPlainObject(value)) {
		return fail(`expected an object, found ${describeType(value)}`);
	}

	if (value['schemaVersion'] !== currentSchemaVersion) {
		return fail(`schemaVersion is ${shown(value['schemaVersion'])}, expected ${currentSchemaVersion}`);
	}

	const {nextId, deployments} = value;
	if (!isPositiveInteger(nextId)) {
		return fail(`nextId is ${shown(nextId)}, expected a positive integer`);
	}

	if (!Array.isArray(deployments)) {
		return fail(`deployments is ${describeType(deployments)}, expected an array`);
	}

	const earlier = value['invalidRecords'];
	if (earlier !== undefined && !(Array.isArray(earlier) && earlier.every(item => isPlainObject(item) && typeof item['reason'] === 'string'))) {
		return fail('invalidRecords must be an array of {reason, record}');
	}

	const invalid: InvalidRecord[] = [...((earlier as InvalidRecord[] | undefined) ?? [])];
	const records: DeploymentRecord[] = [];
	const seenIds = new Set<number>();
	for (const [index, item] of deployments.entries()) {
		const record = checked.has(item) ? (item as DeploymentRecord) : checkRecord(item);
		const problem = typeof record === 'string' ? record : seenIds.has(record.id) ? `id ${record.id} is used twice` : undefined;
		if (problem !== undefined) {
			if (!options.setAsideInvalid) {
				return fail(`deployments[${index}]: ${problem}`);
			}

			const id = isPlainObject(item) ? item['id'] : undefined;
			invalid.push({reason: `deployments[${index}]${isPositiveInteger(id) ? ` (id ${id})` : ''}: ${problem}`, record: item});
			continue;
		}

		seenIds.add((record as DeploymentRecord).id);
		records.push(record as DeploymentRecord);
	}

	// A hand-edited nextId at or below an existing id would hand that id out again; set-aside records keep theirs too.
	const asideIds = invalid.map(entry => (isPlainObject(entry.record) && isPositiveInteger(entry.record['id']) ? entry.record['id'] : 0));
	const highestId = Math.max(0, ...seenIds, ...asideIds);
	const data: StoreData = {...value, schemaVersion: currentSchemaVersion, nextId: Math.max(nextId, highestId + 1), deployments: records};
	if (invalid.length > 0) {
		data.invalidRecords = invalid;
	}

	return {ok: true, data, setAside: invalid.length - ((earlier as unknown[] | undefined)?.length ?? 0)};
}

// ISO 8601 date and time as toISOString() writes it (other offsets and precisions accepted).
const isoDateTime = /^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-][0-2]\d:?[0-5]\d)$/;

// A record's dates are often one and the same (created, updated, its first status change).
let lastIsoDateTime: string | undefined;

/** Whether `value` is an ISO 8601 date and time of a real day. */
export function isIsoDateTime(value: unknown): value is string {
	if (value === lastIsoDateTime) {
		return true;
	}

	const isValid = typeof value === 'string' && isoDateTime.test(value) && !Number.isNaN(Date.parse(value));
	if (isValid) {
		lastIsoDateTime = value;
	}

	return isValid;
}

const dateExample = 'an ISO 8601 date and time such as 2026-01-02T03:04:05.000Z';

/** Returns the record with defaults filled in, or why it is not a record. */
function checkRecord(value: unknown): DeploymentRecord | string {
	if (!isPlainObject(value)) {
		return `expected an object, found ${describeType(value)}`;
	}

	if (!isPositiveInteger(value['id'])) {
		return `id is ${shown(value['id'])}, expected a positive integer`;
	}

	for (let index = 0; index < requiredStringKeys.length; index++) {
		const key = requiredStringKeys[index]!;
		if (typeof value[key] !== 'string') {
			return `${key} is ${describeType(value[key])}, expected a string`;
		}
	}

	if (!isOneOf(lifecycleStatuses, value['status'])) {
		return `status is ${shown(value['status'])}, expected one of ${lifecycleStatuses.join(', ')}`;
	}

	for (let index = 0; index < requiredDateKeys.length; index++) {
		const key = requiredDateKeys[index]!;
		if (!isIsoDateTime(value[key])) {
			return `${key} is ${shown(value[key])}, expected ${dateExample}`;
		}
	}

	// Spreading every record into a new object was most of the cost of loading 1,000 of them.
	const isComplete = Object.hasOwn(value, 'statusHistory') && hasEveryKey(value, recordFieldsWithDefaults);
	const record = (
		isComplete ? value : {...emptyRecordFields(), statusHistory: [{status: value['status'], at: value['createdAt']}], ...value}
	) as DeploymentRecord;
	return checkRecordFields(record) ?? record;
}

const recordFieldsWithDefaults = Object.keys(emptyRecordFields());
const requiredStringKeys = ['pipelineId', 'applicationName', 'createdAt', 'updatedAt'] as const;
const requiredDateKeys = ['createdAt', 'updatedAt'] as const;
const optionalDateKeys = ['cleanedAt', 'deletedAt', 'deploymentFinishedAt', 'expiresAt'] as const;
const logKeys = ['buildLogs', 'runtimeLogs'] as const;

const nullableStringKeys = [
	'coolifyDeploymentId',
	'coolifyApplicationId',
	'dockerImage',
	'dockerfilePath',
	'deploymentUrl',
	'errorMessage',
	'cleanedAt',
	'deletedAt',
] as const;

const optionalStringKeys = ['coolifyStatus', 'deploymentStatus', 'deploymentFinishedAt', 'key', 'owner', 'expiresAt'] as const;

// Every record of the file is checked before the dashboard's first frame, in V8's interpreter (the dashboard
// runs without its optimising compiler): loops over index and no callbacks, which took a third off the check.
function checkRecordFields(record: DeploymentRecord): string | undefined {
	for (let index = 0; index < nullableStringKeys.length; index++) {
		const key = nullableStringKeys[index]!;
		if (record[key] !== null && typeof record[key] !== 'string') {
			return `${key} is ${describeType(record[key])}, expected a string or null`;
		}
	}

	if (record.health !== null && !isOneOf(healthValues, record.health)) {
		return `health is ${shown(record.health)}, expected one of ${healthValues.join(', ')} or null`;
	}

	const environment: unknown = record.environmentVariables;
	if (!isPlainObject(environment) || !hasOnlyStringValues(environment)) {
		return 'environmentVariables must be an object of strings';
	}

	const ports: unknown = record.portMappings;
	if (!Array.isArray(ports) || !isEvery(ports, isPortMapping)) {
		return 'portMappings must be an array of {containerPort, hostPort?} with ports from 1 to 65535';
	}

	for (let index = 0; index < optionalDateKeys.length; index++) {
		const key = optionalDateKeys[index]!;
		const date = record[key];
		if (date !== undefined && date !== null && !isIsoDateTime(date)) {
			return `${key} is ${shown(date)}, expected null or ${dateExample}`;
		}
	}

	for (let index = 0; index < logKeys.length; index++) {
		const key = logKeys[index]!;
		if (record[key] !== null && !isCachedLogs(record[key])) {
			return `${key} must be null or {text, fetchedAt (${dateExample}), truncated}`;
		}
	}

	const history: unknown = record.statusHistory;
	if (!Array.isArray(history) || !isEvery(history, isStatusChange)) {
		return `statusHistory must be an array of {status, at (${dateExample})}`;
	}

	if (record.stoppedByUser !== undefined && typeof record.stoppedByUser !== 'boolean') {
		return `stoppedByUser is ${describeType(record.stoppedByUser)}, expected a boolean`;
	}

	for (let index = 0; index < optionalStringKeys.length; index++) {
		const key = optionalStringKeys[index]!;
		if (record[key] !== undefined && record[key] !== null && typeof record[key] !== 'string') {
			return `${key} is ${describeType(record[key])}, expected a string or null`;
		}
	}

	if (record.origin !== undefined && record.origin !== 'created' && record.origin !== 'adopted') {
		return `origin is ${shown(record.origin)}, expected "created" or "adopted"`;
	}

	return undefined;
}

function hasEveryKey(value: Record<string, unknown>, keys: readonly string[]): boolean {
	for (let index = 0; index < keys.length; index++) {
		if (!Object.hasOwn(value, keys[index]!)) {
			return false;
		}
	}

	return true;
}

function hasOnlyStringValues(value: Record<string, unknown>): boolean {
	for (const key in value) {
		if (typeof value[key] !== 'string') {
			return false;
		}
	}

	return true;
}

function isEvery(items: readonly unknown[], test: (item: unknown) => boolean): boolean {
	for (let index = 0; index < items.length; index++) {
		if (!test(items[index])) {
			return false;
		}
	}

	return true;
}

function isPortMapping(value: unknown): boolean {
	return (
		isPlainObject(value) &&
		isPort(value['containerPort']) &&
		(value['hostPort'] === undefined || isPort(value['hostPort']))
	);
}

function isCachedLogs(value: unknown): boolean {
	return (
		isPlainObject(value) &&
		typeof value['text'] === 'string' &&
		isIsoDateTime(value['fetchedAt']) &&
		typeof value['truncated'] === 'boolean'
	);
}

function isStatusChange(value: unknown): boolean {
	return isPlainObject(value) && isOneOf(lifecycleStatuses, value['status']) && isIsoDateTime(value['at']);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPositiveInteger(value: unknown): value is number {
	return Number.isSafeInteger(value) && (value as number) > 0;
}

export function isPort(value: unknown): value is number {
	return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65_535;
}

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
	return typeof value === 'string' && (values as readonly string[]).includes(value);
}

export function describeType(value: unknown): string {
	if (value === null) {
		return 'null';
	}

	if (value === undefined) {
		return 'missing';
	}

	if (Array.isArray(value)) {
		return 'an array';
	}

	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function fail(reason: string): CheckResult {
	return {ok: false, reason};
}

/** A value as the file has it, for a message: JSON, except numbers JSON cannot write (`1e400` reads as Infinity). */
export function shown(value: unknown): string {
	return typeof value === 'number' && !Number.isFinite(value) ? String(value) : String(JSON.stringify(value));
}
