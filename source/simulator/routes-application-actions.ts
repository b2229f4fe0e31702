import {isContainerRunning, queueDeployment, stopApplication} from './lifecycle.js';
import {type Route, type RouteContext, type RouteResponse, message, reply} from './router.js';
import {applicationNotFound} from './routes-applications.js';
import {removeAnsiColors, renderRuntimeLogs} from './runtime-logs.js';
import {type ApplicationRecord, findApplication} from './state.js';
import {queryBoolean} from './validation.js';

function queueAndAnswer(context: RouteContext, restartOnly: boolean): RouteResponse {
	const application = findApplication(context.state, context.params.uuid);
	if (!application) {
		return applicationNotFound();
	}

	const result = queueDeployment(context.state, application, {
		forceRebuild: restartOnly ? false : queryBoolean(context.query.get('force') ?? undefined, false),
		skipQueue: restartOnly ? false : queryBoolean(context.query.get('instant_deploy') ?? undefined, false),
		restartOnly,
		now: context.now,
	});
	if (result.status === 'skipped') {
		// No deployment_uuid here, although the request succeeded.
		return message(200, result.message);
	}

	// When the queue is full Coolify stored nothing, yet still answers with a fresh uuid.
	const deploymentUuid = result.status === 'queued' ? result.deployment.uuid : result.uuid;
	return reply(200, {message: restartOnly ? 'Restart request queued.' : 'Deployment request queued.', deployment_uuid: deploymentUuid});
}

function imageOf(application: ApplicationRecord): string {
	const {columns} = application;
	if (columns.build_pack === 'dockerfile') {
		return /^\s*FROM\s+(\S+)/im.exec(String(columns.dockerfile ?? ''))?.[1] ?? 'alpine:latest';
	}

	return `${String(columns.docker_registry_image_name)}:${String(columns.docker_registry_image_tag ?? 'latest')}`;
}

function containerLogs(context: RouteContext): RouteResponse {
	const application = findApplication(context.state, context.params.uuid);
	if (!application) {
		return applicationNotFound();
	}

	if (!isContainerRunning(application)) {
		return message(400, 'Application is not running.');
	}

	// normalizeLogLines (bootstrap/helpers/docker.php): a whole number above 0, else 100; never more than 10,000.
	const asked = context.query.get('lines')?.trim() ?? '';
	const lines = /^[+-]?(0|[1-9]\d*)$/.test(asked) && Number(asked) > 0 ? Math.min(Number(asked), 10_000) : 100;
	const logs = removeAnsiColors(renderRuntimeLogs({
		applicationUuid: application.uuid,
		image: imageOf(application),
		env: application.containerEnv,
		port: String(application.columns.ports_exposes ?? '80').split(',')[0],
		containerStartedAt: application.containerStartedAt!,
		now: context.now,
		lines,
		showTimestamps: queryBoolean(context.query.get('show_timestamps') ?? undefined, false),
	}));
	return reply(200, {logs});
}

export const applicationActionRoutes: Route[] = [
	{method: 'GET', template: '/applications/{uuid}/logs', ability: 'read', handle: containerLogs},
	{method: 'POST', template: '/applications/{uuid}/start', ability: 'deploy', handle: context => queueAndAnswer(context, false)},
	{method: 'POST', template: '/applications/{uuid}/restart', ability: 'deploy', handle: context => queueAndAnswer(context, true)},
	{
		method: 'POST',
		template: '/applications/{uuid}/stop',
		ability: 'deploy',
		handle(context) {
			const application = findApplication(context.state, context.params.uuid);
			if (!application) {
				return applicationNotFound();
			}

			stopApplication(context.state, application, context.now, queryBoolean(context.query.get('docker_cleanup') ?? undefined, true));
			return message(200, 'Application stopping request queued.');
		},
	},
];
