import {describe, expect, it} from 'vitest';
import {countByPipeline, filterRecords, isHiddenRecord, newestFirst, type DeploymentRecord} from '../../source/domain/records.js';
import {emptyRecordFields} from '../../source/store/schema.js';

function record(id: number, fields: Partial<DeploymentRecord> = {}): DeploymentRecord {
	return {
		...emptyRecordFields(),
		id,
		pipelineId: 'web',
		applicationName: `web-test-${id}`,
		status: 'running',
		createdAt: '2026-12-01T10:00:00.000Z',
		updatedAt: '2026-12-01T10:00:00.000Z',
		statusHistory: [],
		...fields,
	};
}

const records = [
	record(1, {deploymentUrl: 'https://one.example.test'}),
	record(2, {pipelineId: 'api', applicationName: 'api-test-2', status: 'failed', coolifyApplicationId: 'app-2'}),
	record(10, {coolifyApplicationId: 'app-uuid-10'}),
	record(11, {deletedAt: '2026-12-01T11:00:00.000Z'}),
	record(12, {pipelineId: 'api', applicationName: 'api-test-12', cleanedAt: '2026-12-01T11:00:00.000Z'}),
];
const ids = (list: DeploymentRecord[]) => list.map(entry => entry.id);

describe('the one text filter (dashboard "/" and `list`)', () => {
	it('matches a local id whole, with or without #, not every id that contains the digit', () => {
		expect(ids(filterRecords(records, {text: '1', pipelineId: 'api'}))).toEqual([]);
		expect(ids(filterRecords(records, {text: '#10'}))).toEqual([10]);
	});

	it('matches part of the name, pipeline, status, URL or uuid, ignoring case', () => {
		expect(ids(filterRecords(records, {text: 'API'}))).toEqual([2]);
		expect(ids(filterRecords(records, {text: 'fail'}))).toEqual([2]);
		expect(ids(filterRecords(records, {text: 'one.example'}))).toEqual([1]);
		expect(ids(filterRecords(records, {text: 'app-uuid'}))).toEqual([10]);
	});

	it('hides deleted and cleaned-up records unless asked, and treats blank text as no filter', () => {
		expect(ids(filterRecords(records, {text: '  '}))).toEqual([1, 2, 10]);
		expect(ids(filterRecords(records, {includeHidden: true}))).toEqual([1, 2, 10, 11, 12]);
		expect(isHiddenRecord(records[3]!)).toBe(true);
	});

	it('gives a view its rows newest first, and counts shown records per pipeline', () => {
		expect(ids(newestFirst(records, {pipelineId: 'web'}))).toEqual([10, 1]);
		expect([...countByPipeline(records)]).toEqual([['web', 2], ['api', 1]]);
	});

	it('counts per pipeline in the scope of the table: "mine" leaves a teammate\'s out', () => {
		const withTeammate = [...records, record(13, {pipelineId: 'api', owner: 'bob@laptop', origin: 'adopted'})];
		expect([...countByPipeline(withTeammate)]).toEqual([['web', 2], ['api', 2]]);
		expect([...countByPipeline(withTeammate, {mineOf: records[0]!.owner ?? 'me'})]).toEqual([['web', 2], ['api', 1]]);
	});
});
