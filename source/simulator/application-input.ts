import {type RouteResponse, reply} from './router.js';
import type {ApplicationRecord, SimulatorState} from './state.js';
import {type Rule, type Rules, decodeAsciiBase64, isStrictBase64} from './validation.js';

const booleanFields = [
	'is_static', 'health_check_enabled', 'instant_deploy', 'is_http_basic_auth_enabled', 'connect_to_docker_network',
	'force_domain_override', 'autogenerate_domain', 'use_build_server', 'is_force_https_enabled', 'is_preview_deployments_enabled',
	'use_build_secrets', 'is_git_submodules_enabled', 'is_git_lfs_enabled', 'is_git_shallow_clone_enabled', 'disable_build_cache',
	'inject_build_args_to_dockerfile', 'include_source_commit_in_build', 'is_env_sorting_enabled', 'is_pr_deployments_public_enabled',
	'is_gzip_enabled', 'is_stripprefix_enabled', 'is_raw_compose_deployment_enabled', 'is_log_drain_enabled', 'is_gpu_enabled',
	'is_consistent_container_name_enabled', 'is_container_label_escape_enabled', 'is_spa', 'is_auto_deploy_enabled',
	'is_preserve_repository_enabled',
];

const numericFields = [
	'health_check_return_code', 'health_check_interval', 'health_check_timeout', 'health_check_retries', 'health_check_start_period',
	'limits_memory_swappiness', 'limits_cpu_shares', 'stop_grace_period', 'docker_images_to_keep', 'max_restart_count',
];

const stringFields = [
	'git_repository', 'git_branch', 'git_commit_sha', 'health_check_path', 'health_check_host', 'health_check_method',
	'health_check_scheme', 'limits_memory', 'limits_memory_swap', 'limits_memory_reservation', 'limits_cpus',
	'post_deployment_command_container', 'pre_deployment_command_container', 'docker_compose_location', 'static_image',
	'domains', 'destination_uuid', 'preview_url_template', 'dockerfile_location',
];

const nullableStringFields = [
	'description', 'environment_name', 'environment_uuid', 'docker_registry_image_name', 'docker_registry_image_tag',
	'install_command', 'build_command', 'start_command', 'base_directory', 'publish_directory', 'health_check_port',
	'health_check_response_text', 'limits_cpuset', 'custom_labels', 'custom_docker_run_options', 'post_deployment_command',
	'pre_deployment_command', 'manual_webhook_secret_github', 'manual_webhook_secret_gitlab', 'manual_webhook_secret_bitbucket',
	'manual_webhook_secret_gitea', 'docker_compose', 'docker_compose_raw', 'docker_compose_custom_start_command',
	'docker_compose_custom_build_command', 'watch_paths', 'custom_nginx_configuration', 'http_basic_auth_username',
	'http_basic_auth_password', 'custom_internal_name', 'gpu_driver', 'gpu_count', 'gpu_device_ids', 'gpu_options',
];

/** Coolify's `sharedDataApplications()` plus the common create checks, as Laravel rules. */
export const sharedRules: Rules = {
	name: ['string', {max: 255}],
	...Object.fromEntries(stringFields.map(field => [field, ['string']])),
	...Object.fromEntries(nullableStringFields.map(field => [field, ['string', 'nullable']])),
	...Object.fromEntries(booleanFields.map(field => [field, ['boolean']])),
	...Object.fromEntries(numericFields.map(field => [field, ['numeric']])),
	redirect: ['nullable', {in: ['www', 'non-www', 'both']}],
	build_pack: [{in: ['nixpacks', 'railpack', 'static', 'dockerfile', 'dockercompose', 'dockerimage']}],
	ports_exposes: ['string', {regex: /^(\d+)(,\d+)*$/}],
	ports_mappings: ['string', {regex: /^(\d+:\d+)(,\d+:\d+)*$/}, 'nullable'],
	docker_compose_domains: ['array', 'nullable'],
	noindex_domains: ['array', 'nullable'],
	tags: ['array'],
	'tags.*': ['string', {min: 2}],
};

export const typeRules: Record<'dockerimage' | 'dockerfile', Record<string, readonly Rule[]>> = {
	dockerimage: {
		docker_registry_image_name: ['string', 'required'],
		docker_registry_image_tag: ['string'],
		// Required by the controller although the spec lists it as optional.
		ports_exposes: ['string', {regex: /^(\d+)(,\d+)*$/}, 'required'],
	},
	dockerfile: {dockerfile: ['string', 'required']},
};

const commonCreateFields = [
	'project_uuid', 'environment_name', 'environment_uuid', 'server_uuid', 'destination_uuid', 'name', 'description', 'domains',
	'docker_registry_image_name', 'docker_registry_image_tag', 'ports_exposes', 'ports_mappings', 'base_directory',
	'health_check_enabled', 'health_check_path', 'health_check_port', 'health_check_host', 'health_check_method',
	'health_check_return_code', 'health_check_scheme', 'health_check_response_text', 'health_check_interval', 'health_check_timeout',
	'health_check_retries', 'health_check_start_period', 'limits_memory', 'limits_memory_swap', 'limits_memory_swappiness',
	'limits_memory_reservation', 'limits_cpus', 'limits_cpuset', 'limits_cpu_shares', 'custom_labels', 'custom_docker_run_options',
	'post_deployment_command', 'post_deployment_command_container', 'pre_deployment_command', 'pre_deployment_command_container',
	'manual_webhook_secret_github', 'manual_webhook_secret_gitlab', 'manual_webhook_secret_bitbucket', 'manual_webhook_secret_gitea',
	'redirect', 'instant_deploy', 'use_build_server', 'is_http_basic_auth_enabled', 'http_basic_auth_username',
	'http_basic_auth_password', 'connect_to_docker_network', 'force_domain_override', 'autogenerate_domain', 'tags', 'noindex_domains',
	'is_force_https_enabled', 'is_preview_deployments_enabled', 'use_build_secrets', 'is_git_submodules_enabled', 'is_git_lfs_enabled',
	'is_git_shallow_clone_enabled', 'disable_build_cache', 'inject_build_args_to_dockerfile', 'include_source_commit_in_build',
	'is_env_sorting_enabled', 'is_pr_deployments_public_enabled', 'stop_grace_period', 'docker_images_to_keep', 'is_gzip_enabled',
	'is_stripprefix_enabled', 'is_raw_compose_deployment_enabled', 'is_log_drain_enabled', 'is_gpu_enabled', 'gpu_driver', 'gpu_count',
	'gpu_device_ids', 'gpu_options', 'is_consistent_container_name_enabled', 'custom_internal_name', 'preview_url_template',
	'max_restart_count', 'is_container_label_escape_enabled',
];

/** Body fields each create endpoint accepts; anything else is "This field is not allowed.". */
export const createAllowedFields = {
	dockerimage: new Set(commonCreateFields),
	dockerfile: new Set([...commonCreateFields, 'dockerfile', 'build_pack']),
};

/** `PATCH /applications/{uuid}`: `dockerfile` is deliberately not on Coolify's list. */
export const updateAllowedFields = new Set([
	'name', 'description', 'is_static', 'domains', 'git_repository', 'git_branch', 'git_commit_sha', 'docker_registry_image_name',
	'docker_registry_image_tag', 'build_pack', 'static_image', 'install_command', 'build_command', 'start_command', 'ports_exposes',
	'ports_mappings', 'base_directory', 'publish_directory', 'health_check_enabled', 'health_check_path', 'health_check_port',
	'health_check_host', 'health_check_method', 'health_check_return_code', 'health_check_scheme', 'health_check_response_text',
	'health_check_interval', 'health_check_timeout', 'health_check_retries', 'health_check_start_period', 'limits_memory',
	'limits_memory_swap', 'limits_memory_swappiness', 'limits_memory_reservation', 'limits_cpus', 'limits_cpuset', 'limits_cpu_shares',
	'custom_labels', 'custom_docker_run_options', 'post_deployment_command', 'post_deployment_command_container',
	'pre_deployment_command', 'pre_deployment_command_container', 'watch_paths', 'manual_webhook_secret_github',
	'manual_webhook_secret_gitlab', 'manual_webhook_secret_bitbucket', 'manual_webhook_secret_gitea', 'docker_compose_location',
	'docker_compose_raw', 'docker_compose_custom_start_command', 'docker_compose_custom_build_command', 'docker_compose_domains',
	'redirect', 'instant_deploy', 'use_build_server', 'custom_nginx_configuration', 'is_http_basic_auth_enabled',
	'http_basic_auth_username', 'http_basic_auth_password', 'connect_to_docker_network', 'force_domain_override', 'noindex_domains',
]);

/** Splits `nginx:1.27`, `registry:5000/app:2` or `app@sha256:<hex>` like Coolify's DockerImageParser. */
export function parseDockerImage(name: string, tag: string | null | undefined): {name: string; tag: string} {
	const reference = tag ? `${name}:${tag}` : name;
	// DockerImageParser::parse: a digest is exactly 64 hex digits.
	const digest = /^(.+)@sha256:([a-f\d]{64})$/i.exec(reference);
	if (digest) {
		return {name: `${digest[1]}@sha256`, tag: digest[2]};
	}

	const slash = reference.lastIndexOf('/');
	const colon = reference.lastIndexOf(':');
	if (colon > slash) {
		return {name: reference.slice(0, colon), tag: reference.slice(colon + 1)};
	}

	return {name: reference, tag: 'latest'};
}

/** Coolify stores domains lower-cased, without empty entries. */
export function normalizeDomains(domains: string): string[] {
	return domains
		.split(',')
		.map(domain => domain.trim().toLowerCase())
		.filter(Boolean);
}

function isValidUrl(domain: string): boolean {
	if (!/^[a-z][a-z\d+.-]*:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i.test(domain)) {
		return false;
	}

	try {
		return Boolean(new URL(domain).hostname);
	} catch {
		return false;
	}
}

function hostOf(domain: string): string {
	try {
		return new URL(domain).host;
	} catch {
		return domain;
	}
}

/** Laravel's `$request->boolean()` on a JSON body value. */
export function isTrueInput(value: unknown): boolean {
	return [true, 1, '1', 'true', 'on', 'yes'].includes(value as never);
}

export function validationFailed(errors: unknown): RouteResponse {
	return reply(422, {message: 'Validation failed.', errors});
}

/** Coolify's `validateDataApplications`: port uniqueness, base64 labels, URL syntax, domain conflicts. */
export function validateApplicationData(
	state: SimulatorState,
	body: Record<string, unknown>,
	self: ApplicationRecord | undefined,
): RouteResponse | undefined {
	if (typeof body.ports_mappings === 'string') {
		const hostPorts = body.ports_mappings.split(',').map(mapping => mapping.split(':')[0]);
		if (new Set(hostPorts).size !== hostPorts.length) {
			return validationFailed({ports_mappings: 'The first number before : should be unique between mappings.'});
		}
	}

	if (body.custom_labels !== undefined && body.custom_labels !== null) {
		if (!isStrictBase64(body.custom_labels) || decodeAsciiBase64(body.custom_labels) === undefined) {
			return validationFailed({custom_labels: 'The custom_labels should be base64 encoded.'});
		}
	}

	if (typeof body.domains !== 'string') {
		return undefined;
	}

	const domains = normalizeDomains(body.domains);
	const invalid = domains.filter(domain => !isValidUrl(domain));
	if (invalid.length > 0) {
		// Real quirk: here `errors` is a list of strings, not an object.
		return validationFailed(invalid.map(domain => `Invalid domain: ${domain}`));
	}

	const conflicts = [];
	for (const domain of domains) {
		const owner = state.applications.find(
			application =>
				application !== self &&
				normalizeDomains(String(application.columns.fqdn ?? '')).some(existing => hostOf(existing) === hostOf(domain)),
		);
		if (owner) {
			const name = String(owner.columns.name);
			conflicts.push({
				domain: hostOf(domain),
				resource_name: name,
				resource_uuid: owner.uuid,
				resource_type: 'application',
				message: `Domain ${hostOf(domain)} is already in use by application '${name}'`,
			});
		}
	}

	if (conflicts.length > 0 && !isTrueInput(body.force_domain_override)) {
		return reply(409, {
			message: 'Domain conflicts detected. Use force_domain_override=true to proceed.',
			conflicts,
			warning: 'Using the same domain for multiple resources can cause routing conflicts and unpredictable behavior.',
		});
	}

	return undefined;
}
