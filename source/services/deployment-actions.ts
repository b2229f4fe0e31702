import {NotFoundError} from '../coolify/errors.js';
import type {CoolifyApplication} from '../coolify/types.js';
import {parseApplicationStatus} from '../domain/lifecycle.js';
import {isConcludedGone, reconcile, type Observation} from '../domain/reconcile.js';
import type {DeploymentRecord} from '../store/index.js';
import type {ServiceContext} from './context.js';
import {findApplicationByKey, firstUrl, startApplication} from './create-deployment.js';
import {UserError} from './errors.js';
import {sanitizeInlineText} from './text-safety.js';

/** Finds a record by local id or Coolify application uuid; a one-line error with the fix otherwise. */
export async function requireRecord(context: ServiceContext, idOrUuid: string | number): Promise<DeploymentRecord> {
	const record = await context.store.findRecord(String(idOrUuid));
	if (!record) {
		throw new UserError(`no deployment "${idOrUuid}": use a local id or an application uuid from coolify-tui list --all`);
	}

	return record;
}

function requireApplication(record: DeploymentRecord, action: string): string {
	if (record.deletedAt || record.cleanedAt) {
		throw new UserError(`cannot ${action} deployment #${record.id}: its application was deleted; deploy the pipeline again with coolify-tui deploy ${record.pipelineId}`);
	}

	if (!record.coolifyApplicationId) {
		throw new UserError(`cannot ${action} deployment #${record.id}: Coolify never created its application (${record.errorMessage ?? 'unknown reason'}); deploy again`);
	}

	return record.coolifyApplicationId;
}

/** Starts a stopped deployment, or redeploys a running one. */
export async function startDeployment(context: ServiceContext, idOrUuid: string | number): Promise<DeploymentRecord> {
	const record = await requireRecord(context, idOrUuid);
	const applicationUuid = requireApplication(record, 'start');
	const deploymentUuid = await startApplication(context.client, applicationUuid);
	return (await context.store.patchRecord(record.id, {
		coolifyDeploymentId: deploymentUuid,
		deploymentStatus: deploymentUuid ? 'queued' : null,
		deploymentFinishedAt: null,
		status: 'pending',
		health: null,
		stoppedByUser: false,
		errorMessage: null,
	}))!;
}

/** Asks Coolify to stop the application; the record reads `stopped` at once (Coolify's status lags). */
export async function stopDeployment(context: ServiceContext, idOrUuid: string | number): Promise<DeploymentRecord> {
	const record = await requireRecord(context, idOrUuid);
	const applicationUuid = requireApplication(record, 'stop');
	await context.client.stopApplication(applicationUuid);
	return (await context.store.patchRecord(record.id, {status: 'stopped', health: null, stoppedByUser: true, errorMessage: null}))!;
}

export type DeleteOptions = {
	/** How long to wait for Coolify's queued deletion to finish. @default 60000 */
	timeoutMs?: number;
	/** @default 1000 */
	pollMs?: number;
};

/**
 * Stops the application if it runs, asks Coolify to delete it (a queued job), and waits until Coolify
 * answers 404 before marking the record deleted. The record itself stays, as history.
 */
export async function deleteDeployment(context: ServiceContext, idOrUuid: string | number, options: DeleteOptions = {}): Promise<DeploymentRecord> {
	const record = await requireRecord(context, idOrUuid);
	if (record.deletedAt) {
		return record;
	}

	const applicationUuid = record.coolifyApplicationId;
	if (applicationUuid) {
		// Only what coolify-tui made (it carries our tag): a uuid in a record (edited by hand, pasted by
		// mistake) is not enough. Not among ours: gone already, or someone else's.
		const application = (await context.client.listOwnApplications()).find(candidate => candidate.uuid === applicationUuid);
		if (!application && (await context.client.findApplication(applicationUuid))) {
			throw new UserError(
				`refusing to delete application ${applicationUuid} of deployment #${record.id}: it does not carry the coolify-tui tag, so coolify-tui did not make it; delete it in Coolify if you mean to`,
			);
		}

		if (application) {
			if (parseApplicationStatus(application.status).state === 'running') {
				await context.client.stopApplication(applicationUuid);
			}

			try {
				await context.client.deleteApplication(applicationUuid);
			} catch (error) {
				if (!(error instanceof NotFoundError)) {
					throw error;
				}
			}

			await context.store.patchRecord(record.id, {status: 'stopped', health: null, stoppedByUser: true});
			await waitUntilGone(context, applicationUuid, options);
		}
	}

	const at = new Date(context.now()).toISOString();
	// The record stays as history; its cached logs go, so the data file stays small.
	return (await context.store.patchRecord(record.id, {
		status: 'stopped',
		health: null,
		stoppedByUser: true,
		deletedAt: at,
		errorMessage: null,
		buildLogs: null,
		runtimeLogs: null,
	}))!;
}

async function waitUntilGone(context: ServiceContext, applicationUuid: string, options: DeleteOptions): Promise<void> {
	const deadline = context.now() + (options.timeoutMs ?? 60_000);
	for (;;) {
		if (!(await context.client.findApplication(applicationUuid))) {
			return;
		}

		if (context.now() >= deadline) {
			throw new Error(
				`Coolify accepted the deletion of ${applicationUuid} but the application still exists after ${Math.round((options.timeoutMs ?? 60_000) / 1000)}s: its queue may be busy; check again with coolify-tui show`,
			);
		}

		await context.sleep(options.pollMs ?? 1000);
	}
}

/**
 * Reads one deployment's current state from Coolify (2 requests) and saves it, through the same
 * reconciler as the poller. Only Coolify's own "Application not found." concludes it is gone; any other
 * failure (a foreign 404, a restart) is thrown and changes nothing.
 */
export async function refreshDeployment(context: ServiceContext, idOrUuid: string | number): Promise<DeploymentRecord> {
	const record = await requireRecord(context, idOrUuid);
	if (record.cleanedAt || (record.deletedAt && !isConcludedGone(record))) {
		return record;
	}

	let applicationUuid = record.coolifyApplicationId;
	if (!applicationUuid && record.key) {
		// An interrupted create: its application, if it was made, carries the key.
		applicationUuid = (await findApplicationByKey(context.client, record.key))?.uuid ?? null;
		if (!applicationUuid) {
			return (await context.store.patchRecord(record.id, reconcile(record, {kind: 'absent', listTrusted: true}, context.now())))!;
		}
	}

	if (!applicationUuid) {
		return record;
	}

	let application: CoolifyApplication;
	try {
		application = await context.client.getApplication(applicationUuid);
	} catch (error) {
		if (error instanceof NotFoundError && error.isApplicationNotFound) {
			return (await context.store.patchRecord(record.id, reconcile(record, {kind: 'not-found'}, context.now())))!;
		}

		throw error;
	}

	const deploymentUuid = record.coolifyDeploymentId;
	const deployment = deploymentUuid
		? await context.client.getDeployment(deploymentUuid).catch((error: unknown) => {
			if (error instanceof NotFoundError) {
				return undefined;
			}

			throw error;
		})
		: await context.client.latestDeployment(applicationUuid);
	const observation: Observation = {
		kind: 'present',
		application: {uuid: application.uuid, status: sanitizeInlineText(application.status), url: firstUrl(application.fqdn), description: application.description ?? null},
		...(deployment
			? {deployment: {uuid: deployment.deployment_uuid, status: deployment.status, finishedAt: deployment.finished_at ? Date.parse(deployment.finished_at) : null}}
			: {}),
	};
	return (await context.store.patchRecord(record.id, reconcile(record, observation, context.now())))!;
}
