import {readFile} from 'node:fs/promises';
import {expect, vi} from 'vitest';
import type {CoolifyClientOptions} from '../../source/coolify/client.js';
import {createServiceContext, type ServiceContext} from '../../source/services/context.js';
import type {Scheduler} from '../../source/services/scheduler.js';
import {createDeployment} from '../../source/services/create-deployment.js';
import {pollOnce} from '../../source/services/poller.js';
import {checkStoreData} from '../../source/store/schema.js';
import type {DeploymentRecord} from '../../source/domain/records.js';
import type {TestEnvironment} from '../helpers/environment.js';

/** One HTTP attempt as the client made it (before any answer). */
export type Attempt = {method: string; path: string; attemptNumber: number};

/**
 * A second service context over the environment's store and simulator, with its own client: short
 * retry delays as in the environment, every attempt counted, and any other client option.
 */
export function contextWith(
	environment: TestEnvironment,
	options: {clientOptions?: Partial<CoolifyClientOptions>; scheduler?: Scheduler} = {},
): {context: ServiceContext; attempts: Attempt[]} {
	const attempts: Attempt[] = [];
	const context = createServiceContext({
		config: environment.config,
		store: environment.store,
		scheduler: options.scheduler,
		clientOptions: {
			retry: {minDelayMs: 5, maxDelayMs: 20},
			onAttempt(attempt) {
				attempts.push(attempt);
			},
			...options.clientOptions,
		},
	});
	return {context, attempts};
}

/** Deploys a pipeline and polls until its record reaches `status`. */
export async function deployUntil(context: ServiceContext, pipelineId: string, status: DeploymentRecord['status'] = 'running'): Promise<DeploymentRecord> {
	const created = await createDeployment(context, pipelineId);
	expect(created.status, created.errorMessage ?? '').not.toBe('failed');
	return pollUntil(context, created.id, record => record.status === status, `#${created.id} to be ${status}`);
}

/** Polls Coolify (the real `pollOnce`) until the record satisfies `predicate`. */
export async function pollUntil(
	context: ServiceContext,
	id: number,
	predicate: (record: DeploymentRecord) => boolean,
	what: string,
	timeout = 15_000,
): Promise<DeploymentRecord> {
	let last: DeploymentRecord | undefined;
	await vi.waitFor(
		async () => {
			await pollOnce(context);
			last = await context.store.getRecord(id);
			if (!last || !predicate(last)) {
				throw new Error(`waiting for ${what}; the record is ${JSON.stringify(last?.status)}`);
			}
		},
		{timeout, interval: 20},
	);
	return last!;
}

/** The data file parses and passes the store's own checks. */
export async function expectWholeDataFile(dataPath: string): Promise<DeploymentRecord[]> {
	const text = await readFile(dataPath, 'utf8');
	const checked = checkStoreData(JSON.parse(text));
	expect(checked.ok, checked.ok ? '' : checked.reason).toBe(true);
	return checked.ok ? checked.data.deployments : [];
}
