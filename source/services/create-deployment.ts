import {readFile} from 'node:fs/promises';
import {resolvePipelineTarget, type AppConfig, type PipelineConfig, type PortMapping} from '../config.js';
import type {CoolifyClient} from '../coolify/client.js';
import type {CreateApplicationResponse} from '../coolify/types.js';
import {applicationNameFor, newDeploymentKey} from '../domain/identity.js';
import {decodeMarker, encodeMarker} from '../domain/marker.js';
import {createUnfinishedPrefix} from '../domain/reconcile.js';
import {expiryFromNow} from '../domain/ttl.js';
import {firstUrl} from '../domain/urls.js';
import {judgeCoolifyVersion} from '../coolify/versions.js';
import type {DeploymentRecord} from '../domain/records.js';
import type {ServiceContext} from './context.js';
import {UserError} from './errors.js';
import {pipelineTtlMs} from './expiry.js';
import {maskEnvironment, secretValues} from './redaction.js';
import {resolvePortsAndDomains, type PlacedDeployment} from './ports-and-domains.js';

/** What `deploy` may change about a pipeline for one test deployment. */
export type DeployOverrides = {
	name?: string;
	dockerImage?: string;
	dockerfile?: string;
	env?: Record<string, string>;
	ports?: PortMapping[];
	autoStart?: boolean;
	/** `deploy --ttl`: how long it lives, instead of the pipeline's (or the config's) default. */
	ttlMs?: number;
	/** Aborts the create (Ctrl-C): the record keeps the key, so the next poll finds any application made. */
	signal?: AbortSignal;
};

export function findPipeline(context: ServiceContext, pipelineId: string): PipelineConfig {
	const pipeline = context.config.pipelines.find(candidate => candidate.id === pipelineId);
	if (!pipeline) {
		const known = context.config.pipelines.map(candidate => candidate.id);
		throw new UserError(
			known.length === 0
				? `unknown pipeline "${pipelineId}": no pipelines are configured; add some under "pipelines" in the config file`
				: `unknown pipeline "${pipelineId}": configured pipelines are ${known.join(', ')} (see coolify-tui pipelines)`,
		);
	}

	return pipeline;
}

/**
 * Splits an image reference into Coolify's image name and tag. A digest-pinned reference
 * (`nginx@sha256:<hex>`, `registry:5000/team/app:1.2@sha256:<hex>`) is sent whole as the name, without a
 * tag: Coolify's `DockerImageParser::parse` reads the digest itself (`ApplicationsController::create_application`),
 * while a separate tag would be glued on with a colon and break it.
 */
export function splitImageReference(reference: string): {name: string; tag?: string} {
	if (/@sha256:[a-f\d]{64}$/i.test(reference)) {
		return {name: reference};
	}

	const lastSlash = reference.lastIndexOf('/');
	const lastColon = reference.lastIndexOf(':');
	if (lastColon > lastSlash) {
		return {name: reference.slice(0, lastColon), tag: reference.slice(lastColon + 1) || 'latest'};
	}

	return {name: reference, tag: 'latest'};
}

/** Refuses, before anything is created, on a Coolify that would reject our tags (older than 4.2.0). */
export async function requireSupportedCoolify(context: ServiceContext): Promise<void> {
	let version: string;
	try {
		version = await context.client.cachedVersion();
	} catch {
		// Not known: the create itself will fail and say why (recorded in the deployment).
		return;
	}

	const verdict = judgeCoolifyVersion(version);
	if (!verdict.isSupported) {
		throw new UserError(verdict.message);
	}
}

async function resolveEnvironmentUuid(context: ServiceContext, projectUuid: string, environmentName: string): Promise<string> {
	const key = `${projectUuid}/${environmentName}`;
	const cached = context.environmentUuids.get(key);
	if (cached) {
		return cached;
	}

	const environment = await context.client.getEnvironment(projectUuid, environmentName);
	context.environmentUuids.set(key, environment.uuid);
	return environment.uuid;
}

/**
 * The application a lost create answer (or an interrupted create) made, found by the key in its marker:
 * never by name, which another machine's deployment could share.
 */
export async function findApplicationByKey(client: CoolifyClient, key: string): Promise<CreateApplicationResponse | undefined> {
	const found = (await client.listOwnApplications()).find(application => decodeMarker(application.description)?.key === key);
	return found ? {uuid: found.uuid, domains: found.fqdn ?? null} : undefined;
}

/**
 * Creates one test deployment of a pipeline: the record first (so nothing is lost if Coolify fails), with a
 * key unique across machines that the application's name and the marker in its description carry; then
 * the application, its env vars and ports, then a start when the pipeline auto-starts. Every failure lands
 * in the record as `failed` with Coolify's own message. Resolves the final record.
 */
export async function createDeployment(context: ServiceContext, pipelineId: string, overrides: DeployOverrides = {}): Promise<DeploymentRecord> {
	const pipeline = findPipeline(context, pipelineId);
	const dockerImage = overrides.dockerImage ?? (overrides.dockerfile ? undefined : pipeline.dockerImage);
	const dockerfilePath = overrides.dockerfile ?? (overrides.dockerImage ? undefined : pipeline.dockerfile);
	const env = {...pipeline.env, ...overrides.env};
	const ports = overrides.ports ?? pipeline.ports;
	const autoStart = overrides.autoStart ?? pipeline.autoStart;
	const dockerfileText = dockerfilePath ? await readDockerfile(dockerfilePath) : undefined;
	await requireSupportedCoolify(context);
	const key = newDeploymentKey();
	const now = context.now();
	const expiresAt = expiryFromNow(now, overrides.ttlMs ?? pipelineTtlMs(context, pipeline));
	const applicationName = overrides.name ?? applicationNameFor(pipelineId, key);
	// Ports and domains that collide are reported before anything is created.
	const placing = await resolvePortsAndDomains(context, pipeline, ports, key).then(
		placedPorts => ({placed: placedPorts, error: undefined}),
		(error: unknown) => {
			if (error instanceof UserError) {
				throw error;
			}

			// Coolify failing here lands in the record as `failed`, like any later step.
			const fallback: PlacedDeployment = {ports: ports.map(({containerPort, hostPort}) => (hostPort === undefined ? {containerPort} : {containerPort, hostPort}))};
			return {placed: fallback, error};
		},
	);
	const {placed} = placing;

	const created = await context.store.createRecord({
		pipelineId,
		status: 'pending',
		applicationName,
		key,
		owner: context.owner.name,
		expiresAt,
		origin: 'created',
		dockerImage: dockerImage ?? null,
		dockerfilePath: dockerfilePath ?? null,
		// The redactor also catches the API token (and other known secrets) under keys that look harmless.
		environmentVariables: Object.fromEntries(Object.entries(maskEnvironment(env, pipeline.secrets)).map(([key, value]) => [key, context.redact(value)])),
		portMappings: placed.ports,
	});
	try {
		if (placing.error !== undefined) {
			throw placing.error;
		}

		const target = resolvePipelineTarget(context.config, pipeline);
		const environmentUuid = target.environmentUuid ?? (await resolveEnvironmentUuid(context, target.projectUuid, target.environmentName));
		const containerPorts = placed.ports.map(port => port.containerPort);
		const hostMappings = placed.ports.filter(port => port.hostPort !== undefined).map(port => `${port.hostPort}:${port.containerPort}`);
		const common = {
			project_uuid: target.projectUuid,
			server_uuid: target.serverUuid,
			environment_name: target.environmentName,
			environment_uuid: environmentUuid,
			...(target.destinationUuid ? {destination_uuid: target.destinationUuid} : {}),
			name: applicationName,
			description: encodeMarker({key, pipeline: pipelineId, owner: context.owner.name, createdAt: created.createdAt, expiresAt}),
			// Coolify's controller requires ports_exposes although the spec marks it optional.
			ports_exposes: containerPorts.length > 0 ? containerPorts.join(',') : '80',
			...(hostMappings.length > 0 ? {ports_mappings: hostMappings.join(',')} : {}),
			...(placed.domains ? {domains: placed.domains} : {}),
			...(pipeline.limits?.memory ? {limits_memory: pipeline.limits.memory} : {}),
			...(pipeline.limits?.cpus ? {limits_cpus: pipeline.limits.cpus} : {}),
			instant_deploy: false,
		};

		const createOptions = {findCreated: async () => findApplicationByKey(context.client, key), signal: overrides.signal};
		let answer: CreateApplicationResponse;
		if (dockerfileText === undefined) {
			const image = splitImageReference(dockerImage!);
			answer = await context.client.createDockerImageApplication(
				{
					...common,
					docker_registry_image_name: image.name,
					...(image.tag === undefined ? {} : {docker_registry_image_tag: image.tag}),
				},
				createOptions,
			);
		} else {
			answer = await context.client.createDockerfileApplication({...common, dockerfileText}, createOptions);
		}

		const applicationUuid = answer.uuid;
		if (!applicationUuid) {
			throw new Error(`Coolify created no application: ${answer.message ?? 'no uuid in its answer'}`);
		}

		await context.store.patchRecord(created.id, {coolifyApplicationId: applicationUuid, deploymentUrl: firstUrl(answer.domains)});

		// Coolify sets a Dockerfile application's port from the Dockerfile (usually 80); put ours back.
		if (dockerfileText !== undefined && containerPorts.length > 0) {
			await context.client.updateApplication(applicationUuid, {ports_exposes: containerPorts.join(',')});
		}

		if (Object.keys(env).length > 0) {
			await context.client.upsertEnvironmentVariables(
				applicationUuid,
				Object.entries(env).map(([key, value]) => ({key, value, is_preview: false})),
			);
		}

		if (!autoStart) {
			return (await context.store.getRecord(created.id))!;
		}

		const deploymentUuid = await startApplication(context.client, applicationUuid);
		return (await context.store.patchRecord(created.id, {coolifyDeploymentId: deploymentUuid, status: 'pending'}))!;
	} catch (error) {
		const reason = overrides.signal?.aborted ? 'interrupted' : error instanceof Error ? error.message : String(error);
		const record = await context.store.getRecord(created.id);
		// Without an application the create did not finish; the key stays, so a poll that finds the
		// application it may still have made (a lost answer, Ctrl-C) attaches it to this record.
		const message = context.redact(record?.coolifyApplicationId ? reason : `${createUnfinishedPrefix}${reason}`);
		return (await context.store.patchRecord(created.id, {status: 'failed', errorMessage: message}))!;
	}
}

/**
 * Starts (or redeploys) an application and returns the deployment's uuid. Coolify may answer "already
 * queued" without one: then the application's newest deployment is the one.
 */
export async function startApplication(client: CoolifyClient, applicationUuid: string, options: {force?: boolean} = {}): Promise<string | null> {
	const answer = await client.startApplication(applicationUuid, options.force ? {force: true} : {});
	if (answer.deployment_uuid) {
		return answer.deployment_uuid;
	}

	const latest = await client.latestDeployment(applicationUuid);
	return latest?.deployment_uuid ?? null;
}

async function readDockerfile(path: string): Promise<string> {
	try {
		return await readFile(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
		throw new UserError(`cannot read the Dockerfile ${path} (${code}): check the pipeline's "dockerfile" path, relative to the config file`);
	}
}

/** Values never to show for a deployment made with these overrides (for `deploy --env`). */
export function overrideSecrets(overrides: DeployOverrides): string[] {
	return overrides.env ? secretValues(overrides.env) : [];
}
