import {readFile} from 'node:fs/promises';
import {resolvePipelineTarget, type PipelineConfig, type PortMapping} from '../config.js';
import type {CoolifyClient} from '../coolify/client.js';
import type {CreateApplicationResponse} from '../coolify/types.js';
import type {DeploymentRecord} from '../store/index.js';
import type {ServiceContext} from './context.js';
import {UserError} from './errors.js';
import {maskEnvironment, secretValues} from './redaction.js';
import {resolvePortsAndDomains, type PlacedDeployment} from './ports-and-domains.js';
import {teamFieldsFor} from './team-fields.js';

/** What `deploy` may change about a pipeline for one test deployment. */
export type DeployOverrides = {
	name?: string;
	dockerImage?: string;
	dockerfile?: string;
	env?: Record<string, string>;
	ports?: PortMapping[];
	autoStart?: boolean;
	/** `deploy --ttl`: how long it lives; default the pipeline's TTL. */
	ttlMs?: number;
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

/** Splits `registry:5000/team/app:1.2@sha256:...` into Coolify's image name and tag. */
export function splitImageReference(reference: string): {name: string; tag: string} {
	const withoutDigest = reference.split('@')[0]!;
	const lastSlash = withoutDigest.lastIndexOf('/');
	const lastColon = withoutDigest.lastIndexOf(':');
	if (lastColon > lastSlash) {
		return {name: withoutDigest.slice(0, lastColon), tag: withoutDigest.slice(lastColon + 1) || 'latest'};
	}

	return {name: withoutDigest, tag: 'latest'};
}

/** The first URL of Coolify's comma-separated `fqdn`. */
export function firstUrl(fqdn: string | null | undefined): string | null {
	const first = fqdn
		?.split(',')
		.map(part => part.trim())
		.find(Boolean);
	return first ?? null;
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
 * Creates one test deployment of a pipeline: the record first (so nothing is lost if Coolify fails), then
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
	const team = teamFieldsFor(context, pipeline, overrides);
	// Ports and domains that collide are reported before anything is created.
	const placing = await resolvePortsAndDomains(context, pipeline, ports, team.key).then(
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
		applicationName: overrides.name ?? '',
		dockerImage: dockerImage ?? null,
		dockerfilePath: dockerfilePath ?? null,
		// The redactor also catches the API token (and other known secrets) under keys that look harmless.
		environmentVariables: Object.fromEntries(Object.entries(maskEnvironment(env, pipeline.secrets)).map(([key, value]) => [key, context.redact(value)])),
		portMappings: placed.ports,
		...team.recordFields,
	});
	const applicationName = overrides.name ?? `${pipelineId}-test-${created.id}`;
	if (!overrides.name) {
		await context.store.patchRecord(created.id, {applicationName});
	}

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
			description: team.description,
			// Coolify's controller requires ports_exposes although the spec marks it optional.
			ports_exposes: containerPorts.length > 0 ? containerPorts.join(',') : '80',
			...(hostMappings.length > 0 ? {ports_mappings: hostMappings.join(',')} : {}),
			...(placed.domains ? {domains: placed.domains} : {}),
			...(pipeline.limits?.memory ? {limits_memory: pipeline.limits.memory} : {}),
			...(pipeline.limits?.cpus ? {limits_cpus: pipeline.limits.cpus} : {}),
			instant_deploy: false,
		};

		let answer: CreateApplicationResponse;
		if (dockerfileText === undefined) {
			const image = splitImageReference(dockerImage!);
			answer = await context.client.createDockerImageApplication({
				...common,
				docker_registry_image_name: image.name,
				docker_registry_image_tag: image.tag,
			});
		} else {
			answer = await context.client.createDockerfileApplication({...common, dockerfileText});
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
		const message = context.redact(error instanceof Error ? error.message : String(error));
		return (await context.store.patchRecord(created.id, {status: 'failed', errorMessage: message}))!;
	}
}

/**
 * Starts (or redeploys) an application and returns the deployment's uuid. Coolify may answer "already
 * queued" without one: then the application's newest deployment is the one.
 */
export async function startApplication(client: CoolifyClient, applicationUuid: string): Promise<string | null> {
	const answer = await client.startApplication(applicationUuid);
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
