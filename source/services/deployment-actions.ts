import {NotFoundError} from '../coolify/errors.js';
import {parseApplicationStatus, toLifecycleStatus} from '../domain/lifecycle.js';
import type {DeploymentRecord} from '../store/index.js';
import type {ServiceContext} from './context.js';
import {firstUrl, startApplication} from './create-deployment.js';
import {UserError} from './errors.js';
import {resolveDeployment} from './team.js';
import {sanitizeInlineText} from './text-safety.js';

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

/** Reads one deployment's current state from Coolify (2 requests) and saves it. */
export async function refreshDeployment(context: ServiceContext, idOrUuid: string | number): Promise<DeploymentRecord> {
	const record = await requireRecord(context, idOrUuid);
	if (!record.coolifyApplicationId || record.deletedAt || record.cleanedAt) {
		return record;
	}

	const application = await context.client.findApplication(record.coolifyApplicationId);
	if (!application) {
		return (await context.store.patchRecord(record.id, goneBehindOurBack(context)))!;
	}

	let deploymentUuid = record.coolifyDeploymentId;
	const deployment = deploymentUuid
		? await context.client.getDeployment(deploymentUuid).catch((error: unknown) => {
			if (error instanceof NotFoundError) {
				return undefined;
			}

			throw error;
		})
		: await context.client.latestDeployment(record.coolifyApplicationId);
	deploymentUuid = deployment?.deployment_uuid ?? deploymentUuid;
	const finishedAt = deployment?.finished_at ? Date.parse(deployment.finished_at) : record.deploymentFinishedAt ? Date.parse(record.deploymentFinishedAt) : null;
	const verdict = toLifecycleStatus({
		applicationStatus: application.status,
		deploymentStatus: deployment?.status ?? null,
		deploymentFinishedAt: finishedAt,
		now: context.now(),
		stoppedByUser: record.stoppedByUser,
	});
	return (await context.store.patchRecord(record.id, {
		coolifyDeploymentId: deploymentUuid,
		deploymentStatus: deployment?.status ?? null,
		deploymentFinishedAt: finishedAt === null ? null : new Date(finishedAt).toISOString(),
		status: verdict.status,
		health: verdict.health,
		coolifyStatus: sanitizeInlineText(application.status),
		deploymentUrl: firstUrl(application.fqdn) ?? record.deploymentUrl,
		errorMessage: verdict.status === 'failed' ? (verdict.reason ?? record.errorMessage) : null,
	}))!;
}

/** The patch for a record whose application was deleted in Coolify by someone else. */
export function goneBehindOurBack(context: ServiceContext): Partial<DeploymentRecord> {
	return {
		status: 'stopped',
		health: null,
		deletedAt: new Date(context.now()).toISOString(),
		errorMessage: 'the application no longer exists in Coolify (deleted outside coolify-tui)',
	};
}
