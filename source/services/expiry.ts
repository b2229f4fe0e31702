/**
 * TTLs: how long a pipeline's deployments live, and `extend`, which moves an expiry in the marker of the
 * application's description (so every machine's cleanup sees it) and in the record.
 */
import type {PipelineConfig} from '../config.js';
import {decodeMarker, encodeMarker, type DeploymentMarker} from '../domain/marker.js';
import {expiryFromNow, hoursToMs} from '../domain/ttl.js';
import type {DeploymentRecord} from '../domain/records.js';
import type {ServiceContext} from './context.js';
import {UserError} from './errors.js';

/** A pipeline's TTL: its `ttlHours`, else `cleanup.maxAgeHours`. */
export function pipelineTtlMs(context: ServiceContext, pipeline: Pick<PipelineConfig, 'ttlHours'> | undefined): number {
	return hoursToMs(pipeline?.ttlHours ?? context.config.cleanup.maxAgeHours);
}

/** The TTL of a pipeline by id; an unknown pipeline (a teammate's config differs) falls back to cleanup.maxAgeHours. */
export function pipelineTtlMsById(context: ServiceContext, pipelineId: string): number {
	return pipelineTtlMs(context, context.config.pipelines.find(pipeline => pipeline.id === pipelineId));
}

export type ExtendResult = {
	record: DeploymentRecord;
	expiresAt: string;
	/** False when the application has no marker yet (made before markers existed): only this machine knows. */
	isShared: boolean;
};

/**
 * Sets the expiry of a deployment to `ttlMs` from now (default: its pipeline's TTL). Writes the marker
 * first (PATCH /applications/{uuid} `description`), then the record, so a failure changes nothing here.
 */
export async function extendDeployment(context: ServiceContext, record: DeploymentRecord, ttlMs?: number): Promise<ExtendResult> {
	if (record.deletedAt || record.cleanedAt) {
		throw new UserError(`cannot extend deployment #${record.id}: its application was deleted; deploy the pipeline again with coolify-tui deploy ${record.pipelineId}`);
	}

	const uuid = record.coolifyApplicationId;
	if (!uuid) {
		throw new UserError(`cannot extend deployment #${record.id}: Coolify never created its application; deploy again`);
	}

	const expiresAt = expiryFromNow(context.now(), ttlMs ?? pipelineTtlMsById(context, record.pipelineId));
	const application = await context.client.getApplication(uuid);
	const current = decodeMarker(application.description);
	let isShared = false;
	if (current || record.key) {
		const marker: DeploymentMarker = current
			? {...current, expiresAt}
			: {key: record.key!, pipeline: record.pipelineId, owner: record.owner ?? context.owner.name, createdAt: record.createdAt, expiresAt};
		await context.client.updateApplication(uuid, {description: encodeMarker(marker)});
		isShared = true;
	}

	const updated = await context.store.patchRecord(record.id, {expiresAt});
	return {record: updated ?? record, expiresAt, isShared};
}
