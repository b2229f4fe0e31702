/**
 * A test deployment's identity across machines. The key is random, so two machines (two laptops, two CI
 * runners) never produce the same application name; the local `#id` is only this machine's short handle.
 */

const keyAlphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Key length: 36^6 ≈ 2.2e9 keys, so a team's few hundred test deployments never collide. */
export const deploymentKeyLength = 6;

const keyPattern = /^[\da-z]{6,8}$/;

/** A fresh random key of base36 characters. `randomBytes` is injectable for tests. */
export function newDeploymentKey(randomBytes: (length: number) => Uint8Array = length => crypto.getRandomValues(new Uint8Array(length))): string {
	const bytes = randomBytes(deploymentKeyLength);
	let key = '';
	for (const byte of bytes) {
		key += keyAlphabet[byte % keyAlphabet.length];
	}

	return key;
}

export function isDeploymentKey(value: unknown): value is string {
	return typeof value === 'string' && keyPattern.test(value);
}

/** The Coolify application name of a test deployment: `<pipeline>-test-<key>`. */
export function applicationNameFor(pipelineId: string, key: string): string {
	return `${pipelineId}-test-${key}`;
}
