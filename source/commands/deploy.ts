import {createDeployment, findPipeline, overrideSecrets, type DeployOverrides} from '../services/create-deployment.js';
import type {CommandDefinition, CommandInput} from './command-types.js';
import {deploymentLabel, toDeploymentJson} from './deployment-view.js';
import {checkText, parseEnvAssignments, parsePortMappings} from './option-values.js';
import {describeError, exitCodes, printJson, printLines, UsageError} from './output.js';
import {openSession} from './session.js';
import {createStyle} from '../render/style.js';
import {catchInterrupts} from './interrupt.js';
import {defaultWaitPollSeconds, defaultWaitTimeoutSeconds, waitForDeployment, waitSettings} from './wait-for-deployment.js';

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

	if (!flags.start) {
		overrides.autoStart = false;
	} else if (flags.wait) {
		// Waiting for a deployment that never starts would only time out: --wait starts even a pipeline with autoStart false.
		overrides.autoStart = true;
	}

	return overrides;
}

async function run(input: CommandInput): Promise<number> {
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
	flags: ['name', 'image', 'env', 'port', 'start', 'wait', 'timeout', 'pollInterval'],
	optionHelp: [
		'--name N                 application name (default: <pipeline>-test-<key>)',
		'--image I                deploy this Docker image instead of the pipeline\'s',
		'--env K=V                set or override an environment variable (repeatable)',
		'--port HOST:CONTAINER    publish a port, or just CONTAINER (repeatable; replaces the pipeline\'s ports)',
		'--no-start               create the application without starting it',
		'--wait                   wait until it runs (exit 0), fails (1) or --timeout passes (2)',
		`--timeout SECONDS        with --wait, how long the whole command may take (default ${defaultWaitTimeoutSeconds})`,
		`--poll-interval SECONDS  how often --wait asks Coolify (default ${defaultWaitPollSeconds})`,
	],
	run,
};
