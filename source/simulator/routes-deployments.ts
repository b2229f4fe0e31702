import {cancelDeployment, queueDeployment} from './lifecycle.js';
import {type Route, type RouteContext, type RouteResponse, message, reply} from './router.js';
import {applicationNotFound} from './routes-applications.js';
import {serializeDeployment} from './serialize.js';
import {type DeploymentRecord, findApplication} from './state.js';
import {queryBoolean} from './validation.js';

function show(context: RouteContext, deployments: DeploymentRecord[]) {
	return deployments.map(deployment => serializeDeployment(context.state, deployment, context.canReadSensitive));
}

function findDeployment(context: RouteContext): DeploymentRecord | undefined {
	return context.state.deployments.find(deployment => deployment.uuid === context.params.uuid);
}

/** Laravel's `$request->validate()` failure: the first message also becomes `message`. */
function queryIntegerError(context: RouteContext, name: string, minimum: number): RouteResponse | undefined {
	const raw = context.query.get(name);
	if (raw === null || raw === '') {
		return undefined;
	}

	const errors = [];
	if (!/^-?\d+$/.test(raw)) {
		errors.push(`The ${name} field must be an integer.`);
	} else if (Number(raw) < minimum) {
		errors.push(`The ${name} field must be at least ${minimum}.`);
	}

	return errors.length > 0 ? reply(422, {message: errors[0], errors: {[name]: errors}}) : undefined;
}

function applicationDeployments(context: RouteContext): RouteResponse {
	const invalid = queryIntegerError(context, 'skip', 0) ?? queryIntegerError(context, 'take', 1);
	if (invalid) {
		return invalid;
	}

	const application = findApplication(context.state, context.params.uuid);
	if (!application) {
		return applicationNotFound({fullStop: false});
	}

	const skip = Number(context.query.get('skip') || 0);
	const take = Number(context.query.get('take') || 10);
	const all = context.state.deployments
		.filter(deployment => deployment.applicationId === application.id)
		.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
	// The real shape; the spec wrongly documents `Application[]`.
	return reply(200, {count: all.length, deployments: show(context, all.slice(skip, skip + take))});
}

function deployByQuery(context: RouteContext): RouteResponse {
	const uuids = context.query.get('uuid');
	const tags = context.query.get('tag');
	if (uuids && tags) {
		return message(400, 'You can only use uuid or tag, not both.');
	}

	if (!uuids && !tags) {
		return message(400, 'You must provide uuid or tag.');
	}

	const wanted = (uuids ?? tags ?? '').split(',').filter(Boolean);
	const applications = context.state.applications.filter(application =>
		uuids ? wanted.includes(application.uuid) : application.tags.some(tag => wanted.includes(tag)),
	);
	if (applications.length === 0) {
		return message(404, uuids ? 'No resources found.' : 'No resources found with this tag.');
	}

	const forceRebuild = queryBoolean(context.query.get('force') ?? undefined, false);
	const deployments = applications.map(application => {
		const result = queueDeployment(context.state, application, {forceRebuild, now: context.now});
		if (result.status === 'skipped') {
			return {message: result.message, resource_uuid: application.uuid};
		}

		const deploymentUuid = result.status === 'queued' ? result.deployment.uuid : result.uuid;
		return {message: `Application ${String(application.columns.name)} deployment queued.`, resource_uuid: application.uuid, deployment_uuid: deploymentUuid};
	});
	return reply(200, {deployments});
}

export const deploymentRoutes: Route[] = [
	{
		method: 'GET',
		template: '/deployments',
		ability: 'read',
		handle(context) {
			// DeployController::deployments: only what is queued or in progress, `->get()->sortBy('id')` never
			// re-indexed. The database hands the rows back out of id order once several are in flight, so
			// Laravel writes an object keyed by their old positions (coollabsio/coolify#10077).
			const active = context.state.deployments.filter(deployment => deployment.status === 'queued' || deployment.status === 'in_progress');
			const shape = context.state.deploymentListShape;
			if (shape === 'object' || (shape === 'auto' && active.length >= 2)) {
				const fromDatabase = [...active].reverse();
				const sorted = fromDatabase.map((deployment, position) => ({deployment, position})).sort((a, b) => a.deployment.id - b.deployment.id);
				return reply(200, Object.fromEntries(sorted.map(({deployment, position}) => [String(position), serializeDeployment(context.state, deployment, context.canReadSensitive)])));
			}

			return reply(200, show(context, active));
		},
	},
	{method: 'GET', template: '/deployments/applications/{uuid}', ability: 'read', handle: applicationDeployments},
	{
		method: 'GET',
		template: '/deployments/{uuid}',
		ability: 'read',
		handle(context) {
			const deployment = findDeployment(context);
			return deployment ? reply(200, show(context, [deployment])[0]) : message(404, 'Deployment not found.');
		},
	},
	{
		method: 'POST',
		template: '/deployments/{uuid}/cancel',
		ability: 'deploy',
		handle(context) {
			const deployment = findDeployment(context);
			if (!deployment) {
				return message(404, 'Deployment not found.');
			}

			const refusal = cancelDeployment(deployment, context.now);
			if (refusal) {
				return message(400, refusal);
			}

			return reply(200, {message: 'Deployment cancelled successfully.', deployment_uuid: deployment.uuid, status: 'cancelled-by-user'});
		},
	},
	{method: 'POST', template: '/deploy', ability: 'deploy', handle: deployByQuery},
];
