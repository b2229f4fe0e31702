import {createBuildScript} from './build-logs.js';
import {createUuid} from './ids.js';
import {
	type ApplicationRecord,
	type DeploymentRecord,
	type SimulatorState,
	destinationOf,
	environmentOf,
	projectOf,
	serverOf,
	takeId,
} from './state.js';

/** Simulated durations (ms). A build adds ~9-12 s, so a full deploy takes ~13-16 s. */
export const timings = {pickup: 1000, starting: 3000, stopping: 1000, removing: 2000};

type TimedEvent = {at: number; apply: (at: number) => void};

function startDeployment(deployment: DeploymentRecord, at: number) {
	deployment.status = 'in_progress';
	deployment.startedAt = at;
	deployment.updatedAt = at;
}

function finishDeployment(state: SimulatorState, deployment: DeploymentRecord, at: number) {
	deployment.status = deployment.script.outcome;
	deployment.finishedAt = at;
	deployment.updatedAt = at;
	const application = state.applications.find(candidate => candidate.id === deployment.applicationId);
	if (!application || deployment.script.outcome !== 'finished' || application.pending?.remove) {
		// A failed build leaves the old container (or none) as it was.
		return;
	}

	startContainer(application, at);
	// ApplicationDeploymentJob (health check loop): `$this->application->update(['status' => 'running'])`, which
	// Application::status's setter stores as `running:unhealthy`; the status job later reads the container's
	// real health: `healthy` with a health check, `unknown` without (Docker reports none).
	application.status = 'running:unhealthy';
	// An image named like `example/unhealthy-app` plays a container whose health check keeps failing.
	const failsHealthCheck = /unhealthy/i.test(String(application.columns.docker_registry_image_name ?? ''));
	const health = failsHealthCheck ? 'unhealthy' : application.columns.health_check_enabled === true ? 'healthy' : 'unknown';
	application.pending = {at: at + timings.starting, status: `running:${health}`};
}

/** A new container starts with the variables as they are now. */
export function startContainer(application: ApplicationRecord, at: number) {
	application.containerStartedAt = at;
	application.containerEnv = application.envs
		.filter(env => env.isRuntime && !env.isPreview)
		.map(({key, value}) => ({key, value}));
}

function applyPending(state: SimulatorState, application: ApplicationRecord) {
	const pending = application.pending!;
	application.pending = null;
	if (pending.remove) {
		removeApplication(state, application);
		return;
	}

	if (pending.stopContainer) {
		application.containerStartedAt = null;
	}

	if (pending.status) {
		application.status = pending.status;
	}
}

function nextEvent(state: SimulatorState, now: number): TimedEvent | undefined {
	let best: TimedEvent | undefined;
	const consider = (at: number, apply: (at: number) => void) => {
		if (at <= now && (!best || at < best.at)) {
			best = {at, apply};
		}
	};

	// Finishes come first so a build slot freed at time T can be taken at T.
	for (const deployment of state.deployments) {
		if (deployment.status === 'in_progress') {
			consider(deployment.startedAt! + deployment.script.duration, at => finishDeployment(state, deployment, at));
		}
	}

	for (const application of state.applications) {
		if (application.pending) {
			consider(application.pending.at, () => applyPending(state, application));
		}
	}

	for (const server of state.servers) {
		const onServer = state.deployments.filter(deployment => deployment.serverId === server.id);
		const inProgress = onServer.filter(deployment => deployment.status === 'in_progress').length;
		const queued = onServer.filter(deployment => deployment.status === 'queued');
		const readyAt = (deployment: DeploymentRecord) => Math.max(deployment.createdAt + timings.pickup, state.settledAt);
		for (const deployment of queued.filter(candidate => candidate.skipQueue)) {
			consider(readyAt(deployment), at => startDeployment(deployment, at));
		}

		const next = queued.find(candidate => !candidate.skipQueue);
		if (next && inProgress < server.concurrentBuilds) {
			consider(readyAt(next), at => startDeployment(next, at));
		}
	}

	return best;
}

/** Applies, in time order, every transition due up to `now` (no timers: state is derived on each request). */
export function settle(state: SimulatorState, now: number) {
	for (let event = nextEvent(state, now); event; event = nextEvent(state, now)) {
		state.settledAt = Math.max(state.settledAt, event.at);
		event.apply(event.at);
	}

	state.settledAt = Math.max(state.settledAt, now);
}

export type QueueResult =
	| {status: 'queued'; deployment: DeploymentRecord}
	| {status: 'skipped'; message: string}
	/** Coolify's helper refused, but the start/restart controllers still answer with this never-stored uuid. */
	| {status: 'queue_full'; uuid: string};

export type QueueOptions = {forceRebuild?: boolean; restartOnly?: boolean; skipQueue?: boolean; now: number};

/**
 * Coolify's `queue_application_deployment` (bootstrap/helpers/applications.php): skip when one is queued or
 * running unless `force_rebuild` or `no_questions_asked` (the API's `instant_deploy`), refuse when the queue is full.
 */
export function queueDeployment(state: SimulatorState, application: ApplicationRecord, options: QueueOptions): QueueResult {
	const busy = state.deployments.some(
		deployment => deployment.applicationId === application.id && (deployment.status === 'queued' || deployment.status === 'in_progress'),
	);
	if (busy && !options.forceRebuild && !options.skipQueue) {
		return {status: 'skipped', message: 'Deployment already queued for this commit.'};
	}

	const server = serverOf(state, application);
	const queuedOnServer = state.deployments.filter(deployment => deployment.serverId === server.id && deployment.status === 'queued').length;
	if (queuedOnServer >= state.deploymentQueueLimit) {
		return {status: 'queue_full', uuid: createUuid()};
	}

	const uuid = createUuid();
	const environment = environmentOf(state, application);
	const project = projectOf(state, environment);
	const destination = destinationOf(state, application);
	const columns = application.columns;
	const deployment: DeploymentRecord = {
		id: takeId(state, 'deployment'),
		uuid,
		applicationId: application.id,
		applicationName: String(columns.name),
		serverId: server.id,
		serverName: server.name,
		destinationId: destination.id,
		status: 'queued',
		forceRebuild: options.forceRebuild ?? false,
		restartOnly: options.restartOnly ?? false,
		isApi: true,
		skipQueue: options.skipQueue ?? false,
		deploymentUrl: `/project/${project.uuid}/environment/${environment.uuid}/application/${application.uuid}/deployment/${uuid}`,
		script: createBuildScript({
			deploymentUuid: uuid,
			applicationUuid: application.uuid,
			applicationName: String(columns.name),
			buildPack: columns.build_pack === 'dockerfile' ? 'dockerfile' : 'dockerimage',
			image: (columns.docker_registry_image_name as string | null) ?? null,
			tag: (columns.docker_registry_image_tag as string | null) ?? null,
			dockerfile: (columns.dockerfile as string | null) ?? null,
			buildtimeEnvKeys: application.envs.filter(env => env.isBuildtime && !env.isPreview).map(env => env.key),
			serverName: server.name,
			network: destination.network,
			restartOnly: options.restartOnly ?? false,
			forceRebuild: options.forceRebuild ?? false,
		}),
		createdAt: options.now,
		updatedAt: options.now,
		startedAt: null,
		finishedAt: null,
		extraLogs: [],
	};
	state.deployments.push(deployment);
	return {status: 'queued', deployment};
}

/** Returns an error message when the deployment is already in a terminal state. */
export function cancelDeployment(deployment: DeploymentRecord, now: number): string | undefined {
	if (deployment.status !== 'queued' && deployment.status !== 'in_progress') {
		return `Deployment cannot be cancelled. Current status: ${deployment.status}`;
	}

	deployment.status = 'cancelled-by-user';
	deployment.finishedAt = now;
	deployment.updatedAt = now;
	deployment.extraLogs.push({at: now, output: 'Deployment cancelled by user.', type: 'stderr'});
	return undefined;
}

/**
 * ApplicationsController::action_stop queues StopApplication: the status becomes `exited:unhealthy` (the
 * setter adds the health). `docker_cleanup` (default true) also runs a Docker cleanup of the whole server.
 * A build in flight is not cancelled: when it ends, its container starts again.
 */
export function stopApplication(state: SimulatorState, application: ApplicationRecord, now: number, dockerCleanup: boolean) {
	if (dockerCleanup) {
		state.dockerCleanups++;
	}

	if (!application.pending?.remove) {
		application.pending = {at: now + timings.stopping, status: 'exited:unhealthy', stopContainer: true};
	}
}

/**
 * DeleteResourceJob force-deletes the application, and Application::forceDeleting deletes its
 * `deployment_queue` rows with it: its deployments answer 404 from then on and leave `GET /deployments`.
 */
export function removeApplication(state: SimulatorState, application: ApplicationRecord) {
	state.applications = state.applications.filter(candidate => candidate !== application);
	state.deployments = state.deployments.filter(deployment => deployment.applicationId !== application.id);
}

/**
 * ApplicationsController::delete_by_uuid queues DeleteResourceJob, which stops the application itself
 * (`StopApplication::run(..., dockerCleanup: $this->dockerCleanup)`, default true) and then removes it:
 * no `removing` status is ever shown; the application reads as before until it is gone.
 */
export function scheduleRemoval(state: SimulatorState, application: ApplicationRecord, now: number, dockerCleanup: boolean) {
	if (!application.pending?.remove) {
		if (dockerCleanup) {
			state.dockerCleanups++;
		}

		application.pending = {at: now + timings.removing, remove: true};
	}
}

/** `docker logs` works only while the container runs; Coolify answers 400 otherwise. */
export function isContainerRunning(application: ApplicationRecord): boolean {
	return application.containerStartedAt !== null && /^(running|starting|degraded)/.test(application.status);
}
