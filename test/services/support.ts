import {afterEach} from 'vitest';
import {simulatedTime} from '../helpers/manual-scheduler.js';
import type {PipelineConfig} from '../../source/config.js';
import type {CoolifyClientOptions} from '../../source/coolify/client.js';
import {createServiceContext, type ServiceContext} from '../../source/services/context.js';
import type {Scheduler} from '../../source/services/scheduler.js';
import type {SimulatorOptions} from '../../source/simulator/index.js';
import {editRecord} from '../../source/store/index.js';
import type {DeploymentRecord} from '../../source/domain/records.js';
import {startTestEnvironment, type TestEnvironment} from '../helpers/environment.js';

export type ServiceEnvironment = TestEnvironment & {
	/** Services on simulated time: `now` is the simulator's clock and `sleep` advances it. */
	context: ServiceContext;
};

export type ServiceEnvironmentOptions = {
	simulator?: SimulatorOptions;
	/** Appended to the helper's pipelines (web, api, broken). */
	extraPipelines?: Array<Partial<PipelineConfig> & Pick<PipelineConfig, 'id'>>;
	clientOptions?: Partial<CoolifyClientOptions>;
	extraSecrets?: string[];
	/** Real time for `now`/`sleep` instead of the simulator's clock. */
	realTime?: boolean;
	/** Time from this scheduler instead (a test's ManualScheduler). */
	scheduler?: Scheduler;
};

/**
 * The shared test environment on a manual-clock simulator, with a services context whose time is the
 * simulator's: waits (delete polling until 404) move simulated time instead of taking real time.
 */
export async function startServiceEnvironment(options: ServiceEnvironmentOptions = {}): Promise<ServiceEnvironment> {
	const environment = await startTestEnvironment({simulator: {clock: 'manual', ...options.simulator}});
	const {simulator} = environment;
	const config = {
		...environment.config,
		pipelines: [
			...environment.config.pipelines,
			...(options.extraPipelines ?? []).map(pipeline => ({name: pipeline.id, env: {}, secrets: [], ports: [], autoStart: true, ...pipeline})),
		],
	};
	const context = createServiceContext({
		config,
		store: environment.store,
		clientOptions: {retry: {minDelayMs: 1, maxDelayMs: 5}, ...options.clientOptions},
		extraSecrets: options.extraSecrets,
		...(options.scheduler ? {scheduler: options.scheduler} : options.realTime ? {} : {scheduler: simulatedTime(simulator.clock)}),
	});
	return {...environment, config, context};
}

/** One environment per test, disposed after it: `const env = useServiceEnvironment(); ... await env.start()`. */
export function useServiceEnvironment(): {start: (options?: ServiceEnvironmentOptions) => Promise<ServiceEnvironment>} {
	const started: ServiceEnvironment[] = [];
	afterEach(async () => {
		await Promise.all(started.splice(0).map(async environment => environment.dispose()));
	});
	return {
		async start(options) {
			const environment = await startServiceEnvironment(options);
			started.push(environment);
			return environment;
		},
	};
}

export async function record(environment: ServiceEnvironment, id: number): Promise<DeploymentRecord> {
	const found = await environment.store.getRecord(id);
	if (!found) {
		throw new Error(`no record ${id}`);
	}

	return found;
}

/** Moves records' creation time back, as if they were made `hours` ago. */
export async function age(environment: ServiceEnvironment, ids: number[], hours: number): Promise<void> {
	const createdAt = new Date(environment.context.now() - hours * 3_600_000).toISOString();
	await environment.store.update(data => {
		for (const id of ids) {
			editRecord(data, id, record => {
				record.createdAt = createdAt;
			});
		}
	});
}

/** An application created straight through the API, without our tag (someone else's). */
export async function createUntaggedApplication(environment: ServiceEnvironment, name: string): Promise<string> {
	const {simulator} = environment;
	const response = await fetch(`${simulator.baseUrl}/api/v1/applications/dockerimage`, {
		method: 'POST',
		headers: {authorization: `Bearer ${simulator.token}`, 'content-type': 'application/json', accept: 'application/json'},
		body: JSON.stringify({
			project_uuid: simulator.seed.projectUuid,
			server_uuid: simulator.seed.serverUuid,
			environment_name: simulator.seed.environmentName,
			environment_uuid: simulator.seed.environmentUuid,
			docker_registry_image_name: 'nginx:1.27',
			ports_exposes: '80',
			name,
		}),
	});
	if (response.status !== 201) {
		throw new Error(`create failed: ${response.status} ${await response.text()}`);
	}

	return ((await response.json()) as {uuid: string}).uuid;
}

/** The error a promise rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}

	throw new Error('expected a rejection');
}
