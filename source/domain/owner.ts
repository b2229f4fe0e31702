/**
 * Who a test deployment belongs to. `COOLIFY_TUI_OWNER` wins, then config `owner`; in CI the job that made
 * it (so a teammate can find the run); else `user@host`. Pure: the caller passes the environment and host.
 */

export type OwnerSources = {
	env: Record<string, string | undefined>;
	configOwner?: string | undefined;
	userName: string;
	hostName: string;
};

export type Owner = {
	/** What is written to the marker and shown in the owner column. */
	name: string;
	/** Where it came from, for `doctor` and the details view. */
	source: 'COOLIFY_TUI_OWNER' | 'config' | 'github-actions' | 'gitlab-ci' | 'ci' | 'user@host';
};

export function resolveOwner({env, configOwner, userName, hostName}: OwnerSources): Owner {
	const explicit = env.COOLIFY_TUI_OWNER?.trim();
	if (explicit) {
		return {name: explicit, source: 'COOLIFY_TUI_OWNER'};
	}

	if (configOwner?.trim()) {
		return {name: configOwner.trim(), source: 'config'};
	}

	if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
		const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
		return {name: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`, source: 'github-actions'};
	}

	if (env.GITLAB_CI === 'true' && env.CI_JOB_URL) {
		return {name: env.CI_JOB_URL, source: 'gitlab-ci'};
	}

	if (env.CI && env.CI !== 'false' && env.CI !== '0') {
		const detail = env.BUILD_URL ?? env.CI_JOB_URL ?? env.CIRCLE_BUILD_URL ?? env.BUILDKITE_BUILD_URL ?? env.CI_JOB_ID ?? hostName;
		return {name: `ci ${detail}`, source: 'ci'};
	}

	return {name: `${userName}@${hostName}`, source: 'user@host'};
}
