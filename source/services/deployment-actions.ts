import type {CoolifyApplication} from '../coolify/types.js';
import {parseApplicationStatus} from '../domain/lifecycle.js';
import {isConcludedGone, reconcile, type Observation} from '../domain/reconcile.js';
import {BadRequestError, NotFoundError, isThingGone} from '../coolify/errors.js';
import type {DeploymentRecord} from '../domain/records.js';
import type {ServiceContext} from './context.js';
import {firstUrl} from '../domain/urls.js';
import {findApplicationByKey, startApplication} from './create-deployment.js';
import {UserError} from './errors.js';
import {resolveDeployment} from './team.js';
import {terminalSafeLine} from '../domain/terminal-text.js';

/**
 * Finds a deployment by local `#id`, key or Coolify application uuid (a teammate's is adopted from Coolify:
 * see services/team.ts); a one-line error with the fix otherwise.
 */
export async function requireRecord(context: ServiceContext, reference: string | number): Promise<DeploymentRecord> {
	return resolveDeployment(context, reference);
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

/** Starts a stopped deployment, or redeploys a running one; `force` rebuilds without Docker's build cache. */
export async function startDeployment(context: ServiceContext, idOrUuid: string | number, options: {force?: boolean} = {}): Promise<DeploymentRecord> {
	const record = await requireRecord(context, idOrUuid);
	const applicationUuid = requireApplication(record, 'start');
	const deploymentUuid = await startApplication(context.client, applicationUuid, options);
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

/**
 * Asks Coolify to stop the application (without its server-wide Docker cleanup); the record reads
 * `stopped` at once (Coolify's status lags). A build queued or in progress is cancelled first: Coolify's
 * stop leaves it running, and its container would start again when it ends.
 */
export async function stopDeployment(context: ServiceContext, idOrUuid: string | number): Promise<DeploymentRecord> {
	const record = await requireRecord(context, idOrUuid);
	const applicationUuid = requireApplication(record, 'stop');
	await cancelBuildInFlight(context, record);
	await context.client.stopApplication(applicationUuid, {dockerCleanup: false});
	return (await context.store.patchRecord(record.id, {status: 'stopped', health: null, stoppedByUser: true, errorMessage: null}))!;
}

/** Cancels the record's deployment when it may still be queued or building; one that already ended is fine. */
export async function cancelBuildInFlight(context: ServiceContext, record: DeploymentRecord): Promise<void> {
	const deploymentUuid = record.coolifyDeploymentId;
	if (!deploymentUuid || (record.deploymentStatus !== 'queued' && record.deploymentStatus !== 'in_progress')) {
		return;
	}

	try {
		await context.client.cancelDeployment(deploymentUuid);
	} catch (error) {
		// 400 "Deployment cannot be cancelled. Current status: finished" (DeployController::cancel_deployment),
		// or 404: it ended or went meanwhile, which is what we wanted.
		if (!(error instanceof BadRequestError) && !isThingGone(error)) {
			throw error;
		}
	}
}

export type DeleteOptions = {
	/** How long to wait for Coolify's queued deletion to finish. @default 60000 */
	timeoutMs?: number;
	/** @default 1000 */
	pollMs?: number;
};

/**
 * Cancels a build in flight, asks Coolify to delete the application (a queued job that stops it first, so
 * no stop of our own; `docker_cleanup=false` keeps it from cleaning the whole server), and waits until
 * Coolify answers 404 before marking the record deleted. The record itself stays, as history.
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
			await cancelBuildInFlight(context, record);
			try {
				await context.client.deleteApplication(applicationUuid, {dockerCleanup: false});
			} catch (error) {
				if (!isThingGone(error)) {
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
		? await context.client.getDeployment(deploymentUuid, {logEntries: 'none'}).catch((error: unknown) => {
			if (isThingGone(error)) {
				return undefined;
			}

			throw error;
		})
		: await context.client.latestDeployment(applicationUuid);
	const observation: Observation = {
		kind: 'present',
		application: {uuid: application.uuid, status: terminalSafeLine(application.status), url: firstUrl(application.fqdn), description: application.description ?? null},
		...(deployment
			? {deployment: {uuid: deployment.deployment_uuid, status: deployment.status, finishedAt: deployment.finished_at ? Date.parse(deployment.finished_at) : null}}
			: {}),
	};
	return (await context.store.patchRecord(record.id, reconcile(record, observation, context.now())))!;
}
