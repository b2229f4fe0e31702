/**
 * The shared-truth fields a new deployment starts with: its key, owner and expiry, in the record and in
 * the marker of the application's description. The issue-11 shared-truth branch builds the key, name and
 * marker at create in full; this is the least the TTL, team view and cleanup need, kept in one place so the
 * two merge easily.
 */
import type {PipelineConfig} from '../config.js';
import {newDeploymentKey} from '../domain/identity.js';
import {encodeMarker} from '../domain/marker.js';
import {expiryFrom} from '../domain/ttl.js';
import type {DeploymentRecord} from '../store/index.js';
import type {ServiceContext} from './context.js';
import {pipelineTtlMs} from './expiry.js';
import {currentOwner} from './team.js';

export type TeamFields = {
	key: string;
	description: string;
	recordFields: Pick<DeploymentRecord, 'key' | 'owner' | 'expiresAt' | 'origin'>;
};

export function teamFieldsFor(context: ServiceContext, pipeline: PipelineConfig, overrides: {ttlMs?: number}): TeamFields {
	const key = newDeploymentKey();
	const owner = currentOwner(context);
	// Whole seconds: the marker keeps no more, and record and marker must agree.
	const now = Math.floor(context.now() / 1000) * 1000;
	const expiresAt = expiryFrom(now, overrides.ttlMs ?? pipelineTtlMs(context, pipeline));
	const description = encodeMarker({key, pipeline: pipeline.id, owner, createdAt: new Date(now).toISOString(), expiresAt});
	return {key, description, recordFields: {key, owner, expiresAt, origin: 'created'}};
}
