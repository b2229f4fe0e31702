import {describe, expect, it} from 'vitest';
import {buildDetails, coolifyApplicationUrl, detailsLines, formatDuration, statusTimeline, type DetailsContext} from '../../source/render/details.js';
import {emptyRecordFields} from '../../source/store/schema.js';
import type {DeploymentRecord} from '../../source/domain/records.js';

const now = Date.parse('2026-12-02T08:00:00Z');

const record: DeploymentRecord = {
	...emptyRecordFields(),
	id: 3,
	pipelineId: 'api',
	applicationName: 'api-test-3',
	status: 'running',
	health: 'healthy',
	coolifyApplicationId: 'app-uuid-3',
	dockerImage: 'ghcr.io/team/api:1.2',
	environmentVariables: {LOG_LEVEL: 'debug', DB_PASSWORD: '***', PLAIN_LOOKING: 'hunter2'},
	portMappings: [{containerPort: 3000, hostPort: 8080}, {containerPort: 9229}],
	deploymentUrl: 'http://api-test-3.example.com,https://api-test-3.example.org',
	createdAt: '2026-12-02T07:00:00Z',
	updatedAt: '2026-12-02T07:01:00Z',
	statusHistory: [
		{status: 'pending', at: '2026-12-02T07:00:00Z'},
		{status: 'building', at: '2026-12-02T07:00:02Z'},
		{status: 'deploying', at: '2026-12-02T07:00:43Z'},
		{status: 'running', at: '2026-12-02T07:02:48Z'},
	],
	key: 'k7f3a9',
	owner: 'alice@laptop',
	expiresAt: '2026-12-02T09:30:00Z',
};

const context: DetailsContext = {
	now,
	coolifyBaseUrl: 'https://coolify.example.com',
	target: {projectUuid: 'proj-1', environmentName: 'production', environmentUuid: 'env-9'},
	secretKeys: ['PLAIN_LOOKING'],
	pipelineName: 'API',
};

// Labels are padded to the longest, a history timestamp.
const row = (label: string, value: string) => `  ${label.padEnd(23)}  ${value}`;

const value = (sections: ReturnType<typeof buildDetails>, label: string) =>
	sections.flatMap(section => section.rows).find(row => row.label === label);

describe('buildDetails', () => {
	it('shows everything known about a running deployment', () => {
		expect(detailsLines(buildDetails(record, context))).toEqual([
			'Deployment',
			row('status', 'running (healthy)'),
			row('URLs', 'http://api-test-3.example.com'),
			row('', 'https://api-test-3.example.org'),
			row('application', 'app-uuid-3'),
			row('in Coolify', 'https://coolify.example.com/project/proj-1/environment/env-9/application/app-uuid-3'),
			row('key', 'k7f3a9'),
			row('owner', 'alice@laptop'),
			row('expires', 'in 1h30m (2026-12-02 09:30:00 UTC)'),
			row('created', '2026-12-02 07:00:00 UTC'),
			'',
			'Build',
			row('pipeline', 'api (API)'),
			row('image', 'ghcr.io/team/api:1.2'),
			row('ports', '3000 (host 8080), 9229'),
			'',
			'Environment',
			row('DB_PASSWORD', '***'),
			row('LOG_LEVEL', 'debug'),
			row('PLAIN_LOOKING', '***'),
			'',
			'History',
			row('timeline', 'pending 2s -> building 41s -> deploying 2m05s -> running'),
			row('2026-12-02 07:00:00 UTC', 'pending'),
			row('2026-12-02 07:00:02 UTC', 'building'),
			row('2026-12-02 07:00:43 UTC', 'deploying'),
			row('2026-12-02 07:02:48 UTC', 'running'),
		]);
	});

	it('a failed deployment shows its error right after the status', () => {
		const failed = {...record, status: 'failed' as const, health: null, errorMessage: 'the build failed: see the build log', deploymentUrl: null};
		const sections = buildDetails(failed, context);
		expect(sections[0]!.rows.slice(0, 3)).toEqual([
			{label: 'status', value: 'failed'},
			{label: 'error', value: 'the build failed: see the build log', tone: 'error'},
			{label: 'URL', value: 'none (the pipeline publishes no domain)', tone: 'muted'},
		]);
	});

	it.each<[string, Partial<DeploymentRecord>, Partial<DetailsContext>, string, string]>([
		['no environment uuid: what is missing', {}, {target: {projectUuid: 'proj-1', environmentName: 'production'}}, 'in Coolify', 'https://coolify.example.com/project/proj-1 (environment "production": its uuid is not known yet)'],
		['pipeline gone', {}, {target: null, pipelineName: undefined}, 'in Coolify', 'pipeline "api" is no longer configured: its project is unknown'],
		['never created', {coolifyApplicationId: null}, {}, 'in Coolify', 'no application to link to'],
		['expired', {expiresAt: '2026-12-02T07:55:30Z'}, {}, 'expires', 'expired 5m ago (2026-12-02 07:55:30 UTC)'],
		['no expiry', {expiresAt: null}, {}, 'expires', 'never'],
		['no key (old record)', {key: undefined}, {}, 'key', 'none (made before keys existed)'],
		['Dockerfile', {dockerImage: null, dockerfilePath: '/src/api/Dockerfile'}, {}, 'Dockerfile', '/src/api/Dockerfile'],
		['adopted', {origin: 'adopted'}, {}, 'created', '2026-12-02 07:00:00 UTC (adopted from Coolify)'],
		['deleted outside', {deletedAt: '2026-12-02T07:30:00Z'}, {}, 'deleted', '2026-12-02 07:30:00 UTC'],
		['escape sequences from Coolify are removed', {coolifyStatus: 'running:\u001B[31mhealthy'}, {}, 'status', 'running (healthy); Coolify says running:healthy'],
	])('%s', (_name, changes, contextChanges, label, expected) => {
		expect(value(buildDetails({...record, ...changes}, {...context, ...contextChanges}), label)?.value).toBe(expected);
	});

	it('masks values of secret-looking keys even when the record holds them in clear', () => {
		const leaky = {...record, environmentVariables: {API_TOKEN: 'abc123', NAME: 'x'}};
		const environment = buildDetails(leaky, {...context, secretKeys: []})[2]!.rows;
		expect(environment).toEqual([{label: 'API_TOKEN', value: '***'}, {label: 'NAME', value: 'x'}]);
	});
});

describe('details helpers', () => {
	it('builds the Coolify web UI link from uuids', () => {
		expect(coolifyApplicationUrl('https://c.example.com/', 'p 1', 'e', 'a')).toBe('https://c.example.com/project/p%201/environment/e/application/a');
	});

	it.each([
		[0, '0s'],
		[41_000, '41s'],
		[125_000, '2m05s'],
		[120_000, '2m'],
		[3_720_000, '1h02m'],
		[183_600_000, '2d03h'],
	])('formats %i ms as %s', (ms, text) => {
		expect(formatDuration(ms)).toBe(text);
	});

	it('the timeline ends with the current status when the history has not caught up', () => {
		expect(statusTimeline([{status: 'pending', at: '2026-12-02T07:00:00Z'}], 'building')).toBe('pending -> building');
		expect(statusTimeline([], 'pending')).toBe('pending');
	});
});
