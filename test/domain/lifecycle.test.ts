import {describe, expect, it} from 'vitest';
import {parseApplicationStatus, statusLagMs, toLifecycleStatus, type LifecycleSignals, type LifecycleVerdict} from '../../source/domain/lifecycle.js';

const now = Date.parse('2026-11-27T12:00:00Z');
const justFinished = now - 5000;
const longFinished = now - statusLagMs - 1;

// One row per value Coolify really sends (Coolify's source: Application.php status(), the status
// aggregator, ApplicationDeploymentJob), in the mapping's order of precedence. No `running:starting`, no
// `removing:*`: Coolify never produces them.
const table: Array<[string, LifecycleSignals, Partial<LifecycleVerdict>]> = [
	['created, no deployment yet (bare column default)', {applicationStatus: 'exited', deploymentStatus: null}, {status: 'pending'}],
	['created, no deployment yet', {applicationStatus: 'exited:unhealthy', deploymentStatus: null}, {status: 'pending'}],
	['application not listed yet', {applicationStatus: null, deploymentStatus: null}, {status: 'pending'}],
	['deployment queued', {applicationStatus: 'exited:unhealthy', deploymentStatus: 'queued'}, {status: 'pending'}],
	['deployment in progress', {applicationStatus: 'exited:unhealthy', deploymentStatus: 'in_progress'}, {status: 'building'}],
	['redeploy of a running app in progress', {applicationStatus: 'running:healthy', deploymentStatus: 'in_progress'}, {status: 'building'}],
	['finished, starting', {applicationStatus: 'starting:unknown', deploymentStatus: 'finished'}, {status: 'deploying', health: 'unknown'}],
	['finished, restarting', {applicationStatus: 'restarting:unknown', deploymentStatus: 'finished'}, {status: 'deploying'}],
	['finished, status not refreshed yet', {applicationStatus: 'exited:unhealthy', deploymentStatus: 'finished', deploymentFinishedAt: justFinished, now}, {status: 'deploying'}],
	['running healthy', {applicationStatus: 'running:healthy', deploymentStatus: 'finished'}, {status: 'running', health: 'healthy'}],
	['running unhealthy (the blip right after a deployment, or a failing health check)', {applicationStatus: 'running:unhealthy', deploymentStatus: 'finished'}, {status: 'running', health: 'unhealthy'}],
	['running without health check', {applicationStatus: 'running:unknown', deploymentStatus: null}, {status: 'running', health: 'unknown'}],
	['running, bare status', {applicationStatus: 'running', deploymentStatus: null}, {status: 'running', health: 'unknown'}],
	['deployment failed', {applicationStatus: 'exited:unhealthy', deploymentStatus: 'failed'}, {status: 'failed'}],
	['exited after finishing, nobody stopped it', {applicationStatus: 'exited:unhealthy', deploymentStatus: 'finished', deploymentFinishedAt: longFinished, now}, {status: 'failed', health: 'unhealthy'}],
	['exited (bare) after finishing, nobody stopped it', {applicationStatus: 'exited', deploymentStatus: 'finished', deploymentFinishedAt: longFinished, now}, {status: 'failed'}],
	['degraded', {applicationStatus: 'degraded:unhealthy', deploymentStatus: 'finished'}, {status: 'failed'}],
	['paused, nobody paused it', {applicationStatus: 'paused:unknown', deploymentStatus: 'finished', deploymentFinishedAt: longFinished, now}, {status: 'failed'}],
	['stopped by the user', {applicationStatus: 'exited:unhealthy', deploymentStatus: 'finished', stoppedByUser: true}, {status: 'stopped'}],
	['cleaned up', {applicationStatus: 'exited:unhealthy', deploymentStatus: null, stoppedByUser: true}, {status: 'stopped'}],
	['deployment cancelled', {applicationStatus: 'exited:unhealthy', deploymentStatus: 'cancelled-by-user'}, {status: 'stopped'}],
];

describe('toLifecycleStatus', () => {
	it.each(table)('%s', (_name, signals, expected) => {
		expect(toLifecycleStatus(signals)).toMatchObject(expected);
	});

	it('gives a reason with every failure', () => {
		for (const [, signals, expected] of table) {
			if (expected.status === 'failed') {
				expect(toLifecycleStatus(signals).reason).toBeTruthy();
			}
		}
	});

	it('keeps an unknown status string visible instead of guessing silently', () => {
		const verdict = toLifecycleStatus({applicationStatus: 'hibernating:sleepy', deploymentStatus: 'finished'});
		expect(verdict.unknownStatus).toBe('hibernating:sleepy');
		expect(verdict.status).toBe('deploying');
	});
});

describe('parseApplicationStatus', () => {
	it('splits state and health, defaulting health to unknown', () => {
		expect(parseApplicationStatus('running:healthy')).toEqual({state: 'running', health: 'healthy', isKnown: true});
		expect(parseApplicationStatus('exited')).toEqual({state: 'exited', health: 'unknown', isKnown: true});
		expect(parseApplicationStatus('weird:thing').isKnown).toBe(false);
		// Values Coolify never sends are not taken for known ones.
		expect(parseApplicationStatus('running:starting').isKnown).toBe(false);
		expect(parseApplicationStatus('removing:unknown').isKnown).toBe(false);
	});
});
