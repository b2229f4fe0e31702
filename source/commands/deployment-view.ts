/** How a deployment record is shown: the stable JSON shape and the human lines and table. */
import type {PortMapping} from '../config.js';
import type {Redactor} from '../services/redaction.js';
import type {DeploymentRecord} from '../domain/records.js';
import {formatAge} from '../render/format.js';
import {statusLook} from '../render/status.js';
import {statusPaint, statusWord, type Style} from '../render/style.js';
import {formatTable, type TableColumn} from '../render/table.js';
import {isExpired} from '../domain/ttl.js';
import type {ServiceContext} from '../services/context.js';
import {isMine} from '../services/team.js';
import {formatTimeLeft} from '../render/time-left.js';

/** The `--json` shape of one deployment (documented in docs/commands.md). Never holds log text or secret values. */
export type DeploymentJson = {
	id: number;
	pipelineId: string;
	applicationName: string;
	status: string;
	health: string | null;
	url: string | null;
	coolifyApplicationUuid: string | null;
	coolifyDeploymentUuid: string | null;
	dockerImage: string | null;
	dockerfilePath: string | null;
	/** Secret values are `***`. */
	environment: Record<string, string>;
	ports: PortMapping[];
	error: string | null;
	createdAt: string;
	updatedAt: string;
	cleanedAt: string | null;
	deletedAt: string | null;
	statusHistory: Array<{status: string; at: string}>;
	/** The application's uuid again, under the name CI outputs use (`steps.deploy.outputs.uuid`). */
	uuid: string | null;
	/** The key unique across machines (also in the application's name and marker); null on old records. */
	key: string | null;
	/** Whose deployment it is; null on records made before owners existed (they count as this machine's). */
	owner: string | null;
	/** When cleanup may delete it (ISO 8601); null when it never expires. */
	expiresAt: string | null;
	origin: 'created' | 'adopted' | null;
};

export function toDeploymentJson(record: DeploymentRecord, redact: Redactor): DeploymentJson {
	const environment: Record<string, string> = {};
	for (const [key, value] of Object.entries(record.environmentVariables ?? {})) {
		Object.defineProperty(environment, key, {value: redact(value), enumerable: true, writable: true, configurable: true});
	}

	return {
		id: record.id,
		pipelineId: record.pipelineId,
		applicationName: record.applicationName,
		status: record.status,
		health: record.health ?? null,
		url: record.deploymentUrl ?? null,
		coolifyApplicationUuid: record.coolifyApplicationId ?? null,
		coolifyDeploymentUuid: record.coolifyDeploymentId ?? null,
		dockerImage: record.dockerImage ?? null,
		dockerfilePath: record.dockerfilePath ?? null,
		environment,
		ports: (record.portMappings ?? []).map(port => ({...port})),
		error: record.errorMessage ? redact(record.errorMessage) : null,
		createdAt: record.createdAt,
		updatedAt: record.updatedAt,
		cleanedAt: record.cleanedAt ?? null,
		deletedAt: record.deletedAt ?? null,
		statusHistory: (record.statusHistory ?? []).map(entry => ({status: entry.status, at: entry.at})),
		uuid: record.coolifyApplicationId ?? null,
		key: record.key ?? null,
		owner: record.owner ?? null,
		expiresAt: record.expiresAt ?? null,
		origin: record.origin ?? null,
	};
}

/** `8080:80,8081+:81,443`: HOST:CONTAINER (a `+` marks a base: the first free port from there), or CONTAINER alone. */
export function formatPorts(ports: readonly PortMapping[]): string {
	return ports
		.map(port => {
			const host = port.hostPort ?? (port.hostPortFrom === undefined ? undefined : `${port.hostPortFrom}+`);
			return host === undefined ? String(port.containerPort) : `${host}:${port.containerPort}`;
		})
		.join(',');
}

/** `#12 web-test-12`, the way commands name a deployment in sentences. */
export function deploymentLabel(record: Pick<DeploymentRecord, 'id' | 'applicationName'>): string {
	return `#${record.id} ${record.applicationName}`;
}

/** The status word, with `(deleted)` or `(cleaned)` for records whose application is gone. */
export function statusText(record: DeploymentRecord): string {
	if (record.deletedAt) {
		return `${record.status} (deleted)`;
	}

	return record.cleanedAt ? `${record.status} (cleaned)` : record.status;
}

/** The host ports a deployment publishes (`8081`), or `-`. */
export function hostPortsText(record: Pick<DeploymentRecord, 'portMappings'>): string {
	const ports = (record.portMappings ?? []).flatMap(port => (port.hostPort === undefined ? [] : [String(port.hostPort)]));
	return ports.length > 0 ? ports.join(',') : '-';
}

/** ` (owner: ci https://...)` when the deployment is someone else's, for confirmations and refusals. */
export function ownerNote(context: ServiceContext, record: Pick<DeploymentRecord, 'owner' | 'origin'>): string {
	return isMine(record, context.owner.name) ? '' : ` (owner: ${record.owner})`;
}

/** The `list` table; `withOwner` adds the OWNER column (the team view). */
export function formatDeploymentTable(records: readonly DeploymentRecord[], style: Style, now: number, options: {withOwner?: boolean} = {}): string[] {
	const columns: Array<TableColumn<DeploymentRecord>> = [
		{header: '#', value: record => String(record.id), align: 'right'},
		{header: 'KEY', value: record => record.key ?? '-'},
		{header: 'NAME', value: record => record.applicationName},
		{header: 'PIPELINE', value: record => record.pipelineId},
		...(options.withOwner ? [{header: 'OWNER', value: (record: DeploymentRecord) => record.owner ?? '-'}] : []),
		{header: 'STATUS', value: record => (style.isEnabled ? `${statusLook(record.status).symbol} ${statusText(record)}` : statusText(record)), paint: record => statusPaint(style, record.status)},
		{header: 'HEALTH', value: record => record.health ?? '-', paint: record => statusPaint(style, record.health)},
		{header: 'PORT', value: hostPortsText},
		{header: 'URL', value: record => record.deploymentUrl ?? '-'},
		{header: 'AGE', value: record => formatAge(record.createdAt, now)},
		{header: 'LEFT', value: record => formatTimeLeft(record.expiresAt, now), paint: record => (isExpired(record.expiresAt, now) ? style.red : (text: string) => text)},
	];
	return formatTable(columns, records);
}

/** `show`: one field per line, then the status history. */
export function formatDeploymentDetails(record: DeploymentRecord, redact: Redactor, style: Style, now: number = Date.now()): string[] {
	const json = toDeploymentJson(record, redact);
	const ports = formatPorts(json.ports);
	const environment = Object.entries(json.environment)
		.map(([key, value]) => `${key}=${value}`)
		.join(' ');
	const fields: Array<[string, string | null]> = [
		['id', String(json.id)],
		['name', json.applicationName],
		['key', json.key],
		['pipeline', json.pipelineId],
		['owner', json.owner],
		['status', statusWord(style, json.status, statusText(record))],
		['health', json.health ? statusPaint(style, json.health)(json.health) : '-'],
		['url', json.url],
		['application', json.coolifyApplicationUuid],
		['deployment', json.coolifyDeploymentUuid],
		['image', json.dockerImage],
		['dockerfile', json.dockerfilePath],
		['ports', ports || null],
		['environment', environment || null],
		['error', json.error ? style.red(json.error) : null],
		['expires', json.expiresAt ? `${json.expiresAt} (${formatTimeLeft(json.expiresAt, now)} left)`.replace('(expired left)', '(expired)') : null],
		['created', json.createdAt],
		['updated', json.updatedAt],
		['cleaned', json.cleanedAt],
		['deleted', json.deletedAt],
	];
	// One field a line: a line break in a value (an env value such as a certificate) is shown as `\n`.
	const lines = fields.filter(([, value]) => value !== null && value !== '').map(([label, value]) => `${`${label}:`.padEnd(13)}${value!.replaceAll('\n', '\\n')}`);
	if (json.statusHistory.length > 0) {
		lines.push('history:');
		for (const entry of json.statusHistory) {
			lines.push(`  ${entry.at}  ${statusWord(style, entry.status)}`);
		}
	}

	return lines;
}
