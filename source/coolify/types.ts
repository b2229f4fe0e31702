/**
 * Shapes of Coolify v4 API bodies that coolify-tui reads or sends, named as Coolify names them.
 * Responses keep an index signature: the server sends many more fields than we use.
 * Where the real server differs from the spec, the field says so and names the Coolify source.
 */

/** Coolify's deployment queue statuses (`App\Enums\ApplicationDeploymentStatus`). */
export type CoolifyDeploymentStatus = 'queued' | 'in_progress' | 'finished' | 'failed' | 'cancelled-by-user';

export const terminalDeploymentStatuses: readonly string[] = ['finished', 'failed', 'cancelled-by-user'];

export type CoolifyTeam = {
	id: number;
	name: string;
	description?: string | null;
	[key: string]: unknown;
};

export type CoolifyProject = {
	id?: number;
	uuid: string;
	name: string;
	description?: string | null;
	environments?: CoolifyEnvironment[];
	[key: string]: unknown;
};

/** The spec leaves `uuid` out, but the API returns it. */
export type CoolifyEnvironment = {
	id?: number;
	uuid: string;
	name: string;
	project_id?: number;
	[key: string]: unknown;
};

export type CoolifyServer = {
	id?: number;
	uuid: string;
	name: string;
	ip?: string;
	settings?: {is_reachable?: boolean; is_usable?: boolean; is_build_server?: boolean; [key: string]: unknown};
	[key: string]: unknown;
};

export type CoolifyDestination = {
	uuid: string;
	name: string;
	network: string;
	type?: 'standalone' | 'swarm';
	server_uuid?: string;
	[key: string]: unknown;
};

/** `status` is `"<state>:<health>"` or a bare state such as `exited`. */
export type CoolifyApplication = {
	id?: number;
	uuid: string;
	name: string;
	description?: string | null;
	fqdn?: string | null;
	status: string;
	build_pack?: string;
	docker_registry_image_name?: string | null;
	docker_registry_image_tag?: string | null;
	ports_exposes?: string | null;
	ports_mappings?: string | null;
	created_at?: string;
	updated_at?: string;
	tags?: Array<{name: string} | string>;
};

/**
 * The members of an application that a listing keeps (the client drops the other ~80 as the answer streams in:
 * 1,000 applications are 2.4 MB whole, a tenth of that thinned). Anything read from a listed application must
 * be named here and in CoolifyApplication.
 */
export const applicationListFields = [
	'id', 'uuid', 'name', 'description', 'fqdn', 'status', 'build_pack', 'docker_registry_image_name', 'docker_registry_image_tag',
	'ports_exposes', 'ports_mappings', 'created_at', 'updated_at', 'tags',
] as const satisfies ReadonlyArray<keyof CoolifyApplication>;

/** One deployment (`ApplicationDeploymentQueue`). `logs` is a JSON-encoded string, present only with `read:sensitive`. */
export type CoolifyDeployment = {
	id?: number;
	deployment_uuid: string;
	application_id?: string;
	application_name?: string;
	status: string;
	logs?: string | null;
	deployment_url?: string | null;
	commit?: string | null;
	force_rebuild?: boolean;
	restart_only?: boolean;
	created_at?: string;
	updated_at?: string;
	finished_at?: string | null;
	[key: string]: unknown;
};

/** One entry of a deployment's `logs` array. `order` is missing on the very first entry. */
export type BuildLogEntry = {
	command: string | null;
	output: string;
	type: 'stdout' | 'stderr';
	timestamp: string;
	hidden: boolean;
	batch: number;
	order?: number;
};

/** `GET /deployments/applications/{uuid}`: the real shape, not the spec's `Application[]`. */
export type ApplicationDeploymentsPage = {
	count: number;
	deployments: CoolifyDeployment[];
};

/** Fields shared by both create requests. The spec marks both environment fields required: send both. */
type CreateApplicationCommon = {
	project_uuid: string;
	server_uuid: string;
	environment_name: string;
	environment_uuid: string;
	destination_uuid?: string;
	name?: string;
	description?: string;
	domains?: string;
	/** A string matching `^\d+(,\d+)*$`, never a number. */
	ports_exposes?: string;
	ports_mappings?: string;
	limits_memory?: string;
	limits_cpus?: string;
	instant_deploy?: boolean;
	autogenerate_domain?: boolean;
	tags?: string[];
};

export type CreateDockerImageApplicationRequest = CreateApplicationCommon & {
	docker_registry_image_name: string;
	docker_registry_image_tag?: string;
};

export type CreateDockerfileApplicationRequest = CreateApplicationCommon & {
	/** Base64 of the Dockerfile's UTF-8 text. */
	dockerfile: string;
	build_pack?: 'dockerfile';
};

/** `201` body. `domains` is sent by the server but not in the spec. */
export type CreateApplicationResponse = {uuid?: string; domains?: string | null; message?: string};

export type UpdateApplicationRequest = {
	name?: string;
	description?: string;
	ports_exposes?: string;
	ports_mappings?: string;
	domains?: string;
	docker_registry_image_name?: string;
	docker_registry_image_tag?: string;
	limits_memory?: string;
	limits_cpus?: string;
	instant_deploy?: boolean;
};

/** One entry of `PATCH /applications/{uuid}/envs/bulk`; only the fields the spec lists. */
export type EnvironmentVariableInput = {
	key: string;
	value: string;
	is_preview?: boolean;
	is_literal?: boolean;
	is_multiline?: boolean;
	is_shown_once?: boolean;
};

export type CoolifyEnvironmentVariable = {
	uuid: string;
	key: string;
	value?: string | null;
	real_value?: string | null;
	is_preview?: boolean;
	[key: string]: unknown;
};

/** Answer to start/restart. `deployment_uuid` is missing when the server skipped ("already queued"). */
export type StartApplicationResponse = {message: string; deployment_uuid?: string};

export type MessageResponse = {message: string};

export type DeleteApplicationOptions = {
	deleteConfigurations?: boolean;
	deleteVolumes?: boolean;
	dockerCleanup?: boolean;
	deleteConnectedNetworks?: boolean;
};

/** The tag every application created by coolify-tui carries; cleanup touches nothing without it. */
export const ownershipTag = 'coolify-tui';
