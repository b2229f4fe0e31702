import {describe, expect, it} from 'vitest';
import {encodeMarker} from '../../source/domain/marker.js';
import {
	createGraceMs,
	goneOutsideMessage,
	isCreateInProgress,
	isUnfinishedCreate,
	notStartedReason,
	reconcile,
	type Observation,
	type ReconcilableRecord,
	type ReconcilePatch,
} from '../../source/domain/reconcile.js';

const now = Date.parse('2026-12-02T12:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(now - minutes * 60_000).toISOString();

function record(fields: Partial<ReconcilableRecord> = {}): ReconcilableRecord {
	return {
		status: 'running',
		health: 'healthy',
		coolifyApplicationId: 'app-1',
		coolifyDeploymentId: 'dep-1',
		deploymentStatus: 'finished',
		deploymentFinishedAt: minutesAgo(10),
		stoppedByUser: false,
		errorMessage: null,
		deletedAt: null,
		cleanedAt: null,
		deploymentUrl: 'http://app-1.example',
		createdAt: minutesAgo(20),
		key: 'abc123',
		owner: 'alice',
		expiresAt: '2026-12-03T12:00:00.000Z',
		...fields,
	};
}

const app = (status: string, extra: Partial<{uuid: string; description: string | null; url: string | null}> = {}): Observation => ({
	kind: 'present',
	application: {uuid: 'app-1', status, url: 'http://app-1.example', description: null, ...extra},
});

type Row = [label: string, record: ReconcilableRecord, observation: Observation, expected: ReconcilePatch | 'unchanged'];

const rows: Row[] = [
	// Proof and the lack of it.
	['a trusted list that lacks the application concludes nothing', record(), {kind: 'absent', listTrusted: true}, 'unchanged'],
	['a suspect list concludes nothing', record(), {kind: 'absent', listTrusted: false}, 'unchanged'],
	['"Application not found." from Coolify is proof: deleted outside', record(), {kind: 'not-found'}, {status: 'stopped', health: null, deletedAt: new Date(now).toISOString(), errorMessage: goneOutsideMessage}],
	['proof about a record deleted by us changes nothing', record({deletedAt: minutesAgo(1), status: 'stopped'}), {kind: 'not-found'}, 'unchanged'],
	['proof about a cleaned record changes nothing', record({cleanedAt: minutesAgo(1), status: 'stopped'}), {kind: 'not-found'}, 'unchanged'],
	// Coming back.
	[
		'a record concluded gone comes back when its application reappears',
		record({status: 'stopped', health: null, deletedAt: minutesAgo(5), errorMessage: goneOutsideMessage}),
		app('running:healthy'),
		{deletedAt: null, errorMessage: null, status: 'running', health: 'healthy'},
	],
	['a record we deleted stays deleted while Coolify\'s queued deletion runs', record({status: 'stopped', deletedAt: minutesAgo(1), stoppedByUser: true}), app('running:healthy'), 'unchanged'],
	['a cleaned record stays cleaned', record({status: 'stopped', cleanedAt: minutesAgo(1)}), app('running:healthy'), 'unchanged'],
	// Creates.
	['a young record without an application is a create in progress', record({coolifyApplicationId: null, status: 'pending', createdAt: minutesAgo(1)}), {kind: 'absent', listTrusted: true}, 'unchanged'],
	[
		'an old record without an application is a create that did not finish',
		record({coolifyApplicationId: null, status: 'pending', createdAt: minutesAgo(10)}),
		{kind: 'absent', listTrusted: true},
		{status: 'failed', health: null, errorMessage: 'the create did not finish: no application with key abc123 appeared in Coolify'},
	],
	['a suspect list does not end a create', record({coolifyApplicationId: null, status: 'pending', createdAt: minutesAgo(10)}), {kind: 'absent', listTrusted: false}, 'unchanged'],
	[
		'an interrupted create is found again by its key',
		record({coolifyApplicationId: null, coolifyDeploymentId: null, deploymentStatus: null, deploymentFinishedAt: null, status: 'failed', errorMessage: 'the create did not finish: interrupted'}),
		app('exited'),
		{coolifyApplicationId: 'app-1', errorMessage: notStartedReason, status: 'stopped', health: null},
	],
	// Statuses.
	['never started (--no-start) reads as stopped, "not started"', record({coolifyDeploymentId: null, deploymentStatus: null, deploymentFinishedAt: null, status: 'pending'}), app('exited'), {status: 'stopped', health: null, errorMessage: notStartedReason}],
	['a build in progress', record({status: 'pending', deploymentStatus: 'queued'}), {...app('exited'), deployment: {uuid: 'dep-1', status: 'in_progress'}} as Observation, {status: 'building', health: null, deploymentStatus: 'in_progress'}],
	['a failed build', record({status: 'building', deploymentStatus: 'in_progress'}), {...app('exited'), deployment: {uuid: 'dep-1', status: 'failed', finishedAt: now}} as Observation, {status: 'failed', health: null, deploymentStatus: 'failed', deploymentFinishedAt: new Date(now).toISOString(), errorMessage: 'the build failed: see the build log'}],
	['a deployment Coolify never stored', record({status: 'pending', deploymentStatus: 'queued', deploymentFinishedAt: null}), {...app('exited'), deploymentLost: true} as Observation, {status: 'failed', health: null, deploymentStatus: 'failed', deploymentFinishedAt: new Date(now).toISOString(), errorMessage: 'Coolify did not queue the deployment (its queue may be full): start it again'}],
	['stopped by the user stays stopped while Coolify still says running', record({status: 'stopped', health: null, stoppedByUser: true}), app('running:healthy'), 'unchanged'],
	['stopped by the user and exited stays stopped', record({status: 'stopped', health: null, stoppedByUser: true}), app('exited'), 'unchanged'],
	['stopped by the user, then started elsewhere and running', record({status: 'pending', health: null, stoppedByUser: false, deploymentStatus: 'queued'}), {...app('running:healthy'), deployment: {uuid: 'dep-2', status: 'finished', finishedAt: now}} as Observation, {status: 'running', health: 'healthy', coolifyDeploymentId: 'dep-2', deploymentStatus: 'finished', deploymentFinishedAt: new Date(now).toISOString()}],
	['running and healthy', record({status: 'deploying', health: 'starting'}), app('running:healthy'), {status: 'running', health: 'healthy'}],
	['exited although nobody stopped it, well after the build', record(), app('exited'), {status: 'failed', health: null, errorMessage: 'the application is exited although nobody stopped it: see the runtime log'}],
	// The marker: the shared truth for owner and expiry.
	[
		'an expiry extended on another machine arrives through the marker',
		record(),
		app('running:healthy', {description: encodeMarker({key: 'abc123', pipeline: 'web', owner: 'alice', createdAt: minutesAgo(20), expiresAt: '2026-12-04T12:00:00.000Z'})}),
		{expiresAt: '2026-12-04T12:00:00.000Z'},
	],
	[
		'a marker with another key is not ours to follow',
		record(),
		app('running:healthy', {description: encodeMarker({key: 'zzz999', pipeline: 'web', owner: 'bob', createdAt: minutesAgo(20), expiresAt: null})}),
		'unchanged',
	],
];

describe('reconcile', () => {
	it.each(rows)('%s', (_label, before, observation, expected) => {
		const patch = reconcile(before, observation, now);
		const changes = Object.fromEntries(Object.entries(patch).filter(([field, value]) => value !== undefined && field !== 'coolifyStatus' && (before as Record<string, unknown>)[field] !== value));
		if (expected === 'unchanged') {
			expect(changes).toEqual({});
		} else {
			expect(changes).toEqual(expected);
		}
	});

	it('is pure: the same input gives the same output, and the record is not changed', () => {
		const before = record({status: 'pending', coolifyDeploymentId: null, deploymentStatus: null});
		const copy = structuredClone(before);
		expect(reconcile(before, app('exited'), now)).toEqual(reconcile(before, app('exited'), now));
		expect(before).toEqual(copy);
	});

	it('tells a create in progress from one that did not finish, by age', () => {
		const young = record({coolifyApplicationId: null, status: 'pending', createdAt: new Date(now - createGraceMs + 1000).toISOString()});
		const old = record({coolifyApplicationId: null, status: 'pending', createdAt: new Date(now - createGraceMs - 1000).toISOString()});
		expect(isCreateInProgress(young, now)).toBe(true);
		expect(isUnfinishedCreate(young, now)).toBe(false);
		expect(isCreateInProgress(old, now)).toBe(false);
		expect(isUnfinishedCreate(old, now)).toBe(true);
		expect(isUnfinishedCreate(record(), now)).toBe(false);
	});
});
