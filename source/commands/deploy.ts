import {appendFileSync} from 'node:fs';
import {option} from './flags.js';
import type {ServiceContext} from '../services/context.js';
import {createDeployment, findPipeline, overrideSecrets, type DeployOverrides} from '../services/create-deployment.js';
import type {DeploymentRecord} from '../domain/records.js';
import type {CommandDefinition, CommandInput, CommandIo} from './command-types.js';
import {deploymentLabel, toDeploymentJson} from './deployment-view.js';
import {checkText, checkTtl, parseEnvAssignments, parsePortMappings} from './option-values.js';
import {describeError, exitCodes, printJson, printLines, UsageError} from './output.js';
import {openSession} from './session.js';
import {createStyle, type Style} from '../render/style.js';
import {catchInterrupts} from './interrupt.js';
import {defaultWaitPollSeconds, defaultWaitTimeoutSeconds, waitForDeployment, waitSettings, type WaitSettings} from './wait-for-deployment.js';
import {urlWithPath, waitForUrl} from './wait-for-url.js';

function readOverrides(input: CommandInput): DeployOverrides {
	const {flags} = input;
	const overrides: DeployOverrides = {};
	const name = checkText('name', flags.name, 'an application name');
	if (name !== undefined) {
		overrides.name = name;
	}

	const image = checkText('image', flags.image, 'an image reference such as nginx:1.27');
	if (image !== undefined) {
		if (/\s/.test(image)) {
			throw new UsageError('--image must be an image reference such as nginx:1.27, without spaces');
		}

		overrides.dockerImage = image;
	}

	if (flags.env.length > 0) {
		overrides.env = parseEnvAssignments(flags.env);
	}

	if (flags.port.length > 0) {
		overrides.ports = parsePortMappings(flags.port);
	}

	const ttlMs = checkTtl(flags.ttl);
	if (ttlMs !== undefined) {
		overrides.ttlMs = ttlMs;
	}

	if (!flags.start) {
		overrides.autoStart = false;
	} else if (flags.wait) {
		// Waiting for a deployment that never starts would only time out: --wait starts even a pipeline with autoStart false.
		overrides.autoStart = true;
	}

	return overrides;
}

/** `id`, `key`, `uuid` and `url` for the next steps of a GitHub Actions job (`steps.<id>.outputs.url`). */
function writeGithubOutput(io: CommandIo, record: DeploymentRecord): void {
	const path = io.env.GITHUB_OUTPUT;
	if (!path) {
		return;
	}

	const fields = {id: String(record.id), key: record.key ?? '', uuid: record.coolifyApplicationId ?? '', url: record.deploymentUrl ?? ''};
	// Values are one line each (ids, base36 keys, uuids, URLs): the simple `name=value` form is safe.
	appendFileSync(path, Object.entries(fields).map(([name, value]) => `${name}=${value.replaceAll(/[\r\n]/g, '')}\n`).join(''));
}

async function run(rawInput: CommandInput): Promise<number> {
	// --wait-url waits for the deployment first: it implies --wait.
	const input = rawInput.flags.waitUrl === undefined ? rawInput : {...rawInput, flags: {...rawInput.flags, wait: true}};
	const {flags, io} = input;
	const [pipelineId] = input.args as [string];
	const overrides = readOverrides(input);
	const wait = waitSettings(input);
	if (flags.wait && !flags.start) {
		throw new UsageError('--wait needs the deployment to start: drop --no-start, or drop --wait');
	}

	// --timeout bounds the whole command, the create included.
	const session = await openSession(flags, io, {extraSecrets: overrideSecrets(overrides), deadline: flags.wait ? wait.deadline : undefined});
	const {context} = session;
	const pipeline = findPipeline(context, pipelineId);
	const willStart = overrides.autoStart ?? pipeline.autoStart;
	const style = createStyle(io.stdout, io.env);
	// Ctrl-C or SIGTERM during the create: the record keeps its key, so the next poll (here or on any
	// machine) finds the application if Coolify made it; nothing is left untracked.
	const interrupt = catchInterrupts();
	let record;
	try {
		record = await createDeployment(context, pipelineId, {...overrides, signal: interrupt.signal});
	} finally {
		interrupt.dispose();
	}

	if (interrupt.signal.aborted && !record.coolifyApplicationId) {
		io.stderr.write(`coolify-tui: ${describeError(`${deploymentLabel(record)} interrupted; its application, if Coolify made it, is found again by key ${record.key ?? ''} on the next poll (coolify-tui list)`, context.redact)}\n`);
		return exitCodes.interrupted;
	}

	const label = deploymentLabel(record);
	if (record.status !== 'failed') {
		// Written at once, so an always-run cleanup step can delete it even when waiting fails.
		writeGithubOutput(io, record);
	}

	if (record.status === 'failed') {
		if (flags.json) {
			printJson(io.stdout, toDeploymentJson(record, context.redact), context.redact);
		}

		io.stderr.write(`coolify-tui: ${describeError(`${label} failed: ${record.errorMessage ?? 'Coolify refused it'}`, context.redact)}\n`);
		// Cut by --timeout before Coolify answered the create: a timeout, like a wait that ran out.
		return flags.wait && Date.now() >= wait.deadline ? exitCodes.timeout : exitCodes.failure;
	}

	if (!flags.json) {
		const what = willStart ? 'deployment started' : `created, not started (start it with coolify-tui start ${record.id})`;
		printLines(io.stdout, [`${label} (${record.coolifyApplicationId ?? 'no application'}) from pipeline ${pipelineId}: ${what}`], context.redact);
	}

	if (flags.wait && flags.waitUrl !== undefined) {
		return waitForDeploymentAndUrl(context, record, {...wait, io, isJson: flags.json, style, path: flags.waitUrl});
	}

	if (flags.wait) {
		return waitForDeployment(context, record, {...wait, io, isJson: flags.json, style});
	}

	if (flags.json) {
		printJson(io.stdout, toDeploymentJson(record, context.redact), context.redact);
	}

	return exitCodes.ok;
}

export const deployCommand: CommandDefinition = {
	name: 'deploy',
	args: ['<pipeline>'],
	summary: 'create a test deployment of a pipeline',
	options: [
		option('name', {help: 'application name (default: <pipeline>-test-<key>)'}),
		option('image', {help: 'deploy this Docker image instead of the pipeline\'s'}),
		option('env', {help: 'set or override an environment variable (repeatable)'}),
		option('port', {help: 'publish a port, or just CONTAINER (repeatable; replaces the pipeline\'s ports)'}),
		option('start'),
		option('ttl'),
		option('wait'),
		option('waitUrl'),
		option('timeout', {help: 'with --wait, how long the whole command may take', default: defaultWaitTimeoutSeconds}),
		option('pollInterval', {help: 'how often --wait asks Coolify', default: defaultWaitPollSeconds}),
	],
	run,
};

/** `--wait-url [PATH]`: the deployment must run, then its URL (+PATH) answer 2xx/3xx, all within --timeout. */
async function waitForDeploymentAndUrl(
	context: ServiceContext,
	start: DeploymentRecord,
	options: WaitSettings & {io: CommandIo; isJson: boolean; style: Style; path: string},
): Promise<number> {
	const {io} = options;
	const startedAt = Date.now();
	const code = await waitForDeployment(context, start, {...options, deferJson: true});
	const record = (await context.store.getRecord(start.id)) ?? start;
	const finish = (exitCode: number): number => {
		if (options.isJson) {
			printJson(io.stdout, toDeploymentJson(record, context.redact), context.redact);
		}

		return exitCode;
	};

	if (code !== exitCodes.ok) {
		return finish(code);
	}

	const label = deploymentLabel(record);
	if (!record.deploymentUrl) {
		io.stderr.write(`coolify-tui: ${label} has no URL to wait for: give the pipeline "domains" (such as "https://{key}.test.example.com"), or drop --wait-url\n`);
		return finish(exitCodes.failure);
	}

	const url = urlWithPath(record.deploymentUrl, options.path);
	const left = Math.max(0, options.timeoutMs - (Date.now() - startedAt));
	const answer = await waitForUrl(url, {timeoutMs: left, pollMs: options.pollMs, scheduler: context.scheduler});
	switch (answer.outcome) {
		case 'ready': {
			if (!options.isJson) {
				printLines(io.stdout, [`${options.style.green('✔')} ${url} answers (HTTP ${answer.status})`], context.redact);
			}

			return finish(exitCodes.ok);
		}

		case 'timeout': {
			io.stderr.write(`coolify-tui: ${describeError(`gave up waiting after ${Math.round(options.timeoutMs / 1000)}s: ${url} did not answer with 2xx or 3xx (last: ${answer.last}); ${label} carries on in Coolify`, context.redact)}\n`);
			return finish(exitCodes.timeout);
		}

		case 'interrupted': {
			io.stderr.write(`coolify-tui: stopped waiting for ${url}; ${label} carries on in Coolify\n`);
			return finish(exitCodes.interrupted);
		}
	}
}
