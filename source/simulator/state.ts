import type {CoolifyDeploymentStatus} from '../coolify/types.js';
import type {BuildScript} from './build-logs.js';
import {createUuid} from './ids.js';

export type ProjectRecord = {id: number; uuid: string; name: string; description: string | null; createdAt: number; updatedAt: number};

export type EnvironmentRecord = {
	id: number;
	uuid: string;
	name: string;
	projectId: number;
	description: string | null;
	createdAt: number;
	updatedAt: number;
};

export type ServerRecord = {
	id: number;
	uuid: string;
	name: string;
	description: string;
	ip: string;
	concurrentBuilds: number;
	createdAt: number;
	updatedAt: number;
};

export type DestinationRecord = {id: number; uuid: string; name: string; network: string; serverId: number; createdAt: number; updatedAt: number};

export type EnvironmentVariableRecord = {
	id: number;
	uuid: string;
	key: string;
	value: string | null;
	isPreview: boolean;
	isLiteral: boolean;
	isMultiline: boolean;
	isShownOnce: boolean;
	isRuntime: boolean;
	isBuildtime: boolean;
	comment: string | null;
	createdAt: number;
	updatedAt: number;
};

/** A timed change of an application's status, applied when simulated time reaches `at`. */
export type PendingTransition = {at: number; status?: string; stopContainer?: boolean; remove?: boolean};

export type ApplicationRecord = {
	id: number;
	uuid: string;
	environmentId: number;
	destinationId: number;
	/** The database row's columns, snake_case, as Coolify stores them (`fqdn`, `ports_exposes`, ...). */
	columns: Record<string, unknown>;
	tags: string[];
	envs: EnvironmentVariableRecord[];
	status: string;
	pending: PendingTransition | null;
	/** When the current container started; null when no container runs. */
	containerStartedAt: number | null;
	/** Runtime variables the current container started with (changes apply at the next deployment). */
	containerEnv: Array<{key: string; value: string | null}>;
	createdAt: number;
	updatedAt: number;
};

export type DeploymentRecord = {
	id: number;
	uuid: string;
	applicationId: number;
	applicationName: string;
	serverId: number;
	serverName: string;
	destinationId: number;
	status: CoolifyDeploymentStatus;
	forceRebuild: boolean;
	restartOnly: boolean;
	isApi: boolean;
	/** `instant_deploy` / `no_questions_asked`: starts without waiting for a free build slot. */
	skipQueue: boolean;
	deploymentUrl: string;
	script: BuildScript;
	createdAt: number;
	updatedAt: number;
	startedAt: number | null;
	finishedAt: number | null;
	/** Log lines added outside the build script (cancellation). */
	extraLogs: Array<{at: number; output: string; type: 'stdout' | 'stderr'}>;
};

export type SimulatorState = {
	version: string;
	team: {id: number; name: string; description: string; createdAt: number};
	projects: ProjectRecord[];
	environments: EnvironmentRecord[];
	servers: ServerRecord[];
	destinations: DestinationRecord[];
	applications: ApplicationRecord[];
	deployments: DeploymentRecord[];
	apiEnabled: boolean;
	token: string;
	tokenRevoked: boolean;
	abilities: string[];
	deploymentQueueLimit: number;
	/** Simulated time up to which every timed transition has been applied. */
	settledAt: number;
	/**
	 * How `GET /deployments` comes out: `auto` as Coolify does (an object keyed by position once 2+ are in
	 * flight), `object` always (the fault switch), `array` never.
	 */
	deploymentListShape: 'auto' | 'object' | 'array';
	/** Server-wide Docker cleanups run by stops and deletes (`docker_cleanup`, default true). */
	dockerCleanups: number;
	nextId: Record<'project' | 'environment' | 'server' | 'destination' | 'application' | 'deployment' | 'env', number>;
};

export type SimulatorSeed = {
	teamId: number;
	projectUuid: string;
	serverUuid: string;
	environmentName: string;
	environmentUuid: string;
	destinationUuid: string;
};

export function takeId(state: SimulatorState, kind: keyof SimulatorState['nextId']): number {
	const id = state.nextId[kind];
	state.nextId[kind] = id + 1;
	return id;
}

export function createState(options: {version: string; token: string; abilities: string[]; deploymentQueueLimit: number; now: number}): SimulatorState {
	return {
		version: options.version,
		// A self-hosted instance's first team is the root team, id 0.
		team: {id: 0, name: 'Root Team', description: 'The root team of this Coolify instance.', createdAt: options.now},
		projects: [],
		environments: [],
		servers: [],
		destinations: [],
		applications: [],
		deployments: [],
		apiEnabled: true,
		token: options.token,
		tokenRevoked: false,
		abilities: [...options.abilities],
		deploymentQueueLimit: options.deploymentQueueLimit,
		settledAt: options.now,
		deploymentListShape: 'auto',
		dockerCleanups: 0,
		nextId: {project: 1, environment: 1, server: 0, destination: 0, application: 1, deployment: 1, env: 1},
	};
}

export function addProject(state: SimulatorState, name: string, description: string | null, now: number): ProjectRecord {
	const project = {id: takeId(state, 'project'), uuid: createUuid(), name, description, createdAt: now, updatedAt: now};
	state.projects.push(project);
	return project;
}

export function addEnvironment(state: SimulatorState, project: ProjectRecord, name: string, now: number): EnvironmentRecord {
	const environment = {
		id: takeId(state, 'environment'),
		uuid: createUuid(),
		name,
		projectId: project.id,
		description: null,
		createdAt: now,
		updatedAt: now,
	};
	state.environments.push(environment);
	return environment;
}

export function addServer(state: SimulatorState, name: string, now: number): ServerRecord {
	const server = {
		id: takeId(state, 'server'),
		uuid: createUuid(),
		name,
		description: "This is the server where Coolify is running on. Don't delete this!",
		ip: 'host.docker.internal',
		concurrentBuilds: 2,
		createdAt: now,
		updatedAt: now,
	};
	state.servers.push(server);
	return server;
}

export function addDestination(state: SimulatorState, server: ServerRecord, now: number, name?: string, network?: string): DestinationRecord {
	const id = takeId(state, 'destination');
	const destination = {
		id,
		uuid: createUuid(),
		name: name ?? (id === 0 ? `${server.name}-coolify` : `${server.name}-network-${id}`),
		network: network ?? (id === 0 ? 'coolify' : `network-${id}`),
		serverId: server.id,
		createdAt: now,
		updatedAt: now,
	};
	state.destinations.push(destination);
	return destination;
}

/** Team, project `Test deployments` with environment `production`, server `localhost` and its destination. */
export function seedState(state: SimulatorState, now: number): SimulatorSeed {
	const project = addProject(state, 'Test deployments', 'Short-lived test deployments', now);
	const environment = addEnvironment(state, project, 'production', now);
	const server = addServer(state, 'localhost', now);
	const destination = addDestination(state, server, now);
	return {
		teamId: state.team.id,
		projectUuid: project.uuid,
		serverUuid: server.uuid,
		environmentName: environment.name,
		environmentUuid: environment.uuid,
		destinationUuid: destination.uuid,
	};
}

/** Whether the Coolify version this simulator plays is at least `minimum` (`4.2.0`); betas are older than 4.0.0. */
export function versionAtLeast(state: Pick<SimulatorState, 'version'>, minimum: string): boolean {
	const parts = (text: string) => {
		const match = /^v?(\d+)\.(\d+)\.(\d+)(-beta\.(\d+))?/.exec(text);
		return match ? [Number(match[1]), Number(match[2]), Number(match[3]), match[4] ? Number(match[5]) : Number.POSITIVE_INFINITY] : [0, 0, 0, 0];
	};

	const have = parts(state.version);
	const need = parts(minimum);
	for (let index = 0; index < have.length; index++) {
		if (have[index] !== need[index]) {
			return have[index]! > need[index]!;
		}
	}

	return true;
}

export function findApplication(state: SimulatorState, uuid: string): ApplicationRecord | undefined {
	return state.applications.find(application => application.uuid === uuid);
}

export function destinationOf(state: SimulatorState, application: ApplicationRecord): DestinationRecord {
	return state.destinations.find(destination => destination.id === application.destinationId)!;
}

export function serverOf(state: SimulatorState, application: ApplicationRecord): ServerRecord {
	const destination = destinationOf(state, application);
	return state.servers.find(server => server.id === destination.serverId)!;
}

export function environmentOf(state: SimulatorState, application: ApplicationRecord): EnvironmentRecord {
	return state.environments.find(environment => environment.id === application.environmentId)!;
}

export function projectOf(state: SimulatorState, environment: EnvironmentRecord): ProjectRecord {
	return state.projects.find(project => project.id === environment.projectId)!;
}
