import {renderBuildLogs} from './build-logs.js';
import {toTimestamp} from './ids.js';
import type {
	ApplicationRecord,
	DeploymentRecord,
	DestinationRecord,
	EnvironmentRecord,
	EnvironmentVariableRecord,
	ProjectRecord,
	ServerRecord,
	SimulatorState,
} from './state.js';
import {versionAtLeast} from './state.js';

/** Columns Coolify hides from applications unless the token has `read:sensitive`. */
const sensitiveApplicationColumns = [
	'custom_labels',
	'dockerfile',
	'docker_compose',
	'docker_compose_raw',
	'manual_webhook_secret_bitbucket',
	'manual_webhook_secret_gitea',
	'manual_webhook_secret_github',
	'manual_webhook_secret_gitlab',
	'private_key_id',
	'http_basic_auth_password',
];

/** Database defaults of an application row (what Coolify returns for columns nobody set). */
export function defaultApplicationColumns(): Record<string, unknown> {
	return {
		description: null,
		repository_project_id: null,
		fqdn: null,
		git_repository: 'coollabsio/coolify',
		git_branch: 'main',
		git_commit_sha: 'HEAD',
		git_full_url: null,
		docker_registry_image_name: null,
		docker_registry_image_tag: null,
		static_image: 'nginx:alpine',
		install_command: null,
		build_command: null,
		start_command: null,
		ports_exposes: '80',
		ports_mappings: null,
		custom_network_aliases: null,
		base_directory: '/',
		publish_directory: null,
		health_check_enabled: false,
		health_check_path: '/',
		health_check_port: null,
		health_check_host: 'localhost',
		health_check_method: 'GET',
		health_check_return_code: 200,
		health_check_scheme: 'http',
		health_check_response_text: null,
		health_check_interval: 5,
		health_check_timeout: 5,
		health_check_retries: 10,
		health_check_start_period: 5,
		health_check_type: 'http',
		health_check_command: null,
		limits_memory: '0',
		limits_memory_swap: '0',
		limits_memory_swappiness: 60,
		limits_memory_reservation: '0',
		limits_cpus: '0',
		limits_cpuset: null,
		limits_cpu_shares: 1024,
		preview_url_template: '{{pr_id}}.{{domain}}',
		max_restart_count: 10,
		destination_type: 'App\\Models\\StandaloneDocker',
		source_id: null,
		source_type: null,
		private_key_id: null,
		dockerfile: null,
		dockerfile_location: '/Dockerfile',
		custom_labels: null,
		dockerfile_target_build: null,
		manual_webhook_secret_github: null,
		manual_webhook_secret_gitlab: null,
		manual_webhook_secret_bitbucket: null,
		manual_webhook_secret_gitea: null,
		docker_compose_location: '/docker-compose.yaml',
		docker_compose: null,
		docker_compose_raw: null,
		docker_compose_domains: null,
		docker_compose_custom_start_command: null,
		docker_compose_custom_build_command: null,
		swarm_replicas: 1,
		swarm_placement_constraints: null,
		custom_docker_run_options: null,
		post_deployment_command: null,
		post_deployment_command_container: null,
		pre_deployment_command: null,
		pre_deployment_command_container: null,
		watch_paths: null,
		custom_healthcheck_found: false,
		redirect: 'both',
		compose_parsing_version: '5',
		custom_nginx_configuration: null,
		is_http_basic_auth_enabled: false,
		http_basic_auth_username: null,
		http_basic_auth_password: null,
		config_hash: null,
		last_online_at: null,
		deleted_at: null,
	};
}

export function serializeApplication(application: ApplicationRecord, canReadSensitive: boolean): Record<string, unknown> {
	const columns = {...application.columns};
	if (!canReadSensitive) {
		for (const column of sensitiveApplicationColumns) {
			delete columns[column];
		}
	}

	// Coolify hides `id` on applications; `serializeApiResponse` puts uuid, name, description first.
	const {name, description, ...rest} = columns;
	return {
		uuid: application.uuid,
		name,
		description,
		...rest,
		status: application.status,
		environment_id: application.environmentId,
		destination_id: application.destinationId,
		created_at: toTimestamp(application.createdAt),
		updated_at: toTimestamp(application.updatedAt),
	};
}

export function serializeDeployment(state: SimulatorState, deployment: DeploymentRecord, canReadSensitive: boolean): Record<string, unknown> {
	const body: Record<string, unknown> = {
		id: deployment.id,
		application_id: String(deployment.applicationId),
		deployment_uuid: deployment.uuid,
		pull_request_id: 0,
		force_rebuild: deployment.forceRebuild,
		commit: 'HEAD',
		status: deployment.status,
		is_webhook: false,
		is_api: deployment.isApi,
		created_at: toTimestamp(deployment.createdAt),
		updated_at: toTimestamp(deployment.updatedAt),
		current_process_id: null,
		restart_only: deployment.restartOnly,
		git_type: null,
		server_id: deployment.serverId,
		application_name: deployment.applicationName,
		server_name: deployment.serverName,
		deployment_url: deployment.deploymentUrl,
		destination_id: String(deployment.destinationId),
		only_this_server: false,
		rollback: false,
		commit_message: null,
		docker_registry_image_tag: null,
		finished_at: deployment.finishedAt === null ? null : toTimestamp(deployment.finishedAt),
	};
	// DeployController::removeSensitiveData hides `logs` without read:sensitive only from 4.2.0; 4.1.2 and older always send them.
	if (canReadSensitive || !versionAtLeast(state, '4.2.0')) {
		const until = Math.min(state.settledAt, deployment.finishedAt ?? Number.POSITIVE_INFINITY);
		body.logs = renderBuildLogs(deployment.script, deployment.startedAt, until, deployment.extraLogs);
	}

	return body;
}

export function serializeEnvironmentVariable(env: EnvironmentVariableRecord, canReadSensitive: boolean, version: string): Record<string, unknown> {
	// ApplicationsController::removeSensitiveData: a locked (shown once) variable's value is hidden even with read:sensitive.
	return {
		uuid: env.uuid,
		key: env.key,
		...(canReadSensitive && !env.isShownOnce ? {value: env.value, real_value: env.value} : {}),
		is_preview: env.isPreview,
		is_literal: env.isLiteral,
		is_multiline: env.isMultiline,
		is_shown_once: env.isShownOnce,
		is_runtime: env.isRuntime,
		is_buildtime: env.isBuildtime,
		is_shared: false,
		comment: env.comment,
		version,
		created_at: toTimestamp(env.createdAt),
		updated_at: toTimestamp(env.updatedAt),
	};
}

export function serializeProject(project: ProjectRecord): Record<string, unknown> {
	return {id: project.id, uuid: project.uuid, name: project.name, description: project.description};
}

export function serializeEnvironment(environment: EnvironmentRecord): Record<string, unknown> {
	return {
		id: environment.id,
		uuid: environment.uuid,
		name: environment.name,
		description: environment.description,
		project_id: environment.projectId,
		created_at: toTimestamp(environment.createdAt),
		updated_at: toTimestamp(environment.updatedAt),
	};
}

function serverSettings(state: SimulatorState, server: ServerRecord): Record<string, unknown> {
	return {
		id: server.id,
		server_id: server.id,
		concurrent_builds: server.concurrentBuilds,
		deployment_queue_limit: state.deploymentQueueLimit,
		dynamic_timeout: 3600,
		force_disabled: false,
		force_server_cleanup: false,
		is_build_server: false,
		is_cloudflare_tunnel: false,
		is_jump_server: false,
		is_logdrain_axiom_enabled: false,
		is_logdrain_custom_enabled: false,
		is_logdrain_highlight_enabled: false,
		is_logdrain_newrelic_enabled: false,
		is_metrics_enabled: false,
		is_reachable: true,
		is_sentinel_enabled: false,
		is_swarm_manager: false,
		is_swarm_worker: false,
		is_terminal_enabled: true,
		is_usable: true,
		docker_cleanup_frequency: '0 0 * * *',
		docker_cleanup_threshold: 80,
		wildcard_domain: null,
		delete_unused_volumes: false,
		delete_unused_networks: false,
		connection_timeout: 10,
		created_at: toTimestamp(server.createdAt),
		updated_at: toTimestamp(server.updatedAt),
	};
}

export function serializeServer(state: SimulatorState, server: ServerRecord): Record<string, unknown> {
	return {
		id: server.id,
		uuid: server.uuid,
		name: server.name,
		description: server.description,
		ip: server.ip,
		user: 'root',
		port: 22,
		proxy: {type: 'traefik', status: 'running'},
		proxy_type: 'traefik',
		high_disk_usage_notification_sent: false,
		unreachable_notification_sent: false,
		unreachable_count: 0,
		validation_logs: null,
		log_drain_notification_sent: false,
		swarm_cluster: null,
		is_reachable: true,
		is_usable: true,
		settings: serverSettings(state, server),
		created_at: toTimestamp(server.createdAt),
		updated_at: toTimestamp(server.updatedAt),
	};
}

export function serializeDestination(state: SimulatorState, destination: DestinationRecord): Record<string, unknown> {
	const server = state.servers.find(candidate => candidate.id === destination.serverId)!;
	return {
		uuid: destination.uuid,
		name: destination.name,
		network: destination.network,
		type: 'standalone',
		server_uuid: server.uuid,
		created_at: toTimestamp(destination.createdAt),
		updated_at: toTimestamp(destination.updatedAt),
	};
}
