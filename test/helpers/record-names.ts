import {expect, vi} from 'vitest';
import type {DeploymentStore} from '../../source/store/index.js';

/** Anything that holds the store of a test: a test environment, or a dashboard opened on one. */
export type HasStore = {store: Pick<DeploymentStore, 'getRecord'>} | {environment: {store: Pick<DeploymentStore, 'getRecord'>}};

/**
 * The application name of local record `id`, once the record exists. Names carry a random key
 * (`web-test-k3x9q2`), so tests created through the real code path look them up rather than guess them.
 */
export async function nameOf(from: HasStore, id: number): Promise<string> {
	const store = 'store' in from ? from.store : from.environment.store;
	return vi.waitFor(async () => {
		const record = await store.getRecord(id);
		expect(record).toBeDefined();
		return record!.applicationName;
	}, {timeout: 10_000, interval: 20});
}
