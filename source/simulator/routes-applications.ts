import {
	createAllowedFields,
	isTrueInput,
	normalizeDomains,
	parseDockerImage,
	sharedRules,
	typeRules,
	updateAllowedFields,
	validateApplicationData,
	validationFailed,
} from './application-input.js';
import {createUuid} from './ids.js';
import {queueDeployment, scheduleRemoval} from './lifecycle.js';
import {readJsonInput} from './request-body.js';
import {type Route, type RouteContext, type RouteResponse, message, reply} from './router.js';
import {defaultApplicationColumns, serializeApplication} from './serialize.js';
import {type ApplicationRecord, findApplication, takeId, versionAtLeast} from './state.js';
import {type Rules, addUnknownFieldErrors, decodeUtf8Base64, isStrictBase64, queryBoolean, validateFields} from './validation.js';

/** The first validation pass of Coolify's create actions (before any lookup). */
const commonCreateRules: Rules = {
	name: ['string', {max: 255}],
	description: ['string', 'nullable'],
	project_uuid: ['string', 'required'],
	environment_name: ['string', 'nullable'],
	environment_uuid: ['string', 'nullable'],
	server_uuid: ['string', 'required'],
	destination_uuid: ['string'],
	is_http_basic_auth_enabled: ['boolean'],
	http_basic_auth_username: ['string', 'nullable'],
	http_basic_auth_password: ['string', 'nullable'],
	autogenerate_domain: ['boolean'],
};

/**
 * ApplicationsController's 404, spelt as each action spells it: `Application not found.` (application_by_uuid,
 * logs_by_uuid, action_deploy/stop/restart, delete_env_by_uuid), `Application not found` without the full stop
 * (delete_by_uuid, update_by_uuid, envs, create_env, update_env_by_uuid, create_bulk_envs, and
 * DeployController::get_application_deployments).
 */
export function applicationNotFound(options: {fullStop?: boolean} = {}): RouteResponse {
	return message(404, options.fullStop === false ? 'Application not found' : 'Application not found.');
}

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

/** Copies request fields that are application columns; `domains` becomes `fqdn`. */
function assignColumns(columns: Record<string, unknown>, input: Record<string, unknown>) {
	for (const [key, value] of Object.entries(input)) {
		if (key === 'domains') {
			columns.fqdn = typeof value === 'string' ? normalizeDomains(value).join(',') || null : null;
		} else if (key in columns || key === 'name') {
			columns[key] = value;
		}
	}

	if (typeof input.docker_registry_image_name === 'string') {
		const image = parseDockerImage(input.docker_registry_image_name, input.docker_registry_image_tag as string | null | undefined);
		columns.docker_registry_image_name = image.name;
		columns.docker_registry_image_tag = image.tag;
	}
}

type Located = {error: RouteResponse} | {environmentId: number; destinationId: number};

function locate(context: RouteContext, input: Record<string, unknown>): Located {
	const {state} = context;
	if (isBlank(input.environment_name) && isBlank(input.environment_uuid)) {
		return {error: message(422, 'You need to provide at least one of environment_name or environment_uuid.')};
	}

	const project = state.projects.find(candidate => candidate.uuid === input.project_uuid);
	if (!project) {
		return {error: message(404, 'Project not found.')};
	}

	const environments = state.environments.filter(environment => environment.projectId === project.id);
	const environment =
		environments.find(candidate => candidate.name === input.environment_name) ??
		environments.find(candidate => candidate.uuid === input.environment_uuid);
	if (!environment) {
		return {error: message(404, 'Environment not found.')};
	}

	const server = state.servers.find(candidate => candidate.uuid === input.server_uuid);
	if (!server) {
		return {error: message(404, 'Server not found.')};
	}

	const destinations = state.destinations.filter(destination => destination.serverId === server.id);
	if (destinations.length === 0) {
		return {error: message(400, 'Server has no destinations.')};
	}

	if (destinations.length > 1 && !Object.hasOwn(input, 'destination_uuid')) {
		return {error: message(400, 'Server has multiple destinations and you do not set destination_uuid.')};
	}

	const destination = destinations.find(candidate => candidate.uuid === input.destination_uuid) ?? destinations[0];
	return {environmentId: environment.id, destinationId: destination.id};
}

function createApplication(kind: 'dockerimage' | 'dockerfile') {
	return (context: RouteContext): RouteResponse => {
		const read = readJsonInput(context);
		if ('error' in read) {
			return read.error;
		}

		const {input} = read;
		const errors = validateFields(input, commonCreateRules);
		// ApplicationsController::create_application lists `tags` among the allowed fields only from 4.2.0.
		const allowed = versionAtLeast(context.state, '4.2.0') ? createAllowedFields[kind] : new Set([...createAllowedFields[kind]].filter(field => field !== 'tags'));
		addUnknownFieldErrors(input, allowed, errors);
		if (Object.keys(errors).length > 0) {
			return validationFailed(errors);
		}

		const located = locate(context, input);
		if ('error' in located) {
			return located.error;
		}

		const typeErrors = validateFields(input, {...sharedRules, ...typeRules[kind]});
		if (Object.keys(typeErrors).length > 0) {
			return validationFailed(typeErrors);
		}

		const dataError = validateApplicationData(context.state, input, undefined);
		if (dataError) {
			return dataError;
		}

		let dockerfile: string | undefined;
		if (kind === 'dockerfile') {
			dockerfile = isStrictBase64(input.dockerfile) ? decodeUtf8Base64(input.dockerfile) : undefined;
			if (dockerfile === undefined) {
				// A single string, not an array: Coolify's hand-written check.
				return validationFailed({dockerfile: 'The dockerfile should be base64 encoded.'});
			}
		}

		return storeApplication(context, kind, input, located, dockerfile);
	};
}

function storeApplication(
	context: RouteContext,
	kind: 'dockerimage' | 'dockerfile',
	input: Record<string, unknown>,
	located: {environmentId: number; destinationId: number},
	dockerfile: string | undefined,
): RouteResponse {
	const {state, now} = context;
	const uuid = createUuid();
	const columns = defaultApplicationColumns();
	assignColumns(columns, input);
	columns.name ??= `${kind === 'dockerimage' ? 'docker-image' : 'dockerfile'}-${createUuid()}`;
	columns.build_pack = kind;
	if (kind === 'dockerfile') {
		columns.dockerfile = dockerfile;
		// Coolify scans the still-encoded value for EXPOSE, never finds it, and falls back to 80.
		columns.ports_exposes = '80';
	}

	const autogenerate = input.autogenerate_domain === undefined || isTrueInput(input.autogenerate_domain);
	if (columns.fqdn === null && autogenerate) {
		// Coolify's sslip.io fallback with the instance's IP.
		columns.fqdn = `http://${uuid}.127.0.0.1.sslip.io`;
	}

	const application: ApplicationRecord = {
		id: takeId(state, 'application'),
		uuid,
		environmentId: located.environmentId,
		destinationId: located.destinationId,
		columns,
		tags: [...new Set((input.tags as string[] | undefined) ?? [])],
		envs: [],
		// The column's default is `exited`; Application::status's getter answers it as `exited:unhealthy`.
		status: 'exited:unhealthy',
		pending: null,
		containerStartedAt: null,
		containerEnv: [],
		createdAt: now,
		updatedAt: now,
	};
	state.applications.push(application);
	if (isTrueInput(input.instant_deploy)) {
		const result = queueDeployment(state, application, {skipQueue: true, now});
		if (result.status === 'skipped') {
			return message(200, result.message);
		}
	}

	return reply(201, {uuid, domains: columns.fqdn});
}

function updateApplication(context: RouteContext): RouteResponse {
	const read = readJsonInput(context);
	if ('error' in read) {
		return read.error;
	}

	const application = findApplication(context.state, context.params.uuid);
	if (!application) {
		return applicationNotFound({fullStop: false});
	}

	const {input} = read;
	const errors = validateFields(input, sharedRules);
	addUnknownFieldErrors(input, updateAllowedFields, errors);
	if (Object.keys(errors).length > 0) {
		return validationFailed(errors);
	}

	const dataError = validateApplicationData(context.state, input, application);
	if (dataError) {
		return dataError;
	}

	if (typeof input.docker_registry_image_tag === 'string' && input.docker_registry_image_name === undefined) {
		input.docker_registry_image_name = application.columns.docker_registry_image_name;
	}

	assignColumns(application.columns, input);
	application.updatedAt = context.now;
	if (isTrueInput(input.instant_deploy)) {
		queueDeployment(context.state, application, {now: context.now});
	}

	return reply(200, {uuid: application.uuid});
}

export const applicationRoutes: Route[] = [
	{
		method: 'GET',
		template: '/applications',
		ability: 'read',
		handle(context) {
			const tag = context.query.get('tag');
			const applications = context.state.applications.filter(application => !tag || application.tags.includes(tag));
			return reply(200, applications.map(application => serializeApplication(application, context.canReadSensitive)));
		},
	},
	{method: 'POST', template: '/applications/dockerimage', ability: 'write', handle: createApplication('dockerimage')},
	{method: 'POST', template: '/applications/dockerfile', ability: 'write', handle: createApplication('dockerfile')},
	{
		method: 'GET',
		template: '/applications/{uuid}',
		ability: 'read',
		handle(context) {
			const application = findApplication(context.state, context.params.uuid);
			return application ? reply(200, serializeApplication(application, context.canReadSensitive)) : applicationNotFound();
		},
	},
	{method: 'PATCH', template: '/applications/{uuid}', ability: 'write', handle: updateApplication},
	{
		method: 'DELETE',
		template: '/applications/{uuid}',
		ability: 'write',
		handle(context) {
			// delete_configurations, delete_volumes and delete_connected_networks change nothing here.
			const application = findApplication(context.state, context.params.uuid);
			if (!application) {
				return applicationNotFound({fullStop: false});
			}

			scheduleRemoval(context.state, application, context.now, queryBoolean(context.query.get('docker_cleanup') ?? undefined, true));
			return message(200, 'Application deletion request queued.');
		},
	},
];
