/**
 * The one way a record is made for a tagged application this machine has no record of (a teammate's,
 * another machine's, or one a lost data file forgot): the poller adopts them each tick, and the team
 * resolver when a user names one. No env values are copied: they stay in Coolify (read back for masking,
 * see application-secrets.ts).
 */
import type {CoolifyApplication} from '../coolify/types.js';
import type {DeploymentMarker} from '../domain/marker.js';
import {addRecord, type NewDeploymentRecord, type StoreData} from '../store/index.js';
import type {DeploymentRecord} from '../domain/records.js';
import {firstUrl} from '../domain/urls.js';
import {terminalSafeLine} from '../domain/terminal-text.js';

/** What the application and its marker tell of an adopted deployment. */
export type AdoptedRecordInput = Pick<
	DeploymentRecord,
	'pipelineId' | 'applicationName' | 'status' | 'coolifyApplicationId' | 'dockerImage' | 'portMappings' | 'deploymentUrl' | 'key' | 'owner' | 'expiresAt' | 'origin' | 'environmentVariables'
>;

/** The record of an adopted application, as far as the application and its marker tell. */
export function adoptedRecordInput(application: CoolifyApplication, marker: DeploymentMarker): AdoptedRecordInput {
	const image = typeof application.docker_registry_image_name === 'string' ? application.docker_registry_image_name : null;
	const tag = typeof application.docker_registry_image_tag === 'string' ? application.docker_registry_image_tag : null;
	return {
		pipelineId: marker.pipeline,
		applicationName: terminalSafeLine(application.name),
		status: 'pending',
		coolifyApplicationId: application.uuid,
		dockerImage: image ? `${image}:${tag ?? 'latest'}` : null,
		portMappings: portMappingsOf(application),
		deploymentUrl: firstUrl(application.fqdn),
		key: marker.key,
		owner: marker.owner,
		expiresAt: marker.expiresAt,
		origin: 'adopted',
		environmentVariables: {},
	};
}

/**
 * Adds the adopted record to `data` (inside a store update), dated as its marker says: its age is the
 * deployment's, not this file's. `state` is what the caller already knows of it (the poller's reconciled status).
 */
export function addAdoptedRecord(data: StoreData, input: NewDeploymentRecord, marker: DeploymentMarker, stamp: string): DeploymentRecord {
	const added = addRecord(data, input, stamp);
	added.createdAt = marker.createdAt;
	added.statusHistory = [{status: added.status, at: stamp}];
	return added;
}

/** `8081:80,443` (Coolify's `ports_mappings` and `ports_exposes`) as port mappings. */
function portMappingsOf(application: CoolifyApplication): DeploymentRecord['portMappings'] {
	const mapped = (application.ports_mappings ?? '')
		.split(',')
		.map(pair => pair.trim().split(':').map(Number))
		.filter(pair => pair.length === 2 && pair.every(port => Number.isInteger(port) && port >= 1 && port <= 65_535))
		.map(([hostPort, containerPort]) => ({containerPort: containerPort!, hostPort: hostPort!}));
	if (mapped.length > 0) {
		return mapped;
	}

	return (application.ports_exposes ?? '')
		.split(',')
		.map(Number)
		.filter(port => Number.isInteger(port) && port >= 1 && port <= 65_535)
		.map(containerPort => ({containerPort}));
}
