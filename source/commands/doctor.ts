import {ConfigError, type AppConfig, type PipelineTarget} from '../config.js';
import {DeploymentStore} from '../store/index.js';
import {option} from './flags.js';
import type {CommandDefinition, CommandInput} from './command-types.js';
import {checkConnection, checkTarget, pipelineTargets, type Check} from './doctor-checks.js';
import {describeError, environmentRedactor, exitCodes, oneLine, printJson, printLines} from './output.js';
import {configRedactor, createClient, dataPathFor} from './session.js';
import {statusLook} from '../render/status.js';
import {createStyle, statusPaint} from '../render/style.js';
import {loadConfig} from '../config.js';

/** The `--json` shape of `doctor`. */
export type DoctorJson = {ok: boolean; checks: Check[]};

async function collectChecks(input: CommandInput): Promise<{checks: Check[]; config?: AppConfig}> {
	const {flags, io} = input;
	const checks: Check[] = [];
	let config: AppConfig;
	try {
		config = loadConfig({configPath: flags.config, env: io.env, cwd: io.cwd});
	} catch (error) {
		if (error instanceof ConfigError) {
			checks.push({name: 'config', status: 'fail', message: describeError(error, environmentRedactor(io.env))});
			return {checks};
		}

		throw error;
	}

	const pipelines = `${config.pipelines.length} pipeline${config.pipelines.length === 1 ? '' : 's'}`;
	checks.push({name: 'config', status: 'pass', message: `${config.configPath ?? 'from the environment only (no config file)'} (${pipelines})`});
	for (const warning of config.warnings) {
		checks.push({name: 'config', status: 'warn', message: warning});
	}

	try {
		const dataPath = dataPathFor(flags, io);
		const store = await DeploymentStore.open(dataPath);
		const {deployments} = await store.read();
		checks.push({name: 'data file', status: 'pass', message: `${store.path} (${deployments.length} deployment${deployments.length === 1 ? '' : 's'})`});
		for (const note of store.notes) {
			checks.push({name: 'data file', status: 'warn', message: note});
		}
	} catch (error) {
		checks.push({name: 'data file', status: 'fail', message: describeError(error)});
	}

	const client = createClient(config);
	const connection = await checkConnection(client, config.coolify.baseUrl);
	checks.push(...connection.checks);
	if (!connection.isUsable) {
		checks.push({name: 'targets', status: 'warn', message: 'project, server, environment and destination not checked: Coolify must answer and accept the token first'});
		return {checks, config};
	}

	const defaults: PipelineTarget = {
		projectUuid: config.coolify.projectUuid,
		serverUuid: config.coolify.serverUuid,
		environmentName: config.coolify.environmentName,
		environmentUuid: config.coolify.environmentUuid,
		destinationUuid: config.coolify.destinationUuid,
	};
	checks.push(...(await checkTarget(client, config, defaults)));
	for (const {target, pipelineIds} of pipelineTargets(config)) {
		checks.push(...(await checkTarget(client, config, target, pipelineIds)));
	}

	return {checks, config};
}

async function run(input: CommandInput): Promise<number> {
	const {flags, io} = input;
	const {checks, config} = await collectChecks(input);
	const redact = config ? configRedactor(config) : environmentRedactor(io.env);
	const safe = checks.map(check => ({...check, message: oneLine(redact(check.message))}));
	const failed = safe.filter(check => check.status === 'fail');
	if (flags.json) {
		printJson(io.stdout, {ok: failed.length === 0, checks: safe} satisfies DoctorJson, redact);
	} else {
		const style = createStyle(io.stdout, io.env);
		const lines = safe.map(check => `${statusPaint(style, check.status)(statusLook(check.status).symbol)} ${check.name}: ${check.message}`);
		lines.push('', failed.length === 0 ? 'all required checks passed' : `${failed.length} required check${failed.length === 1 ? '' : 's'} failed: fix the lines marked ✖`);
		printLines(io.stdout, lines, redact);
	}

	if (config === undefined) {
		return exitCodes.usage;
	}

	return failed.length === 0 ? exitCodes.ok : exitCodes.failure;
}

export const doctorCommand: CommandDefinition = {
	name: 'doctor',
	args: [],
	summary: 'check the configuration, data file, token and targets, with fixes (exit 0 when all required checks pass)',
	options: [],
	run,
};
