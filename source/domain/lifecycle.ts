/** Every lifecycle status, in the order a deployment normally goes through them. */
export const lifecycleStatuses = ['pending', 'building', 'deploying', 'running', 'failed', 'stopped'] as const;

/** Our lifecycle of a test deployment, as the seed named it. */
export type LifecycleStatus = (typeof lifecycleStatuses)[number];

/** Statuses with work in flight on Coolify's side: the poller watches these. */
export const activeStatuses: readonly LifecycleStatus[] = ['pending', 'building', 'deploying', 'running'];

export const healthValues = ['healthy', 'unhealthy', 'unknown', 'starting'] as const;

/** Health of a running application as Coolify reports it. */
export type Health = (typeof healthValues)[number];

/**
 * The states and healths Coolify really sends (Coolify's `app/Models/Application.php`
 * `status()`, and the status aggregator): never `running:starting`, never `removing:*`.
 */
const knownStates = new Set(['running', 'exited', 'restarting', 'starting', 'degraded', 'paused']);
const knownHealth = new Set(['healthy', 'unhealthy', 'unknown']);

export type ApplicationState = {state: string; health: Health; isKnown: boolean};

/** Splits `"running:healthy"`; a bare `"exited"` has health `unknown`. */
export function parseApplicationStatus(status: string): ApplicationState {
	const [state = '', rawHealth = 'unknown'] = status.trim().toLowerCase().split(':', 2);
	const health = (knownHealth.has(rawHealth) ? rawHealth : 'unknown') as Health;
	return {state, health, isKnown: knownStates.has(state) && (knownHealth.has(rawHealth) || rawHealth === '')};
}

/** What Coolify tells us about one test deployment at one moment. */
export type LifecycleSignals = {
	/** The application's `status`; `null` when the application does not exist (yet, or any more). */
	applicationStatus: string | null;
	/** The status of the deployment we track; `null` when there is none. */
	deploymentStatus: string | null;
	/** When the deployment finished (ms since epoch), to allow for the lag of Coolify's status jobs. */
	deploymentFinishedAt?: number | null;
	now?: number;
	/** The user stopped it (or cleanup did): an exited application is then `stopped`, not `failed`. */
	stoppedByUser?: boolean;
};

export type LifecycleVerdict = {
	status: LifecycleStatus;
	health: Health | null;
	/** Why it failed, or what was unexpected. */
	reason?: string;
	/** Set when Coolify sent a status string we do not know; the status is then our best guess. */
	unknownStatus?: string;
};

/**
 * Coolify's application statuses lag the real state by up to a minute (they are refreshed by background
 * jobs), so an application still `exited` right after its deployment finished is not yet a failure.
 */
export const statusLagMs = 60_000;

/**
 * Maps Coolify's signals to our lifecycle. Table-tested in test/coolify/lifecycle.test.ts; the order of
 * the checks is the table's order of precedence.
 */
export function toLifecycleStatus(signals: LifecycleSignals): LifecycleVerdict {
	const deployment = signals.deploymentStatus?.toLowerCase() ?? null;
	const app = signals.applicationStatus === null ? null : parseApplicationStatus(signals.applicationStatus);

	if (deployment === 'cancelled-by-user') {
		return {status: 'stopped', health: null, reason: 'deployment cancelled'};
	}

	if (deployment === 'queued') {
		return {status: 'pending', health: null};
	}

	if (deployment === 'in_progress') {
		return {status: 'building', health: null};
	}

	if (deployment === 'failed') {
		return {status: 'failed', health: null, reason: 'the build failed: see the build log'};
	}

	if (app === null) {
		return {status: 'pending', health: null};
	}

	const unknownStatus = app.isKnown ? undefined : signals.applicationStatus!;
	switch (app.state) {
		case 'running': {
			// `running:unhealthy` right after a deployment is normal for a poll or so (ApplicationDeploymentJob
			// stores `running`, which reads `running:unhealthy` until the status job sees the real health).
			return {status: 'running', health: app.health, unknownStatus};
		}

		case 'starting':
		case 'restarting': {
			return {status: 'deploying', health: app.health, unknownStatus};
		}

		// `exited:unhealthy` is a new or stopped application.
		case 'exited':
		case 'degraded':
		case 'paused': {
			if (signals.stoppedByUser) {
				return {status: 'stopped', health: null};
			}

			if (deployment === null) {
				return {status: app.state === 'exited' ? 'pending' : 'failed', health: null, reason: exitedReason(app.state)};
			}

			const finishedAt = signals.deploymentFinishedAt ?? null;
			const now = signals.now ?? Date.now();
			if (deployment === 'finished' && finishedAt !== null && now - finishedAt < statusLagMs && app.state === 'exited') {
				return {status: 'deploying', health: null};
			}

			return {status: 'failed', health: app.health === 'unknown' ? null : app.health, reason: exitedReason(app.state)};
		}

		default: {
			return {status: deployment === 'finished' ? 'deploying' : 'pending', health: null, unknownStatus: signals.applicationStatus!};
		}
	}
}

function exitedReason(state: string): string {
	return state === 'degraded'
		? 'the application is degraded: some containers are not running'
		: `the application is ${state} although nobody stopped it: see the runtime log`;
}
