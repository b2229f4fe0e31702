import type {LifecycleStatus} from '../domain/lifecycle.js';
import {timeLeftMs} from '../domain/ttl.js';
import type {DeploymentRecord, StatusChange} from '../domain/records.js';
import {isSecretKey, mask} from '../services/redaction.js';
import {terminalSafeLine} from '../domain/terminal-text.js';

/**
 * The details view of one deployment (Enter on a row): everything known about it, as sections of
 * label/value rows the UI lays out in a scrollable box. Pure; frames only change when the record does,
 * or once a minute for the time left before expiry.
 */

export type DetailsRow = {label: string; value: string; tone?: 'error' | 'muted' | 'warning'};

export type DetailsSection = {title: string; rows: DetailsRow[]};

/** Where the deployment lives in Coolify, from the config (source/config/target.ts `pipelineTarget`). */
export type DetailsTarget = {projectUuid: string; environmentName: string; environmentUuid?: string};

export type DetailsContext = {
	now: number;
	/** Coolify's base URL, as configured (no trailing '/'). */
	coolifyBaseUrl: string;
	/** Null when the record's pipeline is no longer configured. */
	target: DetailsTarget | null;
	/** The pipeline's declared secret keys: their values show as *** whatever the record holds. */
	secretKeys?: readonly string[];
	/** The pipeline's name, when configured. */
	pipelineName?: string;
};

/**
 * The application's page in Coolify's web UI. Coolify v4 routes it as
 * /project/{project_uuid}/environment/{environment_uuid}/application/{application_uuid}
 * (routes/web.php; app/Livewire/Project/Application/Configuration.php looks each part up by uuid, so an
 * environment name does not work there).
 */
export function coolifyApplicationUrl(baseUrl: string, projectUuid: string, environmentUuid: string, applicationUuid: string): string {
	const part = encodeURIComponent;
	return `${baseUrl.replace(/\/+$/, '')}/project/${part(projectUuid)}/environment/${part(environmentUuid)}/application/${part(applicationUuid)}`;
}

export function buildDetails(record: DeploymentRecord, context: DetailsContext): DetailsSection[] {
	const text = (value: string) => terminalSafeLine(value);
	const overview: DetailsRow[] = [
		{label: 'status', value: statusText(record)},
		...urlRows(record),
		{label: 'application', value: record.coolifyApplicationId ? text(record.coolifyApplicationId) : 'none: Coolify never created it', tone: record.coolifyApplicationId ? undefined : 'muted'},
		{label: 'in Coolify', ...coolifyLink(record, context)},
		{label: 'key', value: record.key ? text(record.key) : 'none (made before keys existed)', tone: record.key ? undefined : 'muted'},
		{label: 'owner', value: record.owner ? text(record.owner) : 'unknown', tone: record.owner ? undefined : 'muted'},
		{label: 'expires', ...expiryText(record.expiresAt, context.now)},
		{label: 'created', value: `${utc(record.createdAt)}${record.origin === 'adopted' ? ' (adopted from Coolify)' : ''}`},
	];
	if (record.errorMessage) {
		overview.splice(1, 0, {label: 'error', value: text(record.errorMessage), tone: 'error'});
	}

	if (record.deletedAt) {
		overview.push({label: 'deleted', value: utc(record.deletedAt), tone: 'muted'});
	}

	if (record.cleanedAt) {
		overview.push({label: 'cleaned up', value: utc(record.cleanedAt), tone: 'muted'});
	}

	const build: DetailsRow[] = [
		{label: 'pipeline', value: context.pipelineName ? `${text(record.pipelineId)} (${text(context.pipelineName)})` : `${text(record.pipelineId)} (no longer configured)`},
		record.dockerImage
			? {label: 'image', value: text(record.dockerImage)}
			: {label: 'Dockerfile', value: record.dockerfilePath ? text(record.dockerfilePath) : 'unknown', tone: record.dockerfilePath ? undefined : 'muted'},
		{label: 'ports', value: portsText(record), tone: record.portMappings.length === 0 ? 'muted' : undefined},
	];

	const environment = Object.entries(record.environmentVariables)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([key, value]): DetailsRow => ({label: text(key), value: isSecretKey(key, context.secretKeys) ? mask : text(value)}));

	return [
		{title: 'Deployment', rows: overview},
		{title: 'Build', rows: build},
		{title: 'Environment', rows: environment.length > 0 ? environment : [{label: '', value: 'no variables', tone: 'muted'}]},
		{title: 'History', rows: [{label: 'timeline', value: statusTimeline(record.statusHistory, record.status)}, ...historyRows(record.statusHistory)]},
	];
}

function statusText(record: DeploymentRecord): string {
	const health = record.health && record.status === 'running' ? ` (${record.health})` : '';
	const raw = record.coolifyStatus ? `; Coolify says ${terminalSafeLine(record.coolifyStatus)}` : '';
	return `${record.status}${health}${raw}`;
}

function urlRows(record: DeploymentRecord): DetailsRow[] {
	const urls = (record.deploymentUrl ?? '').split(',').map(url => terminalSafeLine(url).trim()).filter(Boolean);
	if (urls.length === 0) {
		return [{label: 'URL', value: 'none (the pipeline publishes no domain)', tone: 'muted'}];
	}

	return urls.map((url, index) => ({label: index === 0 ? (urls.length > 1 ? 'URLs' : 'URL') : '', value: url}));
}

function coolifyLink(record: DeploymentRecord, context: DetailsContext): Omit<DetailsRow, 'label'> {
	if (!record.coolifyApplicationId) {
		return {value: 'no application to link to', tone: 'muted'};
	}

	if (!context.target) {
		return {value: `pipeline "${terminalSafeLine(record.pipelineId)}" is no longer configured: its project is unknown`, tone: 'muted'};
	}

	const {projectUuid, environmentName, environmentUuid} = context.target;
	if (!environmentUuid) {
		// The web UI wants the environment's uuid; GET /api/v1/projects/{uuid}/{environment_name_or_uuid} has it.
		return {value: `${context.coolifyBaseUrl}/project/${encodeURIComponent(projectUuid)} (environment "${environmentName}": its uuid is not known yet)`, tone: 'muted'};
	}

	return {value: coolifyApplicationUrl(context.coolifyBaseUrl, projectUuid, environmentUuid, record.coolifyApplicationId)};
}

function expiryText(expiresAt: string | null | undefined, now: number): Omit<DetailsRow, 'label'> {
	const left = timeLeftMs(expiresAt, now);
	if (left === null) {
		return {value: 'never', tone: 'muted'};
	}

	const at = utc(expiresAt!);
	// Whole minutes, so the view changes once a minute, not every second.
	const minutes = Math.ceil(Math.abs(left) / 60_000) * 60_000;
	return left > 0 ? {value: `in ${formatDuration(minutes)} (${at})`} : {value: `expired ${formatDuration(minutes)} ago (${at})`, tone: 'warning'};
}

function portsText(record: DeploymentRecord): string {
	if (record.portMappings.length === 0) {
		return 'none';
	}

	return record.portMappings.map(port => (port.hostPort ? `${port.containerPort} (host ${port.hostPort})` : String(port.containerPort))).join(', ');
}

function utc(iso: string): string {
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? terminalSafeLine(iso) : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** "41s", "2m05s", "2m", "1h02m", "2d03h". */
export function formatDuration(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	if (seconds < 60) {
		return `${seconds}s`;
	}

	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) {
		return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
	}

	const hours = Math.floor(minutes / 60);
	if (hours < 48) {
		return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
	}

	return `${Math.floor(hours / 24)}d${String(hours % 24).padStart(2, '0')}h`;
}

/**
 * "pending 2s -> building 41s -> running": each status with how long it lasted; the last one, still
 * going, without (so the view does not change every second).
 */
export function statusTimeline(history: readonly StatusChange[], current: LifecycleStatus): string {
	if (history.length === 0) {
		return current;
	}

	const parts = history.map((change, index) => {
		const next = history[index + 1];
		if (!next) {
			return change.status;
		}

		const lasted = Date.parse(next.at) - Date.parse(change.at);
		return Number.isNaN(lasted) ? change.status : `${change.status} ${formatDuration(lasted)}`;
	});
	if (history.at(-1)!.status !== current) {
		parts.push(current);
	}

	return parts.join(' -> ');
}

function historyRows(history: readonly StatusChange[]): DetailsRow[] {
	return history.map(change => ({label: utc(change.at), value: change.status, tone: 'muted'}));
}

/** The sections as plain lines for a scroll box: a title line, then `label  value` rows aligned. */
export function detailsLines(sections: readonly DetailsSection[]): string[] {
	const labelWidth = Math.max(0, ...sections.flatMap(section => section.rows.map(row => row.label.length)));
	const lines: string[] = [];
	for (const section of sections) {
		if (lines.length > 0) {
			lines.push('');
		}

		lines.push(section.title);
		for (const row of section.rows) {
			lines.push(`  ${row.label.padEnd(labelWidth)}  ${row.value}`.trimEnd());
		}
	}

	return lines;
}
