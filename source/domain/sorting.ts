import type {LifecycleStatus} from './lifecycle.js';

/** Sorting of the deployments table: by age, status, name or pipeline, either way, named in the table title. */

export const sortKeys = ['age', 'status', 'name', 'pipeline'] as const;

export type SortKey = (typeof sortKeys)[number];

/**
 * `asc` puts the smallest value first: for age the youngest (newest) first, for status the ones that
 * need a look first (failed, then work in flight, then running, then stopped), for names A to Z.
 */
export type SortOrder = {key: SortKey; direction: 'asc' | 'desc'};

/** Today's table order: newest first. */
export const defaultSortOrder: SortOrder = {key: 'age', direction: 'asc'};

/** The fields of a DeploymentRecord (source/store/schema.ts) sorting reads. */
export type SortSubject = {id: number; createdAt: string; status: LifecycleStatus; applicationName: string; pipelineId: string};

const statusRank: Record<LifecycleStatus, number> = {failed: 0, building: 1, deploying: 2, pending: 3, running: 4, stopped: 5};

// Made at the first sort by name: a collator loads ICU's collation data, megabytes the default sort (by
// age) never needs.
let collator: Intl.Collator | undefined;
const compareNames = (a: string, b: string) => (collator ??= new Intl.Collator('en', {numeric: true, sensitivity: 'base'})).compare(a, b);

/** A subject as a sort compares it: its id and its value for the key, worked out once per subject. */
type Keyed = {id: number; value: number | string};

// Per key: the value a subject is sorted by, and how two values compare. A sort of 1,000 records works each
// value out once, not at each comparison (by age that was two date parses per comparison, in every sort).
const byKey: Record<SortKey, {value: (subject: SortSubject) => number | string; compare: (a: Keyed, b: Keyed) => number}> = {
	// Ids only grow, so a larger id is a younger deployment even when two share a createdAt second.
	age: {value: subject => Date.parse(subject.createdAt), compare: (a, b) => (b.value as number) - (a.value as number) || b.id - a.id},
	status: {value: subject => statusRank[subject.status], compare: (a, b) => (a.value as number) - (b.value as number)},
	name: {value: subject => subject.applicationName, compare: (a, b) => compareNames(a.value as string, b.value as string)},
	pipeline: {value: subject => subject.pipelineId, compare: (a, b) => compareNames(a.value as string, b.value as string)},
};

/** Ties go newest first whichever way the key runs. */
function compareKeyed(order: SortOrder): (a: Keyed, b: Keyed) => number {
	const {compare} = byKey[order.key];
	const sign = order.direction === 'asc' ? 1 : -1;
	return (a, b) => sign * compare(a, b) || b.id - a.id;
}

/** A comparator for the order (sortDeployments sorts by it). */
export function compareDeployments(order: SortOrder): (a: SortSubject, b: SortSubject) => number {
	const {value} = byKey[order.key];
	const compare = compareKeyed(order);
	return (a, b) => compare({id: a.id, value: value(a)}, {id: b.id, value: value(b)});
}

/** A sorted copy. */
export function sortDeployments<T extends SortSubject>(records: readonly T[], order: SortOrder): T[] {
	const {value} = byKey[order.key];
	const keyed = records.map((record, index) => ({id: record.id, value: value(record), index}));
	keyed.sort(compareKeyed(order));
	return keyed.map(({index}) => records[index]!);
}

/** The next key (the sort key cycles age -> status -> name -> pipeline), starting ascending. */
export function nextSortKey(order: SortOrder): SortOrder {
	const next = sortKeys[(sortKeys.indexOf(order.key) + 1) % sortKeys.length]!;
	return {key: next, direction: 'asc'};
}

export function reverseSort(order: SortOrder): SortOrder {
	return {...order, direction: order.direction === 'asc' ? 'desc' : 'asc'};
}

/**
 * For the table title: "sorted by age ↓". The arrow points the way time, rank or the alphabet runs down
 * the table: age ↓ is newest at the top.
 */
export function sortLabel(order: SortOrder): string {
	const arrow = order.direction === 'asc' ? '↓' : '↑';
	return `sorted by ${order.key} ${arrow}`;
}

/** Words for help and the footer: "age: newest first". */
export function sortDescription(order: SortOrder): string {
	const ascending = order.direction === 'asc';
	switch (order.key) {
		case 'age': {
			return ascending ? 'newest first' : 'oldest first';
		}

		case 'status': {
			return ascending ? 'failed and busy first' : 'stopped and running first';
		}

		default: {
			return ascending ? 'A to Z' : 'Z to A';
		}
	}
}
