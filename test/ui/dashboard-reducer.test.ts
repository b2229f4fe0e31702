import {describe, expect, it} from 'vitest';
import {dashboardReducer} from '../../source/ui/state/dashboard-reducer.js';
import {createInitialState} from '../../source/ui/state/dashboard-state.js';
import type {DeploymentRecord} from '../../source/domain/records.js';
import {emptyRecordFields} from '../../source/store/schema.js';

const initial = createInitialState({
	readOnly: false,
	pipelines: [],
	baseUrl: 'http://coolify.test',
	cleanup: {enabled: false, maxAgeHours: 24},
	size: {columns: 120, rows: 36},
	now: 1000,
});

describe('the connection action', () => {
	it('keeps the very same state when the patch changes nothing, so an idle poll costs no render', () => {
		const synced = dashboardReducer(initial, {type: 'connection', now: 2000, patch: {health: 'healthy', lastSyncMinute: 60_000}});
		expect(synced.connection).toMatchObject({health: 'healthy', lastSyncMinute: 60_000});
		expect(synced.now).toBe(2000);

		// What the poller reports when a tick starts: the same values again.
		const ticking = dashboardReducer(synced, {type: 'connection', now: 3000, patch: {lastSyncMinute: 60_000, failingSince: null, paused: false, problem: null, nextPollAt: null}});
		expect(ticking).toBe(synced);
	});

	it('takes any changed value, with the clock', () => {
		const synced = dashboardReducer(initial, {type: 'connection', now: 2000, patch: {lastSyncMinute: 60_000}});
		const next = dashboardReducer(synced, {type: 'connection', now: 12_000, patch: {lastSyncMinute: 120_000, nextPollAt: null}});
		expect(next).not.toBe(synced);
		expect(next.connection.lastSyncMinute).toBe(120_000);
		expect(next.now).toBe(12_000);
	});
});

describe('the cleanup preview', () => {
	const items = [{key: 'app-1', label: 'web-test-1 (bob\'s)  expired'}];

	it('opens the confirmation with what Coolify said would go', () => {
		const next = dashboardReducer(initial, {type: 'cleanupPreviewed', items});
		expect(next.mode).toBe('confirm');
		expect(next.confirmation).toEqual({kind: 'cleanup', items});
	});

	it('leaves a view the user opened meanwhile, and says the list was not shown', () => {
		const help = {...initial, mode: 'help' as const};
		const next = dashboardReducer(help, {type: 'cleanupPreviewed', items});
		expect(next.mode).toBe('help');
		expect(next.confirmation).toBeNull();
		expect(next.flash?.text).toMatch(/press c again/);
	});
});

describe('announcing status changes', () => {
	const record = (id: number, fields: Partial<DeploymentRecord>): DeploymentRecord => ({
		...emptyRecordFields(),
		id,
		pipelineId: 'api',
		applicationName: `api-test-${id}`,
		status: 'building',
		createdAt: '2026-12-01T10:00:00.000Z',
		updatedAt: '2026-12-01T10:00:00.000Z',
		statusHistory: [],
		...fields,
	});
	const team = {...initial, owner: 'alice'};
	const before = [record(1, {origin: 'created', owner: 'alice'}), record(2, {origin: 'adopted', owner: 'bob'})];
	const loaded = dashboardReducer(team, {type: 'recordsLoaded', records: before, now: 2000});

	it('says when one of mine starts running', () => {
		const next = dashboardReducer(loaded, {type: 'recordsLoaded', records: [{...before[0]!, status: 'running'}, before[1]!], now: 3000});
		expect(next.flash?.text).toMatch(/^#1 api-test-1 is running/);
	});

	it('keeps quiet about a teammate\'s deployment, shown only in the team view', () => {
		const next = dashboardReducer(loaded, {type: 'recordsLoaded', records: [before[0]!, {...before[1]!, status: 'failed', errorMessage: 'the build failed'}], now: 3000});
		expect(next.flash).toBe(loaded.flash);
		expect(next.messages).toBe(loaded.messages);
	});
});
