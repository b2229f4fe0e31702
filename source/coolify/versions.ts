/**
 * Which Coolify versions coolify-tui supports, and why: it tags every application
 * it creates, and Coolify accepts `tags` on create only from 4.2.0 (`ApplicationsController`'s allowed
 * fields); 4.1.2 and the 4.0.0 betas answer 422 `tags: This field is not allowed.`.
 */
export const minimumCoolifyVersion = '4.2.0';

/** The version coolify-tui is tested against. */
export const testedCoolifyVersion = '4.3.11';

export const upgradeAdvice = `upgrade Coolify to ${minimumCoolifyVersion} or newer: older versions reject application tags`;

export type VersionVerdict = {isSupported: boolean; isKnown: boolean; message: string};

/** `4.3.11`, `v4.2.0`, `4.0.0-beta.460`; betas come before their release. */
function versionParts(version: string): number[] | undefined {
	const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-beta\.(\d+))?/.exec(version.trim());
	return match ? [Number(match[1]), Number(match[2]), Number(match[3]), match[4] === undefined ? Number.POSITIVE_INFINITY : Number(match[4])] : undefined;
}

export function isVersionAtLeast(version: string, minimum: string): boolean {
	const have = versionParts(version);
	const need = versionParts(minimum)!;
	if (!have) {
		return false;
	}

	for (let index = 0; index < need.length; index++) {
		if (have[index] !== need[index]) {
			return have[index]! > need[index]!;
		}
	}

	return true;
}

/** Below 4.2.0 unsupported; a major other than 4, or an unreadable version, is unknown (warned, not refused). */
export function judgeCoolifyVersion(version: string): VersionVerdict {
	const parts = versionParts(version);
	if (!parts || parts[0] !== 4) {
		return {isSupported: true, isKnown: false, message: `Coolify ${version}: coolify-tui is built for Coolify v4 (${minimumCoolifyVersion} to ${testedCoolifyVersion}); some calls may fail`};
	}

	if (!isVersionAtLeast(version, minimumCoolifyVersion)) {
		return {isSupported: false, isKnown: true, message: `Coolify ${version} is too old: ${upgradeAdvice}`};
	}

	return {isSupported: true, isKnown: true, message: `Coolify ${version}`};
}
