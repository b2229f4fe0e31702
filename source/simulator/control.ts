import type {SimulatorClock} from './clock.js';
import {removeApplication, settle, startContainer} from './lifecycle.js';
import type {RateLimiter} from './rate-limit.js';
import {type SimulatorState, addDestination, findApplication} from './state.js';

/** Changes made "behind the client's back", as an admin or Coolify's own jobs would. */
export type SimulatorControl = {
	/** Off: every `/api/v1` route except health answers 403 `{"success":true,"message":"API is disabled."}`. */
	setApiEnabled(enabled: boolean): void;
	/** Gives a server one more destination (then creating without `destination_uuid` is a 400). Returns its uuid. */
	addDestination(serverUuid: string, options?: {name?: string; network?: string}): string;
	/** Forces a status string (any text, e.g. an unknown `paused:weird`); cancels pending transitions. */
	setApplicationStatus(uuid: string, status: string): void;
	/** The current status after settling, or undefined when the application is gone. */
	getApplicationStatus(uuid: string): string | undefined;
	/** Deleted outside the API: immediately 404. */
	deleteApplication(uuid: string): void;
	/** The token stops working (401) until `restoreToken()`. */
	revokeToken(): void;
	restoreToken(): void;
	setAbilities(abilities: string[]): void;
	setRateLimit(perMinute: number): void;
	/** Server-wide limit of queued deployments (Coolify's `deployment_queue_limit`). */
	setDeploymentQueueLimit(limit: number): void;
	/** `object` forces the object-keyed `GET /deployments` of coollabsio/coolify#10077; `auto` is Coolify's own. */
	setDeploymentListShape(shape: 'auto' | 'object' | 'array'): void;
	/** Server-wide Docker cleanups that stops and deletes have run so far (their `docker_cleanup`). */
	readonly dockerCleanups: number;
	/** Sets the concurrent builds of every server (Coolify's `concurrent_builds`, default 2). */
	setConcurrentBuilds(count: number): void;
};

export function createControl(state: SimulatorState, clock: SimulatorClock, limiter: RateLimiter): SimulatorControl {
	const settled = () => {
		settle(state, clock.now());
		return clock.now();
	};

	const requireApplication = (uuid: string) => {
		const application = findApplication(state, uuid);
		if (!application) {
			throw new Error(`simulator: no application ${uuid}`);
		}

		return application;
	};

	return {
		setApiEnabled(enabled) {
			state.apiEnabled = enabled;
		},
		addDestination(serverUuid, options = {}) {
			const server = state.servers.find(candidate => candidate.uuid === serverUuid);
			if (!server) {
				throw new Error(`simulator: no server ${serverUuid}`);
			}

			return addDestination(state, server, settled(), options.name, options.network).uuid;
		},
		setApplicationStatus(uuid, status) {
			const now = settled();
			const application = requireApplication(uuid);
			application.status = status;
			application.pending = null;
			if (!/^(running|starting|degraded)/.test(status)) {
				application.containerStartedAt = null;
			} else if (application.containerStartedAt === null) {
				startContainer(application, now);
			}
		},
		getApplicationStatus(uuid) {
			settled();
			return findApplication(state, uuid)?.status;
		},
		deleteApplication(uuid) {
			settled();
			removeApplication(state, requireApplication(uuid));
		},
		revokeToken() {
			state.tokenRevoked = true;
		},
		restoreToken() {
			state.tokenRevoked = false;
		},
		setAbilities(abilities) {
			state.abilities = [...abilities];
		},
		setRateLimit(perMinute) {
			limiter.setLimit(perMinute);
		},
		setDeploymentQueueLimit(limit) {
			state.deploymentQueueLimit = limit;
		},
		setDeploymentListShape(shape) {
			state.deploymentListShape = shape;
		},
		get dockerCleanups() {
			return state.dockerCleanups;
		},
		setConcurrentBuilds(count) {
			for (const server of state.servers) {
				server.concurrentBuilds = count;
			}
		},
	};
}
