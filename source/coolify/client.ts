import type * as v from 'valibot';
import {
	applicationDeploymentsSchema,
	applicationSchema,
	cancelSchema,
	createdSchema,
	deploymentSchema,
	destinationSchema,
	environmentSchema,
	environmentVariableSchema,
	listOf,
	logsSchema,
	messageSchema,
	parseAnswer,
	projectSchema,
	serverSchema,
	startSchema,
	teamSchema,
	uuidSchema,
} from './answers.js';
import {BuildLogThinner, type BuildLogEntries} from './build-log-thinning.js';
import {NotFoundError} from './errors.js';
import {Transport, type RequestOptions, type TransportOptions} from './transport.js';
import {
	applicationListFields,
	ownershipTag,
	type ApplicationDeploymentsPage,
	type CoolifyApplication,
	type CoolifyDeployment,
	type CoolifyDestination,
	type CoolifyEnvironment,
	type CoolifyEnvironmentVariable,
	type CoolifyProject,
	type CoolifyServer,
	type CoolifyTeam,
	type CreateApplicationResponse,
	type CreateDockerImageApplicationRequest,
	type CreateDockerfileApplicationRequest,
	type DeleteApplicationOptions,
	type EnvironmentVariableInput,
	type MessageResponse,
	type StartApplicationResponse,
	type UpdateApplicationRequest,
} from './types.js';

export type CoolifyClientOptions = TransportOptions;

const encode = encodeURIComponent;

/** Request options plus the schema its answer must match, and how to say what was expected. */
function expecting<T extends v.GenericSchema>(schema: T, expected: string): Pick<RequestOptions, 'parse'> {
	return {parse: (body, request, status) => parseAnswer(schema, body, expected, request, status)};
}

const aList = 'a list';

/**
 * Typed access to the parts of Coolify's REST API that coolify-tui uses, with the real server's quirks
 * handled (each names the Coolify source it follows). Every request body is valid against Coolify's OpenAPI spec as written.
 */
export class CoolifyClient {
	readonly transport: Transport;

	constructor(options: CoolifyClientOptions) {
		this.transport = new Transport(options);
	}

	get baseUrl(): string {
		return this.transport.baseUrl;
	}

	/** `GET /api/health`: plain text `OK`, no token needed. */
	async health(signal?: AbortSignal): Promise<string> {
		return this.transport.request<string>({method: 'GET', path: '/api/health', root: true, text: true, signal});
	}

	/** `GET /version`: plain text such as `4.3.11`; a leading `v` is dropped. Served by every Coolify v4, token needed. */
	async version(): Promise<string> {
		const text = await this.transport.request<string>({method: 'GET', path: '/version', text: true});
		const version = text.replace(/^v/, '');
		this.knownVersion = version;
		return version;
	}

	/** The version once asked for (a server does not change version under a running command). */
	async cachedVersion(): Promise<string> {
		return this.knownVersion ?? this.version();
	}

	private knownVersion: string | undefined;

	async team(): Promise<CoolifyTeam> {
		return this.transport.request({method: 'GET', path: '/team', ...expecting(teamSchema, 'a team')});
	}

	async listProjects(): Promise<CoolifyProject[]> {
		return this.transport.request({method: 'GET', path: '/projects', ...expecting(listOf(projectSchema), aList)});
	}

	async getProject(uuid: string): Promise<CoolifyProject> {
		return this.transport.request({method: 'GET', path: `/projects/${encode(uuid)}`, ...expecting(projectSchema, 'a project')});
	}

	async listEnvironments(projectUuid: string): Promise<CoolifyEnvironment[]> {
		return this.transport.request({method: 'GET', path: `/projects/${encode(projectUuid)}/environments`, ...expecting(listOf(environmentSchema), aList)});
	}

	async getEnvironment(projectUuid: string, nameOrUuid: string): Promise<CoolifyEnvironment> {
		return this.transport.request({method: 'GET', path: `/projects/${encode(projectUuid)}/${encode(nameOrUuid)}`, ...expecting(environmentSchema, 'an environment')});
	}

	async listServers(): Promise<CoolifyServer[]> {
		return this.transport.request({method: 'GET', path: '/servers', ...expecting(listOf(serverSchema), aList)});
	}

	async getServer(uuid: string): Promise<CoolifyServer> {
		return this.transport.request({method: 'GET', path: `/servers/${encode(uuid)}`, ...expecting(serverSchema, 'a server')});
	}

	async listServerDestinations(serverUuid: string): Promise<CoolifyDestination[]> {
		return this.transport.request({method: 'GET', path: `/servers/${encode(serverUuid)}/destinations`, ...expecting(listOf(destinationSchema), aList)});
	}

	async listApplications(filter: {tag?: string} = {}): Promise<CoolifyApplication[]> {
		return this.transport.request({
			method: 'GET',
			path: '/applications',
			query: {tag: filter.tag},
			reuseUnchanged: `GET /applications?tag=${filter.tag ?? ''}`,
			listFields: {keep: applicationListFields},
			...expecting(listOf(applicationSchema), aList),
		});
	}

	/** One application whole, every column Coolify sends (a listing keeps only applicationListFields). */
	async getApplication(uuid: string): Promise<CoolifyApplication & Record<string, unknown>> {
		return this.transport.request({method: 'GET', path: `/applications/${encode(uuid)}`, ...expecting(applicationSchema, 'an application')});
	}

	/** Our own test applications: those tagged `coolify-tui`. */
	async listOwnApplications(): Promise<CoolifyApplication[]> {
		return this.listApplications({tag: ownershipTag});
	}

	/**
	 * Creates an application from a Docker image. When the outcome of an attempt is unknown (timeout,
	 * reset, 5xx), the retry first asks `options.findCreated` (the caller knows what identifies its
	 * application; a name another machine could also produce does not).
	 */
	async createDockerImageApplication(request: CreateDockerImageApplicationRequest, options: CreateOptions = {}): Promise<CreateApplicationResponse> {
		const body = withOwnershipTag(request);
		return this.transport.request({
			method: 'POST',
			path: '/applications/dockerimage',
			body,
			recover: options.findCreated,
			signal: options.signal,
			...expecting(createdSchema, 'the new application'),
		});
	}

	/** Creates an application from Dockerfile text (sent base64-encoded, as Coolify requires). */
	async createDockerfileApplication(
		request: Omit<CreateDockerfileApplicationRequest, 'dockerfile'> & {dockerfileText: string},
		options: CreateOptions = {},
	): Promise<CreateApplicationResponse> {
		const {dockerfileText, ...rest} = request;
		const body = withOwnershipTag({...rest, dockerfile: Buffer.from(dockerfileText, 'utf8').toString('base64')});
		return this.transport.request({
			method: 'POST',
			path: '/applications/dockerfile',
			body,
			recover: options.findCreated,
			signal: options.signal,
			...expecting(createdSchema, 'the new application'),
		});
	}

	async updateApplication(uuid: string, patch: UpdateApplicationRequest): Promise<{uuid: string}> {
		return this.transport.request({method: 'PATCH', path: `/applications/${encode(uuid)}`, body: patch, ...expecting(uuidSchema, 'an object with the uuid')});
	}

	/** Upserts by key; creates missing variables, updates existing ones, deletes nothing. */
	async upsertEnvironmentVariables(uuid: string, variables: EnvironmentVariableInput[]): Promise<CoolifyEnvironmentVariable[]> {
		return this.transport.request({method: 'PATCH', path: `/applications/${encode(uuid)}/envs/bulk`, body: {data: variables}, ...expecting(listOf(environmentVariableSchema), aList)});
	}

	async listEnvironmentVariables(uuid: string): Promise<CoolifyEnvironmentVariable[]> {
		return this.transport.request({method: 'GET', path: `/applications/${encode(uuid)}/envs`, ...expecting(listOf(environmentVariableSchema), aList)});
	}

	/** May answer without `deployment_uuid` ("Deployment already queued for this commit."). */
	async startApplication(uuid: string, options: {force?: boolean; instantDeploy?: boolean} = {}): Promise<StartApplicationResponse> {
		return this.transport.request({
			method: 'POST',
			path: `/applications/${encode(uuid)}/start`,
			query: {force: options.force, instant_deploy: options.instantDeploy},
			...expecting(startSchema, 'a message'),
		});
	}

	async restartApplication(uuid: string): Promise<StartApplicationResponse> {
		return this.transport.request({method: 'POST', path: `/applications/${encode(uuid)}/restart`, ...expecting(startSchema, 'a message')});
	}

	/**
	 * Queued by Coolify: no deployment is created; the application's status turns `exited` later. Coolify's
	 * `docker_cleanup` defaults to true (a Docker cleanup of the whole server on every stop): we send false
	 * unless asked. A stop does not cancel a build in flight (see `cancelDeployment`).
	 */
	async stopApplication(uuid: string, options: {dockerCleanup?: boolean} = {}): Promise<MessageResponse> {
		return this.transport.request({
			method: 'POST',
			path: `/applications/${encode(uuid)}/stop`,
			query: {docker_cleanup: options.dockerCleanup ?? false},
			...expecting(messageSchema, 'a message'),
		});
	}

	/**
	 * Queued by Coolify: the application answers 404 only once the deletion has run. The delete job stops the
	 * application itself with this request's `docker_cleanup` (default true, `DeleteResourceJob`): false here.
	 */
	async deleteApplication(uuid: string, options: DeleteApplicationOptions = {}): Promise<MessageResponse> {
		return this.transport.request({
			method: 'DELETE',
			path: `/applications/${encode(uuid)}`,
			query: {
				delete_configurations: options.deleteConfigurations,
				delete_volumes: options.deleteVolumes,
				docker_cleanup: options.dockerCleanup ?? false,
				delete_connected_networks: options.deleteConnectedNetworks,
			},
			...expecting(messageSchema, 'a message'),
		});
	}

	/** Container logs: a snapshot, not a stream. 400 "Application is not running." without a container. */
	async applicationLogs(uuid: string, options: {lines?: number; showTimestamps?: boolean} = {}): Promise<string> {
		const answer = await this.transport.request<{logs?: string | null}>({
			method: 'GET',
			path: `/applications/${encode(uuid)}/logs`,
			query: {lines: options.lines, show_timestamps: options.showTimestamps},
			...expecting(logsSchema, 'an object with the logs'),
		});
		return typeof answer.logs === 'string' ? answer.logs : '';
	}

	/**
	 * With `logEntries`, the build log (`logs`, ~32 MB for 100,000 entries) is thinned as the answer streams in
	 * to Coolify's visible entries, or to none when only the status is wanted; without it, every entry comes.
	 */
	async getDeployment(uuid: string, options: {logEntries?: BuildLogEntries} = {}): Promise<CoolifyDeployment> {
		const {logEntries} = options;
		return this.transport.request({
			method: 'GET',
			path: `/deployments/${encode(uuid)}`,
			thinner: logEntries ? () => new BuildLogThinner(logEntries) : undefined,
			...expecting(deploymentSchema, 'a deployment'),
		});
	}

	/** Newest first. The real answer is `{count, deployments}`; the spec's `Application[]` is wrong. */
	async listApplicationDeployments(uuid: string, page: {skip?: number; take?: number} = {}): Promise<ApplicationDeploymentsPage> {
		return this.transport.request({
			method: 'GET',
			path: `/deployments/applications/${encode(uuid)}`,
			query: {skip: page.skip, take: page.take},
			...expecting(applicationDeploymentsSchema, 'a page of deployments'),
		});
	}

	/**
	 * Only `queued` and `in_progress` deployments: this is not history. With `read:sensitive` every entry
	 * carries its whole build log (`DeployController::deployments`); the logs are skipped as the answer
	 * streams in, so a poll costs the same memory however long the builds' logs are. No cheaper request
	 * lists the builds in flight: `GET /deployments/applications/{uuid}` also shows the logs, per application.
	 */
	async listActiveDeployments(): Promise<CoolifyDeployment[]> {
		return this.transport.request({method: 'GET', path: '/deployments', listFields: {drop: ['logs']}, reuseUnchanged: 'GET /deployments', ...expecting(listOf(deploymentSchema), aList)});
	}

	async cancelDeployment(uuid: string): Promise<MessageResponse & {deployment_uuid?: string; status?: string}> {
		return this.transport.request({method: 'POST', path: `/deployments/${encode(uuid)}/cancel`, ...expecting(cancelSchema, 'a message')});
	}

	/** The newest deployment of an application, for a start answered without a `deployment_uuid`. */
	async latestDeployment(applicationUuid: string): Promise<CoolifyDeployment | undefined> {
		const page = await this.listApplicationDeployments(applicationUuid, {take: 1});
		return page.deployments[0];
	}

	/**
	 * Resolves `undefined` only on proof that the application does not exist: Coolify's own "Application not
	 * found." Any other 404 (the catch-all of an unknown route, a proxy, another server) is thrown.
	 */
	async findApplication(uuid: string): Promise<CoolifyApplication | undefined> {
		try {
			return await this.getApplication(uuid);
		} catch (error) {
			if (error instanceof NotFoundError && error.isApplicationNotFound) {
				return undefined;
			}

			throw error;
		}
	}
}

export type CreateOptions = {
	/** Asked before a retry when an attempt's fate is unknown: the application made by a lost attempt. */
	findCreated?: () => Promise<CreateApplicationResponse | undefined>;
	signal?: AbortSignal;
};

function withOwnershipTag<T extends {tags?: string[]}>(request: T): T {
	const tags = new Set(request.tags ?? []);
	tags.add(ownershipTag);
	return {...request, tags: [...tags]};
}
