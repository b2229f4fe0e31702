import type {LifecycleStatus} from '../domain/lifecycle.js';
import {boundLogText} from './log-bounds.js';
import {currentSchemaVersion, isOneOf, isPlainObject, isPort, isPositiveInteger, describeType} from './schema.js';
import type {CachedLogs, DeploymentRecord, PortMapping} from '../domain/records.js';

/**
 * Schema 0, the prototype's format: no `schemaVersion` and no `nextId`; records in snake_case, logs
 * as plain strings, ports as Coolify's `ports_mappings` string ("8080:80,3000"), statuses taken from
 * Coolify's deployment queue, no status history.
 */
export type DeploymentRecordV0 = {
	id: number;
	pipeline_id: string;
	application_name: string;
	status: string;
	coolify_deployment_uuid?: string | null;
	coolify_application_uuid?: string | null;
	health?: string | null;
	docker_image?: string | null;
	dockerfile_path?: string | null;
	env_vars?: Record<string, string>;
	ports?: string | null;
	url?: string | null;
	build_logs?: string | null;
	runtime_logs?: string | null;
	error?: string | null;
	created_at: string;
	updated_at: string;
	cleaned_at?: string | null;
	deleted_at?: string | null;
};

export type StoreDataV0 = {schemaVersion?: 0; deployments: DeploymentRecordV0[]};

const v0Statuses: Record<string, LifecycleStatus> = {
	queued: 'pending',
	pending: 'pending',
	in_progress: 'building',
	building: 'building',
	deploying: 'deploying',
	running: 'running',
	finished: 'running',
	failed: 'failed',
	error: 'failed',
	stopped: 'stopped',
	exited: 'stopped',
	'cancelled-by-user': 'stopped',
};

const v0Health = ['healthy', 'unhealthy', 'unknown', 'starting'] as const;

/** The file's schema version: a missing `schemaVersion` is schema 0. Undefined when it is not a version. */
export function schemaVersionOf(value: Record<string, unknown>): number | undefined {
	const version = value['schemaVersion'] ?? 0;
	return Number.isSafeInteger(version) && (version as number) >= 0 ? (version as number) : undefined;
}

/** Turns a schema 0 file into schema 1 data (checked afterwards by `checkStoreData`), or says why it cannot. */
export function migrateFromV0(value: Record<string, unknown>): {ok: true; data: unknown} | {ok: false; reason: string} {
	const deployments = value['deployments'];
	if (!Array.isArray(deployments)) {
		return {ok: false, reason: `deployments is ${describeType(deployments)}, expected an array (schema 0)`};
	}

	const records: DeploymentRecord[] = [];
	for (const [index, item] of deployments.entries()) {
		const migrated = migrateRecord(item);
		if (typeof migrated === 'string') {
			return {ok: false, reason: `deployments[${index}]: ${migrated} (schema 0)`};
		}

		records.push(migrated);
	}

	const highestId = Math.max(0, ...records.map(record => record.id));
	return {ok: true, data: {schemaVersion: currentSchemaVersion, nextId: highestId + 1, deployments: records}};
}

function migrateRecord(value: unknown): DeploymentRecord | string {
	if (!isPlainObject(value)) {
		return `expected an object, found ${describeType(value)}`;
	}

	const old = value as Partial<Record<keyof DeploymentRecordV0, unknown>>;
	if (!isPositiveInteger(old.id)) {
		return `id is ${JSON.stringify(old.id)}, expected a positive integer`;
	}

	for (const key of ['pipeline_id', 'application_name', 'created_at', 'updated_at'] as const) {
		if (typeof old[key] !== 'string') {
			return `${key} is ${describeType(old[key])}, expected a string`;
		}
	}

	const status = typeof old.status === 'string' ? v0Statuses[old.status] : undefined;
	if (status === undefined) {
		return `status is ${JSON.stringify(old.status)}, not a schema 0 status`;
	}

	const ports = parsePorts(old.ports);
	if (ports === undefined) {
		return `ports is ${JSON.stringify(old.ports)}, expected "host:container,..."`;
	}

	const updatedAt = old.updated_at as string;
	return {
		id: old.id,
		pipelineId: old.pipeline_id as string,
		coolifyDeploymentId: stringOrNull(old.coolify_deployment_uuid),
		coolifyApplicationId: stringOrNull(old.coolify_application_uuid),
		status,
		health: isOneOf(v0Health, old.health) ? old.health : null,
		applicationName: old.application_name as string,
		dockerImage: stringOrNull(old.docker_image),
		dockerfilePath: stringOrNull(old.dockerfile_path),
		environmentVariables: isPlainObject(old.env_vars) ? (old.env_vars as Record<string, string>) : {},
		portMappings: ports,
		deploymentUrl: stringOrNull(old.url),
		buildLogs: logsFrom(old.build_logs, updatedAt),
		runtimeLogs: logsFrom(old.runtime_logs, updatedAt),
		errorMessage: stringOrNull(old.error),
		createdAt: old.created_at as string,
		updatedAt,
		cleanedAt: stringOrNull(old.cleaned_at),
		deletedAt: stringOrNull(old.deleted_at),
		// Schema 0 kept no history: the current status, as of the last update, is all there is.
		statusHistory: [{status, at: updatedAt}],
	};
}

function stringOrNull(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

function logsFrom(value: unknown, fetchedAt: string): CachedLogs | null {
	if (typeof value !== 'string' || value === '') {
		return null;
	}

	const bounded = boundLogText(value);
	return {text: bounded.text, fetchedAt, truncated: bounded.truncated};
}

/** Parses "8080:80,3000" (host:container, or a bare container port). Undefined when malformed. */
function parsePorts(value: unknown): PortMapping[] | undefined {
	if (value === undefined || value === null || value === '') {
		return [];
	}

	if (typeof value !== 'string') {
		return undefined;
	}

	const mappings: PortMapping[] = [];
	for (const entry of value.split(',')) {
		const parts = entry.trim().split(':').map(Number);
		if (parts.length === 1 && isPort(parts[0])) {
			mappings.push({containerPort: parts[0]});
		} else if (parts.length === 2 && isPort(parts[0]) && isPort(parts[1])) {
			mappings.push({containerPort: parts[1], hostPort: parts[0]});
		} else {
			return undefined;
		}
	}

	return mappings;
}
