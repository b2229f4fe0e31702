/**
 * The checks of `doctor`, each one line with the fix when it fails. They only read: nothing here creates,
 * changes or starts anything in Coolify, so abilities that can only be proven by doing (write, deploy)
 * are reported as not verified.
 */
import {resolvePipelineTarget, type AppConfig, type PipelineTarget} from '../config.js';
import type {CoolifyClient} from '../coolify/client.js';
import {CoolifyError, NotFoundError, isMissingRoute} from '../coolify/errors.js';
import {judgeCoolifyVersion, minimumCoolifyVersion} from '../coolify/versions.js';
import type {CoolifyServer} from '../coolify/types.js';

export type CheckStatus = 'pass' | 'fail' | 'warn';

/** One line of the checklist; `fail` lines are the required checks that did not pass. */
export type Check = {name: string; status: CheckStatus; message: string};

const pass = (name: string, message: string): Check => ({name, status: 'pass', message});
const fail = (name: string, message: string): Check => ({name, status: 'fail', message});
const warning = (name: string, message: string): Check => ({name, status: 'warn', message});

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function choices(items: ReadonlyArray<{name: string; uuid: string}>): string {
	return items.length === 0 ? 'there are none' : items.map(item => `"${item.name}" (${item.uuid})`).join(', ');
}

/** Below 4.2.0 a failure (Coolify rejects our tags); a version that is not 4.x a warning. */
function versionCheck(version: string): Check {
	const verdict = judgeCoolifyVersion(version);
	if (!verdict.isSupported) {
		return fail('version', verdict.message);
	}

	return verdict.isKnown ? pass('version', verdict.message) : warning('version', verdict.message);
}

/** Connection, version, token and the abilities that can be seen without side effects. */
export async function checkConnection(client: CoolifyClient, baseUrl: string): Promise<{checks: Check[]; isUsable: boolean}> {
	const checks: Check[] = [];
	try {
		await client.health();
		checks.push(pass('reachable', `Coolify answers at ${baseUrl}`));
	} catch (error) {
		checks.push(fail('reachable', messageOf(error)));
		return {checks, isUsable: false};
	}

	// GET /version needs the token and the read ability on every Coolify v4 (GET /team only exists from 4.3.0).
	let version: string;
	try {
		version = await client.version();
		checks.push(pass('token', 'the token works'));
	} catch (error) {
		checks.push(fail('token', messageOf(error)));
		return {checks, isUsable: false};
	}

	checks.push(versionCheck(version));
	checks.push(pass('ability read', 'the token can read (GET /version answered)'), await checkReadSensitive(client));
	checks.push(warning('ability write, deploy', 'not verified (proving them would change Coolify): deploy, start, stop, delete and cleanup need a token with write and deploy'));
	return {checks, isUsable: true};
}

/** `read:sensitive` shows as the `logs` of a deployment, or the values of environment variables. */
async function checkReadSensitive(client: CoolifyClient): Promise<Check> {
	const name = 'ability read:sensitive';
	const missing = 'the token lacks read:sensitive: build logs stay hidden; create a token with read, read:sensitive, write and deploy';
	try {
		const applications = await client.listOwnApplications();
		const newest = [...applications].sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? ''))).slice(0, 3);
		for (const application of newest) {
			const deployment = await client.latestDeployment(application.uuid);
			if (deployment) {
				return 'logs' in deployment ? pass(name, 'build logs are readable') : warning(name, missing);
			}

			const variables = await client.listEnvironmentVariables(application.uuid);
			if (variables.length > 0) {
				return variables.some(variable => 'value' in variable || 'real_value' in variable) ? pass(name, 'environment values are readable') : warning(name, missing);
			}
		}

		return warning(name, 'not verified: no test deployment to look at yet; build logs need it');
	} catch (error) {
		return warning(name, `not verified: ${messageOf(error)}`);
	}
}

/** Project, server, environment and destination of one target (the defaults, or a pipeline's overrides). */
export async function checkTarget(client: CoolifyClient, config: AppConfig, target: PipelineTarget, pipelineIds: readonly string[] = []): Promise<Check[]> {
	const checks: Check[] = [];
	const prefix = pipelineIds.length === 0 ? '' : `pipeline ${pipelineIds.join(', ')}: `;
	// Where the fix goes: the coolify section, or the pipelines' own overrides.
	const key = (field: string) => (pipelineIds.length === 0 ? `coolify.${field}` : `${field} of pipeline ${pipelineIds.join(', ')}`);
	let isProjectFound = false;
	try {
		const project = await client.getProject(target.projectUuid);
		isProjectFound = true;
		checks.push(pass(`${prefix}project`, `"${project.name}" (${project.uuid})`));
	} catch (error) {
		checks.push(await notFound(error, `${prefix}project`, `project ${target.projectUuid} does not exist (or is not in the token's team)`, async () => `set ${key('projectUuid')} to one of: ${choices(await client.listProjects())}`));
	}

	let server: CoolifyServer | undefined;
	try {
		server = await client.getServer(target.serverUuid);
		const settings = server.settings ?? {};
		if (settings.is_reachable === false || settings.is_usable === false) {
			checks.push(fail(`${prefix}server`, `server "${server.name}" (${server.uuid}) is ${settings.is_reachable === false ? 'not reachable' : 'not usable'}; check it in Coolify under Servers`));
		} else {
			checks.push(pass(`${prefix}server`, `"${server.name}" (${server.uuid})`));
		}
	} catch (error) {
		checks.push(await notFound(error, `${prefix}server`, `server ${target.serverUuid} does not exist (or is not in the token's team)`, async () => `set ${key('serverUuid')} to one of: ${choices(await client.listServers())}`));
	}

	if (isProjectFound) {
		checks.push(await checkEnvironment(client, config, target, prefix, key));
	} else {
		checks.push(warning(`${prefix}environment`, 'not checked: the project was not found'));
	}

	if (server) {
		checks.push(await checkDestination(client, target, server, prefix, key));
	} else {
		checks.push(warning(`${prefix}destination`, 'not checked: the server was not found'));
	}

	return checks;
}

async function checkEnvironment(client: CoolifyClient, config: AppConfig, target: PipelineTarget, prefix: string, key: (field: string) => string): Promise<Check> {
	const name = `${prefix}environment`;
	try {
		const environment = await client.getEnvironment(target.projectUuid, target.environmentName);
		const configured = target.environmentUuid ?? (prefix === '' ? config.coolify.environmentUuid : undefined);
		if (configured && configured !== environment.uuid) {
			return fail(name, `coolify.environmentUuid ${configured} is not the uuid of environment "${environment.name}" (${environment.uuid}); set it to ${environment.uuid} or remove it`);
		}

		return pass(name, `"${environment.name}" (uuid ${environment.uuid})`);
	} catch (error) {
		return notFound(error, name, `environment "${target.environmentName}" does not exist in project ${target.projectUuid}`, async () => {
			const environments = await client.listEnvironments(target.projectUuid);
			return `set ${key('environmentName')} to one of: ${environments.map(environment => `"${environment.name}"`).join(', ') || 'none (create one in Coolify)'}`;
		});
	}
}

async function checkDestination(client: CoolifyClient, target: PipelineTarget, server: CoolifyServer, prefix: string, key: (field: string) => string): Promise<Check> {
	const name = `${prefix}destination`;
	try {
		const destinations = await client.listServerDestinations(server.uuid);
		if (target.destinationUuid) {
			const destination = destinations.find(candidate => candidate.uuid === target.destinationUuid);
			return destination
				? pass(name, `"${destination.name}" (${destination.uuid})`)
				: fail(name, `${target.destinationUuid} is not a destination of server "${server.name}"; set ${key('destinationUuid')} to one of: ${choices(destinations)}`);
		}

		if (destinations.length === 0) {
			return fail(name, `server "${server.name}" has no destinations; add one in Coolify under Servers -> Destinations`);
		}

		if (destinations.length > 1) {
			return fail(name, `server "${server.name}" has ${destinations.length} destinations and ${key('destinationUuid')} is not set; set it to one of: ${choices(destinations)}`);
		}

		return pass(name, `"${destinations[0]!.name}" (${destinations[0]!.uuid}), the server's only destination`);
	} catch (error) {
		// Before 4.2.0 the route does not exist: Laravel's catch-all answers, which says nothing about destinations.
		if (isMissingRoute(error)) {
			return warning(name, `cannot check: this Coolify has no GET /servers/{uuid}/destinations (it arrived in ${minimumCoolifyVersion})`);
		}

		return fail(name, messageOf(error));
	}
}

/** A 404 becomes a failure with the valid choices; anything else fails with its own message. */
async function notFound(error: unknown, name: string, problem: string, fix: () => Promise<string>): Promise<Check> {
	if (!(error instanceof NotFoundError) || error.isMissingRoute) {
		return fail(name, messageOf(error));
	}

	try {
		return fail(name, `${problem}; ${await fix()}`);
	} catch (listError) {
		return fail(name, `${problem}; ${listError instanceof CoolifyError ? 'fix it in the config file' : messageOf(listError)}`);
	}
}

/** The targets of pipelines that override the defaults, each with the pipelines that use it. */
export function pipelineTargets(config: AppConfig): Array<{target: PipelineTarget; pipelineIds: string[]}> {
	const defaults: PipelineTarget = {
		projectUuid: config.coolify.projectUuid,
		serverUuid: config.coolify.serverUuid,
		environmentName: config.coolify.environmentName,
		...(config.coolify.environmentUuid ? {environmentUuid: config.coolify.environmentUuid} : {}),
		...(config.coolify.destinationUuid ? {destinationUuid: config.coolify.destinationUuid} : {}),
	};
	const key = (target: PipelineTarget) => JSON.stringify([target.projectUuid, target.serverUuid, target.environmentName, target.destinationUuid ?? null]);
	const groups = new Map<string, {target: PipelineTarget; pipelineIds: string[]}>();
	for (const pipeline of config.pipelines) {
		const target = resolvePipelineTarget(config, pipeline);
		if (key(target) === key(defaults)) {
			continue;
		}

		const group = groups.get(key(target)) ?? {target, pipelineIds: []};
		group.pipelineIds.push(pipeline.id);
		groups.set(key(target), group);
	}

	return [...groups.values()];
}
