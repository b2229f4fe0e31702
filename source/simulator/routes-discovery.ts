import {toTimestamp} from './ids.js';
import {readJsonInput} from './request-body.js';
import {type Route, type RouteContext, type RouteResponse, message, reply} from './router.js';
import {serializeApplication, serializeDestination, serializeEnvironment, serializeProject, serializeServer} from './serialize.js';
import {type ProjectRecord, type ServerRecord, addEnvironment, addProject} from './state.js';
import {type Rules, addUnknownFieldErrors, validateFields} from './validation.js';

function findProject(context: RouteContext): ProjectRecord | undefined {
	return context.state.projects.find(project => project.uuid === context.params.uuid);
}

function findServer(context: RouteContext, uuid: string): ServerRecord | undefined {
	return context.state.servers.find(server => server.uuid === uuid);
}

function validated(context: RouteContext, rules: Rules): {input: Record<string, unknown>} | {error: RouteResponse} {
	const read = readJsonInput(context);
	if ('error' in read) {
		return read;
	}

	const errors = validateFields(read.input, rules);
	addUnknownFieldErrors(read.input, new Set(Object.keys(rules)), errors);
	return Object.keys(errors).length > 0 ? {error: reply(422, {message: 'Validation failed.', errors})} : read;
}

function environmentsOf(context: RouteContext, project: ProjectRecord) {
	return context.state.environments.filter(environment => environment.projectId === project.id);
}

function currentTeam({state}: RouteContext): RouteResponse {
	const {team} = state;
	return reply(200, {
		id: team.id,
		name: team.name,
		description: team.description,
		personal_team: true,
		created_at: toTimestamp(team.createdAt),
		updated_at: toTimestamp(team.createdAt),
		show_boarding: false,
		custom_server_limit: null,
	});
}

export const discoveryRoutes: Route[] = [
	{
		method: 'GET',
		template: '/version',
		ability: 'read',
		handle: context => ({status: 200, text: context.state.version}),
	},
	// TeamController::current_team: `/team` from 4.3.0, `/teams/current` on every version (deprecated alias since).
	{method: 'GET', template: '/team', ability: 'read', since: '4.3.0', handle: currentTeam},
	{method: 'GET', template: '/teams/current', ability: 'read', handle: currentTeam},
	{
		method: 'GET',
		template: '/projects',
		ability: 'read',
		handle: context => reply(200, context.state.projects.map(project => serializeProject(project))),
	},
	{
		method: 'POST',
		template: '/projects',
		ability: 'write',
		handle(context) {
			const result = validated(context, {name: ['string', 'required', {max: 255}], description: ['string', 'nullable']});
			if ('error' in result) {
				return result.error;
			}

			const project = addProject(context.state, String(result.input.name), (result.input.description as string | null) ?? null, context.now);
			addEnvironment(context.state, project, 'production', context.now);
			return reply(201, {uuid: project.uuid});
		},
	},
	{
		method: 'GET',
		template: '/projects/{uuid}',
		ability: 'read',
		handle(context) {
			const project = findProject(context);
			if (!project) {
				return message(404, 'Project not found.');
			}

			return reply(200, {
				...serializeProject(project),
				team_id: context.state.team.id,
				created_at: toTimestamp(project.createdAt),
				updated_at: toTimestamp(project.updatedAt),
				environments: environmentsOf(context, project).map(environment => serializeEnvironment(environment)),
			});
		},
	},
	{
		method: 'GET',
		template: '/projects/{uuid}/environments',
		ability: 'read',
		handle(context) {
			const project = findProject(context);
			if (!project) {
				return message(404, 'Project not found.');
			}

			return reply(200, environmentsOf(context, project).map(({id, uuid, name}) => ({id, uuid, name})));
		},
	},
	{
		method: 'POST',
		template: '/projects/{uuid}/environments',
		ability: 'write',
		handle(context) {
			const result = validated(context, {name: ['string', 'required', {max: 255}]});
			if ('error' in result) {
				return result.error;
			}

			const project = findProject(context);
			if (!project) {
				return message(404, 'Project not found.');
			}

			if (environmentsOf(context, project).some(environment => environment.name === result.input.name)) {
				return message(409, 'Environment with this name already exists.');
			}

			return reply(201, {uuid: addEnvironment(context.state, project, String(result.input.name), context.now).uuid});
		},
	},
	{
		method: 'GET',
		template: '/projects/{uuid}/{environment_name_or_uuid}',
		ability: 'read',
		handle(context) {
			const project = findProject(context);
			if (!project) {
				return message(404, 'Project not found.');
			}

			const wanted = context.params.environment_name_or_uuid;
			const environments = environmentsOf(context, project);
			const environment = environments.find(candidate => candidate.name === wanted) ?? environments.find(candidate => candidate.uuid === wanted);
			if (!environment) {
				return message(404, 'Environment not found.');
			}

			const applications = context.state.applications.filter(application => application.environmentId === environment.id);
			return reply(200, {
				...serializeEnvironment(environment),
				applications: applications.map(application => serializeApplication(application, context.canReadSensitive)),
				postgresqls: [],
				redis: [],
				mongodbs: [],
				mysqls: [],
				mariadbs: [],
				keydbs: [],
				dragonflies: [],
				clickhouses: [],
				services: [],
			});
		},
	},
	{
		method: 'GET',
		template: '/servers',
		ability: 'read',
		handle: context => reply(200, context.state.servers.map(server => serializeServer(context.state, server))),
	},
	{
		method: 'GET',
		template: '/servers/{uuid}',
		ability: 'read',
		handle(context) {
			const server = findServer(context, context.params.uuid);
			return server ? reply(200, serializeServer(context.state, server)) : message(404, 'Server not found.');
		},
	},
	{
		method: 'GET',
		template: '/servers/{uuid}/resources',
		ability: 'read',
		handle(context) {
			const server = findServer(context, context.params.uuid);
			if (!server) {
				return message(404, 'Server not found.');
			}

			const destinationIds = new Set(context.state.destinations.filter(destination => destination.serverId === server.id).map(destination => destination.id));
			const resources = context.state.applications
				.filter(application => destinationIds.has(application.destinationId))
				.map(application => ({
					id: application.id,
					uuid: application.uuid,
					name: application.columns.name,
					type: 'application',
					created_at: toTimestamp(application.createdAt),
					updated_at: toTimestamp(application.updatedAt),
					status: application.status,
				}));
			return reply(200, resources);
		},
	},
	{
		method: 'GET',
		template: '/servers/{server_uuid}/destinations',
		ability: 'read',
		// DestinationsController::index_by_server arrived in 4.2.0.
		since: '4.2.0',
		handle(context) {
			const server = findServer(context, context.params.server_uuid);
			if (!server) {
				return message(404, 'Server not found.');
			}

			const destinations = context.state.destinations.filter(destination => destination.serverId === server.id);
			return reply(200, destinations.map(destination => serializeDestination(context.state, destination)));
		},
	},
	{
		method: 'GET',
		template: '/destinations',
		ability: 'read',
		since: '4.2.0',
		handle: context => reply(200, context.state.destinations.map(destination => serializeDestination(context.state, destination))),
	},
];

