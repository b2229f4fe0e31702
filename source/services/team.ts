/**
 * Mine and the team's: who I am, which deployments are mine, and one resolver that turns what a user
 * types (`#12`, `12`, a key or an application uuid) into a record, adopting a teammate's deployment from
 * Coolify when this machine has no record of it yet.
 */
import type {CoolifyApplication} from '../coolify/types.js';
import {isDeploymentKey} from '../domain/identity.js';
import {decodeMarker, type DeploymentMarker} from '../domain/marker.js';
export {isMine} from '../domain/records.js';
import {findRecordIn} from '../store/index.js';
import type {DeploymentRecord} from '../domain/records.js';
import {addAdoptedRecord, adoptedRecordInput} from './adoption.js';
import type {ServiceContext} from './context.js';
import {UserError} from './errors.js';

/** A tagged application of the team with its decoded marker. */
export type TeamApplication = {application: CoolifyApplication; marker: DeploymentMarker};

/** The team's test deployments: tagged applications whose description holds a valid marker. */
export function teamApplicationsIn(applications: readonly CoolifyApplication[]): TeamApplication[] {
	return applications.flatMap(application => {
		const marker = decodeMarker(application.description);
		return marker ? [{application, marker}] : [];
	});
}

/** The record of a team application on this machine, by application uuid, then by key. */
export function recordForApplication(records: readonly DeploymentRecord[], item: TeamApplication): DeploymentRecord | undefined {
	const newestFirst = [...records].sort((a, b) => b.id - a.id);
	return (
		newestFirst.find(record => record.coolifyApplicationId === item.application.uuid) ??
		// By key only while the record has no uuid yet (its create answer not saved): a record pointing elsewhere is not this one.
		newestFirst.find(record => record.key === item.marker.key && record.coolifyApplicationId === null)
	);
}

/**
 * Makes a local record of a teammate's (or a lost data file's) deployment so commands can act on it.
 * No env values are copied: they stay in Coolify.
 */
export async function adoptApplication(context: ServiceContext, item: TeamApplication): Promise<DeploymentRecord> {
	const {application, marker} = item;
	return context.store.update(data => {
		// Another process (the poller) may have adopted it meanwhile: never two records of one application.
		const existing = recordForApplication(data.deployments, item);
		if (existing) {
			return existing;
		}

		return structuredClone(addAdoptedRecord(data, adoptedRecordInput(application, marker), marker, new Date(context.now()).toISOString()));
	});
}

/**
 * The one resolver behind every command that takes a deployment: a local `#id` (or bare digits), a key,
 * or an application uuid. A key or uuid this machine does not know is looked up among the team's tagged
 * applications (one request) and adopted.
 */
export async function resolveDeployment(context: ServiceContext, reference: string | number): Promise<DeploymentRecord> {
	const text = String(reference).trim();
	const local = /^#\d+$/.test(text) ? text.slice(1) : text;
	const {deployments} = await context.store.read();
	const byIdOrUuid = local === '' ? undefined : findRecordIn(deployments, local);
	if (byIdOrUuid) {
		return byIdOrUuid;
	}

	const byKey = isDeploymentKey(local) ? [...deployments].sort((a, b) => b.id - a.id).find(record => record.key === local) : undefined;
	if (byKey) {
		return byKey;
	}

	const fix = 'use a local id or an application uuid from coolify-tui list --all, or a key or uuid from coolify-tui list --team';
	if (/^\d+$/.test(local) || local === '') {
		throw new UserError(`no deployment "${text}": ${fix}`);
	}

	const team = teamApplicationsIn(await context.client.listOwnApplications());
	const found = team.find(item => item.application.uuid === local || item.marker.key === local);
	if (!found) {
		throw new UserError(`no deployment "${text}" here or among the team's in Coolify: ${fix}`);
	}

	return adoptApplication(context, found);
}

/**
 * Brings every team deployment Coolify holds into this machine's records (one request), so the team
 * view shows them all; returns how many were new here.
 */
export async function adoptTeamApplications(context: ServiceContext): Promise<number> {
	const team = teamApplicationsIn(await context.client.listOwnApplications());
	const {deployments} = await context.store.read();
	let adopted = 0;
	for (const item of team) {
		if (!recordForApplication(deployments, item)) {
			await adoptApplication(context, item);
			adopted += 1;
		}
	}

	return adopted;
}
