import {describe, expect, it} from 'vitest';
import {
	compareDeployments,
	defaultSortOrder,
	nextSortKey,
	reverseSort,
	sortDeployments,
	sortDescription,
	sortLabel,
	type SortOrder,
	type SortSubject,
} from '../../source/domain/sorting.js';
import type {DeploymentRecord} from '../../source/domain/records.js';

const records: SortSubject[] = [
	{id: 1, createdAt: '2026-12-01T10:00:00Z', status: 'running', applicationName: 'web-test-1', pipelineId: 'web'},
	{id: 2, createdAt: '2026-12-01T11:00:00Z', status: 'failed', applicationName: 'api-test-2', pipelineId: 'api'},
	{id: 10, createdAt: '2026-12-01T12:00:00Z', status: 'building', applicationName: 'web-test-10', pipelineId: 'web'},
	{id: 11, createdAt: '2026-12-01T12:00:00Z', status: 'stopped', applicationName: 'Api-test-11', pipelineId: 'api'},
	{id: 12, createdAt: '2026-12-01T09:00:00Z', status: 'pending', applicationName: 'db-test-12', pipelineId: 'db'},
];

describe('sortDeployments', () => {
	it.each<[SortOrder, number[]]>([
		[{key: 'age', direction: 'asc'}, [11, 10, 2, 1, 12]],
		[{key: 'age', direction: 'desc'}, [12, 1, 2, 10, 11]],
		[{key: 'status', direction: 'asc'}, [2, 10, 12, 1, 11]],
		[{key: 'status', direction: 'desc'}, [11, 1, 12, 10, 2]],
		[{key: 'name', direction: 'asc'}, [2, 11, 12, 1, 10]],
		[{key: 'name', direction: 'desc'}, [10, 1, 12, 11, 2]],
		[{key: 'pipeline', direction: 'asc'}, [11, 2, 12, 10, 1]],
		[{key: 'pipeline', direction: 'desc'}, [10, 1, 12, 11, 2]],
	])('%j', (order, ids) => {
		expect(sortDeployments(records, order).map(record => record.id)).toEqual(ids);
	});

	it('names with numbers sort as people read them (test-2 before test-10)', () => {
		const sorted = sortDeployments(records.filter(record => record.pipelineId === 'web'), {key: 'name', direction: 'asc'});
		expect(sorted.map(record => record.applicationName)).toEqual(['web-test-1', 'web-test-10']);
	});

	it('by age, gives the order of compareDeployments, with shared seconds and shuffled input', () => {
		const many: SortSubject[] = Array.from({length: 200}, (_, index) => ({
			id: index + 1,
			// Every third one shares its second with another.
			createdAt: new Date(Date.UTC(2026, 11, 1) + Math.floor((index * 7919) % 150) * 1000).toISOString(),
			status: 'running',
			applicationName: `web-test-${index + 1}`,
			pipelineId: 'web',
		}));
		const shuffled = [...many].sort((a, b) => ((a.id * 31) % 97) - ((b.id * 31) % 97));
		for (const direction of ['asc', 'desc'] as const) {
			const order: SortOrder = {key: 'age', direction};
			const expected = [...shuffled].sort(compareDeployments(order)).map(record => record.id);
			expect(sortDeployments(shuffled, order).map(record => record.id)).toEqual(expected);
		}
	});

	it('leaves its input alone and takes deployment records', () => {
		const copy = [...records];
		sortDeployments(records as unknown as DeploymentRecord[], defaultSortOrder);
		expect(records).toEqual(copy);
	});
});

describe('sort labels', () => {
	it.each<[SortOrder, string, string]>([
		[{key: 'age', direction: 'asc'}, 'sorted by age ↓', 'newest first'],
		[{key: 'age', direction: 'desc'}, 'sorted by age ↑', 'oldest first'],
		[{key: 'status', direction: 'asc'}, 'sorted by status ↓', 'failed and busy first'],
		[{key: 'name', direction: 'desc'}, 'sorted by name ↑', 'Z to A'],
	])('%j', (order, label, description) => {
		expect(sortLabel(order)).toBe(label);
		expect(sortDescription(order)).toBe(description);
	});

	it('cycles keys and reverses direction', () => {
		expect(nextSortKey(defaultSortOrder)).toEqual({key: 'status', direction: 'asc'});
		expect(nextSortKey({key: 'pipeline', direction: 'desc'})).toEqual({key: 'age', direction: 'asc'});
		expect(reverseSort(defaultSortOrder)).toEqual({key: 'age', direction: 'desc'});
	});
});
