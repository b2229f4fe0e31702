import {NotFoundError} from './errors.js';
import {Transport, type TransportOptions} from './transport.js';
import {
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

/**
 * Typed access to the parts of Coolify's REST API that coolify-tui uses, with the real server's quirks
 * handled (see API-NOTES.md). Every request body is valid against Coolify's OpenAPI spec as written.
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

	/** `GET /version`: plain text such as `4.3.11`; a leading `v` is dropped. */
	async version(): Promise<string> {
		const text = await this.transport.request<string>({method: 'GET', path: '/version', text: true});
		return text.replace(/^v/, '');
	}

	async team(): Promise<CoolifyTeam> {
		return this.transport.request({method: 'GET', path: '/team'});
	}

	async listProjects(): Promise<CoolifyProject[]> {
		return this.transport.request({method: 'GET', path: '/projects'});
	}

	async getProject(uuid: string): Promise<CoolifyProject> {
		return this.transport.request({method: 'GET', path: `/projects/${encode(uuid)}`});
	}

	async listEnvironments(projectUuid: string): Promise<CoolifyEnvironment[]> {
		return this.transport.request({method: 'GET', path: `/projects/${encode(projectUuid)}/environments`});
	}

	async getEnvironment(projectUuid: string, nameOrUuid: string): Promise<CoolifyEnvironment> {
		return this.transport.request({method: 'GET', path: `/projects/${encode(projectUuid)}/${encode(nameOrUuid)}`});
	}

	async listServers(): Promise<CoolifyServer[]> {
		return this.transport.request({method: 'GET', path: '/servers'});
	}

	async getServer(uuid: string): Promise<CoolifyServer> {
		return this.transport.request({method: 'GET', path: `/servers/${encode(uuid)}`});
	}

	async listServerDestinations(serverUuid: string): Promise<CoolifyDestination[]> {
		return this.transport.request({method: 'GET', path: `/servers/${encode(serverUuid)}/destinations`});
	}

	async listApplications(filter: {tag?: string} = {}): Promise<CoolifyApplication[]> {
		return this.transport.request({method: 'GET', path: '/applications', query: {tag: filter.tag}});
	}

	async getApplication(uuid: string): Promise<CoolifyApplication> {
		return this.transport.request({method: 'GET', path: `/applications/${encode(uuid)}`});
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
		});
	}

	async updateApplication(uuid: string, patch: UpdateApplicationRequest): Promise<{uuid: string}> {
		return this.transport.request({method: 'PATCH', path: `/applications/${encode(uuid)}`, body: patch});
	}

	/** Upserts by key; creates missing variables, updates existing ones, deletes nothing. */
	async upsertEnvironmentVariables(uuid: string, variables: EnvironmentVariableInput[]): Promise<CoolifyEnvironmentVariable[]> {
		return this.transport.request({method: 'PATCH', path: `/applications/${encode(uuid)}/envs/bulk`, body: {data: variables}});
	}

	async listEnvironmentVariables(uuid: string): Promise<CoolifyEnvironmentVariable[]> {
		return this.transport.request({method: 'GET', path: `/applications/${encode(uuid)}/envs`});
	}

	/** May answer without `deployment_uuid` ("Deployment already queued for this commit."). */
	async startApplication(uuid: string, options: {force?: boolean; instantDeploy?: boolean} = {}): Promise<StartApplicationResponse> {
		return this.transport.request({
			method: 'POST',
			path: `/applications/${encode(uuid)}/start`,
			query: {force: options.force, instant_deploy: options.instantDeploy},
		});
	}

	async restartApplication(uuid: string): Promise<StartApplicationResponse> {
		return this.transport.request({method: 'POST', path: `/applications/${encode(uuid)}/restart`});
	}

	/** Queued by Coolify: no deployment is created; the application's status turns `exited` later. */
	async stopApplication(uuid: string, options: {dockerCleanup?: boolean} = {}): Promise<MessageResponse> {
		return this.transport.request({
			method: 'POST',
			path: `/applications/${encode(uuid)}/stop`,
			query: {docker_cleanup: options.dockerCleanup},
		});
	}

	/** Queued by Coolify: the application answers 404 only once the deletion has run. */
	async deleteApplication(uuid: string, options: DeleteApplicationOptions = {}): Promise<MessageResponse> {
		return this.transport.request({
			method: 'DELETE',
			path: `/applications/${encode(uuid)}`,
			query: {
				delete_configurations: options.deleteConfigurations,
				delete_volumes: options.deleteVolumes,
				docker_cleanup: options.dockerCleanup,
				delete_connected_networks: options.deleteConnectedNetworks,
			},
		});
	}

	/** Container logs: a snapshot, not a stream. 400 "Application is not running." without a container. */
	async applicationLogs(uuid: string, options: {lines?: number; showTimestamps?: boolean} = {}): Promise<string> {
		const answer = await this.transport.request<{logs?: unknown}>({
			method: 'GET',
			path: `/applications/${encode(uuid)}/logs`,
			query: {lines: options.lines, show_timestamps: options.showTimestamps},
		});
		return typeof answer.logs === 'string' ? answer.logs : '';
	}

	async getDeployment(uuid: string): Promise<CoolifyDeployment> {
		return this.transport.request({method: 'GET', path: `/deployments/${encode(uuid)}`});
	}

	/** Newest first. The real answer is `{count, deployments}`; the spec's `Application[]` is wrong. */
	async listApplicationDeployments(uuid: string, page: {skip?: number; take?: number} = {}): Promise<ApplicationDeploymentsPage> {
		const answer = await this.transport.request<unknown>({
			method: 'GET',
			path: `/deployments/applications/${encode(uuid)}`,
			query: {skip: page.skip, take: page.take},
		});
		if (Array.isArray(answer)) {
			return {count: answer.length, deployments: answer as CoolifyDeployment[]};
		}

		const shaped = answer as Partial<ApplicationDeploymentsPage>;
		const deployments = Array.isArray(shaped.deployments) ? shaped.deployments : [];
		return {count: typeof shaped.count === 'number' ? shaped.count : deployments.length, deployments};
	}

	/** Only `queued` and `in_progress` deployments: this is not history. */
	async listActiveDeployments(): Promise<CoolifyDeployment[]> {
		return this.transport.request({method: 'GET', path: '/deployments'});
	}

	async cancelDeployment(uuid: string): Promise<MessageResponse & {deployment_uuid?: string; status?: string}> {
		return this.transport.request({method: 'POST', path: `/deployments/${encode(uuid)}/cancel`});
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
