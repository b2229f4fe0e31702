import type {CoolifyClient} from './client.js';
import {CoolifyError} from './errors.js';
import {judgeCoolifyVersion} from './versions.js';

export type HealthStatus = 'healthy' | 'degraded' | 'unavailable';

/** The answer of `checkHealth`, shaped like the seed's health endpoint. */
export type HealthReport = {
	available: boolean;
	status: HealthStatus;
	version: string | null;
	message: string;
};

export type HealthTargets = {projectUuid?: string; serverUuid?: string; environmentName?: string};

/**
 * `healthy` when Coolify answers, the token works and the configured targets exist; `degraded` when it
 * answers but the token or a target is wrong; `unavailable` when it does not answer.
 */
export async function checkHealth(client: CoolifyClient, targets: HealthTargets = {}): Promise<HealthReport> {
	try {
		await client.health();
	} catch (error) {
		return {available: false, status: 'unavailable', version: null, message: describe(error)};
	}

	let version: string | null = null;
	try {
		version = await client.version();
		if (targets.projectUuid) {
			await client.getProject(targets.projectUuid);
			if (targets.environmentName) {
				await client.getEnvironment(targets.projectUuid, targets.environmentName);
			}
		}

		if (targets.serverUuid) {
			await client.getServer(targets.serverUuid);
		}
	} catch (error) {
		if (error instanceof CoolifyError && (error.kind === 'unreachable' || error.kind === 'timeout')) {
			return {available: false, status: 'unavailable', version, message: describe(error)};
		}

		return {available: true, status: 'degraded', version, message: describe(error)};
	}

	const verdict = judgeCoolifyVersion(version);
	if (!verdict.isSupported) {
		return {available: true, status: 'degraded', version, message: verdict.message};
	}

	return {available: true, status: 'healthy', version, message: `Coolify ${version} is reachable and the token works`};
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
