import {describe, expect, it} from 'vitest';
import {
	addMessages,
	announceTransitions,
	dismissMessages,
	emptyMessageLog,
	messageHistoryLimit,
	messageLineText,
	type TransitionSubject,
} from '../../source/domain/transitions.js';
import type {DeploymentRecord} from '../../source/domain/records.js';

const base: TransitionSubject = {
	id: 3,
	applicationName: 'broken-test-3',
	status: 'building',
	health: null,
	deploymentUrl: null,
	errorMessage: null,
	deletedAt: null,
	cleanedAt: null,
};

const at = (changes: Partial<TransitionSubject>) => ({...base, ...changes});

describe('announceTransitions', () => {
	it.each<[string, Partial<TransitionSubject>, Partial<TransitionSubject>, string | undefined, string?]>([
		['build failed', {}, {status: 'failed', errorMessage: 'the build failed: see the build log'}, '#3 broken-test-3 failed: the build failed - see the build log', 'error'],
		['failed without a reason', {}, {status: 'failed'}, '#3 broken-test-3 failed: no reason given: see the build and runtime logs', 'error'],
		['running with a URL', {status: 'deploying'}, {status: 'running', health: 'healthy', deploymentUrl: 'http://api.test'}, '#3 broken-test-3 is running at http://api.test', 'success'],
		['running without a URL', {status: 'deploying'}, {status: 'running'}, '#3 broken-test-3 is running (no URL: the pipeline publishes no domain)', 'success'],
		['running but unhealthy', {status: 'deploying'}, {status: 'running', health: 'unhealthy', deploymentUrl: 'http://a'}, '#3 broken-test-3 is running at http://a, but unhealthy', 'warning'],
		['queued to building', {status: 'pending'}, {status: 'building'}, '#3 broken-test-3 is building', 'info'],
		['built, starting', {}, {status: 'deploying'}, '#3 broken-test-3 is built and starting', 'info'],
		['redeploy queued', {status: 'running'}, {status: 'pending'}, '#3 broken-test-3 is queued on Coolify', 'info'],
		['stopped by the user', {status: 'running'}, {status: 'stopped', stoppedByUser: true}, '#3 broken-test-3 stopped', 'info'],
		['stopped elsewhere', {status: 'running'}, {status: 'stopped'}, '#3 broken-test-3 stopped (not by coolify-tui: stopped in Coolify?)', 'info'],
		['deleted outside', {status: 'running'}, {deletedAt: '2026-12-02T06:00:00Z', errorMessage: 'the application no longer exists in Coolify (deleted outside coolify-tui)'}, '#3 broken-test-3: the application no longer exists in Coolify (deleted outside coolify-tui)', 'warning'],
		['deleted here', {status: 'running'}, {deletedAt: '2026-12-02T06:00:00Z'}, '#3 broken-test-3 was deleted', 'info'],
		['cleaned up', {status: 'running'}, {status: 'stopped', cleanedAt: '2026-12-02T06:00:00Z'}, '#3 broken-test-3 was cleaned up', 'info'],
		['became unhealthy', {status: 'running', health: 'healthy'}, {status: 'running', health: 'unhealthy'}, '#3 broken-test-3 is running but unhealthy', 'warning'],
		['healthy again', {status: 'running', health: 'unhealthy'}, {status: 'running', health: 'healthy'}, '#3 broken-test-3 is healthy again', 'success'],
		['new URL', {status: 'running', deploymentUrl: 'http://a'}, {status: 'running', deploymentUrl: 'http://b'}, '#3 broken-test-3 is now at http://b', 'info'],
		['nothing changed', {status: 'running', health: 'healthy'}, {status: 'running', health: 'healthy'}, undefined],
		['only the error text changed', {status: 'failed', errorMessage: 'a'}, {status: 'failed', errorMessage: 'b'}, undefined],
		['already deleted, still deleted', {deletedAt: 'x'}, {deletedAt: 'x', status: 'stopped'}, undefined],
	])('%s', (_name, before, after, text, tone) => {
		const announcements = announceTransitions([at(before)], [at(after)]);
		if (text === undefined) {
			expect(announcements).toEqual([]);
		} else {
			expect(announcements).toEqual([{recordId: 3, text, tone}]);
		}
	});

	it('says one thing per changed deployment, in id order, and nothing of new ones', () => {
		const previous = [at({id: 4, applicationName: 'api-test-4'}), at({})];
		const next = [at({status: 'failed', errorMessage: 'the build failed: see the build log'}), at({id: 4, applicationName: 'api-test-4', status: 'running', deploymentUrl: 'http://x'}), at({id: 9})];
		expect(announceTransitions(previous, next).map(item => item.text)).toEqual([
			'#3 broken-test-3 failed: the build failed - see the build log',
			'#4 api-test-4 is running at http://x',
		]);
	});

	it('notices a live record that vanished from the data file', () => {
		expect(announceTransitions([at({})], [])).toEqual([{recordId: 3, text: '#3 broken-test-3 is no longer in the data file (removed by another coolify-tui?)', tone: 'warning'}]);
		expect(announceTransitions([at({deletedAt: 'x'})], [])).toEqual([]);
	});

	it('takes deployment records as they are', () => {
		const record = {...at({}), pipelineId: 'web'} as unknown as DeploymentRecord;
		const subjects: TransitionSubject[] = [record];
		expect(announceTransitions(subjects, [{...record, status: 'deploying'}])).toHaveLength(1);
	});
});

describe('message log', () => {
	it('a message about a deployment replaces the older one about it in the message line, the history keeps both', () => {
		let log = addMessages(emptyMessageLog, [{text: '✔ created #3 broken-test-3; Coolify is building it', tone: 'success', recordId: 3}], 1000);
		log = addMessages(log, [{text: 'config reloaded', tone: 'info'}], 2000);
		log = addMessages(log, announceTransitions([at({})], [at({status: 'failed', errorMessage: 'the build failed: see the build log'})]), 3000);
		expect(log.current.map(message => message.text)).toEqual(['#3 broken-test-3 failed: the build failed - see the build log', 'config reloaded']);
		expect(log.history.map(message => message.text)).toEqual([
			'✔ created #3 broken-test-3; Coolify is building it',
			'config reloaded',
			'#3 broken-test-3 failed: the build failed - see the build log',
		]);
		expect(messageLineText(log)).toBe('#3 broken-test-3 failed: the build failed - see the build log (+1 more)');
		expect(log.history.map(message => message.seq)).toEqual([1, 2, 3]);
	});

	it('a newer general message replaces the older general one', () => {
		let log = addMessages(emptyMessageLog, [{text: 'a', tone: 'info'}], 1);
		log = addMessages(log, [{text: 'b', tone: 'info'}], 2);
		expect(messageLineText(log)).toBe('b');
	});

	it('keeps the last 50 messages', () => {
		let log = emptyMessageLog;
		for (let index = 0; index < 70; index++) {
			log = addMessages(log, [{text: `m${index}`, tone: 'info', recordId: index}], index);
		}

		expect(log.history).toHaveLength(messageHistoryLimit);
		expect(log.history[0]!.text).toBe('m20');
		expect(log.history.at(-1)!.text).toBe('m69');
		expect(log.current.length).toBeLessThanOrEqual(messageHistoryLimit);
	});

	it('dismissing clears the line for a deployment but not the history', () => {
		let log = addMessages(emptyMessageLog, [{text: 'x', tone: 'info', recordId: 3}], 1);
		log = dismissMessages(log, 3);
		expect(messageLineText(log)).toBe('');
		expect(log.history).toHaveLength(1);
		expect(addMessages(log, [], 5)).toBe(log);
	});
});
