import type {BuildLogEntry} from '../coolify/types.js';
import {toTimestamp} from './ids.js';
import {phpJsonEncode} from './php-json.js';

/** One build-log line, `offset` ms after the deployment started. */
export type BuildLogLine = Omit<BuildLogEntry, 'timestamp' | 'order'> & {offset: number};

/** The whole deterministic build of one deployment, decided when it is queued. */
export type BuildScript = {lines: BuildLogLine[]; duration: number; outcome: 'finished' | 'failed'};

export type BuildInput = {
	deploymentUuid: string;
	applicationUuid: string;
	applicationName: string;
	buildPack: 'dockerimage' | 'dockerfile';
	image: string | null;
	tag: string | null;
	/** Decoded Dockerfile text. */
	dockerfile: string | null;
	/** Keys only: Coolify never prints build-argument values. */
	buildtimeEnvKeys: string[];
	serverName: string;
	network: string;
	restartOnly: boolean;
	forceRebuild: boolean;
};

const helperImage = 'ghcr.io/coollabsio/coolify-helper:1.0.12';
const failingImagePattern = /broken|fail/i;
const failingDockerfileLine = /^\s*RUN\s+exit\s+1\s*$/im;

type Say = {type?: 'stdout' | 'stderr'; hidden?: boolean};

function createScriptBuilder() {
	const lines: BuildLogLine[] = [];
	let offset = 0;
	let batch = 1;
	return {
		lines,
		wait(ms: number) {
			offset += ms;
		},
		/** A message line (Coolify's `addLogEntry`): no command, batch 1. */
		say(output: string, options: Say = {}) {
			lines.push({offset, command: null, output, type: options.type ?? 'stdout', hidden: options.hidden ?? false, batch: 1});
			offset += 100;
		},
		/** The output of one remote command, one entry per line, `step` ms apart. */
		run(command: string, outputs: string[], options: Say & {step?: number} = {}) {
			batch++;
			for (const output of outputs) {
				lines.push({offset, command, output, type: options.type ?? 'stdout', hidden: options.hidden ?? true, batch});
				offset += options.step ?? 150;
			}
		},
		get offset() {
			return offset;
		},
	};
}

type ScriptBuilder = ReturnType<typeof createScriptBuilder>;

function fakeHex(seed: string, length: number): string {
	let hash = 2_166_136_261;
	let text = '';
	while (text.length < length) {
		for (const character of seed + text.length) {
			hash = Math.imul(hash ^ character.charCodeAt(0), 16_777_619) >>> 0;
		}

		text += hash.toString(16).padStart(8, '0');
	}

	return text.slice(0, length);
}

function prepareHelper(builder: ScriptBuilder, input: BuildInput) {
	const id = input.deploymentUuid;
	builder.say(`Preparing container with helper image: ${helperImage}.`);
	builder.wait(300);
	builder.run(`docker stop --time=30 ${id}`, [`Error response from daemon: No such container: ${id}`], {type: 'stderr'});
	builder.wait(500);
	builder.run(
		`docker run -d --network ${input.network} --name ${id} --rm -v /var/run/docker.sock:/var/run/docker.sock ${helperImage}`,
		[fakeHex(id, 64)],
	);
	builder.wait(200);
}

function dockerfileSteps(dockerfile: string): string[] {
	return dockerfile
		.split('\n')
		.map(line => line.trim())
		.filter(line => /^(FROM|RUN|COPY|ADD|WORKDIR)\s/i.test(line));
}

/** BuildKit `--progress plain` output for the Dockerfile; stops at a failing `RUN exit 1`. */
function buildOutput(input: BuildInput): {outputs: string[]; error?: string} {
	const steps = dockerfileSteps(input.dockerfile ?? '');
	const base = /^FROM\s+(\S+)/i.exec(steps[0] ?? '')?.[1] ?? 'alpine:latest';
	const outputs = [
		'#0 building with "default" instance using docker driver',
		'#1 [internal] load build definition from Dockerfile',
		`#1 transferring dockerfile: ${input.dockerfile?.length ?? 0}B done`,
		'#1 DONE 0.0s',
		`#2 [internal] load metadata for docker.io/library/${base}`,
		'#2 DONE 0.9s',
	];
	let number = 3;
	for (const [index, step] of steps.entries()) {
		const label = `#${number} [${index + 1}/${steps.length}] ${step}`;
		outputs.push(label);
		if (failingDockerfileLine.test(step)) {
			const error = `process "/bin/sh -c ${step.replace(/^RUN\s+/i, '')}" did not complete successfully: exit code: 1`;
			outputs.push(`#${number} ERROR: ${error}`);
			return {outputs, error: `failed to solve: ${error}`};
		}

		outputs.push(index > 0 && !input.forceRebuild && !/^RUN/i.test(step) ? `#${number} CACHED` : `#${number} DONE ${(0.1 + index * 0.7).toFixed(1)}s`);
		number++;
	}

	outputs.push(
		`#${number} exporting to image`,
		`#${number} exporting layers done`,
		`#${number} writing image sha256:${fakeHex(input.deploymentUuid, 64)} done`,
		`#${number} naming to docker.io/library/${input.applicationUuid}:HEAD done`,
		`#${number} DONE 0.4s`,
	);
	return {outputs};
}

function fail(builder: ScriptBuilder, input: BuildInput, reason: string): BuildScript {
	builder.wait(200);
	builder.say('Oops something is not okay, are you okay? 😢', {type: 'stderr'});
	builder.say(reason, {type: 'stderr'});
	builder.wait(300);
	builder.say('Deployment failed. Removing the new version of your application.', {type: 'stderr'});
	builder.say(`Gracefully shutting down build container: ${input.deploymentUuid}`, {hidden: true});
	builder.wait(300);
	return {lines: builder.lines, duration: builder.offset, outcome: 'failed'};
}

function rollingUpdate(builder: ScriptBuilder, input: BuildInput, pull: boolean): BuildScript | undefined {
	const project = `--project-name ${input.applicationUuid} --project-directory /artifacts/${input.deploymentUuid}`;
	const imageReference = `${input.image}:${input.tag ?? 'latest'}`;
	builder.say('----------------------------------------');
	builder.say(input.restartOnly ? 'Restart requested: no build, the current image is reused.' : 'Rolling update started.');
	builder.say('Creating .env file with runtime variables for container.', {hidden: true});
	if (pull) {
		builder.say('Pulling latest images from the registry.');
		builder.wait(300);
		if (failingImagePattern.test(input.image ?? '')) {
			const error = `Error response from daemon: pull access denied for ${input.image}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
			builder.run(`docker compose ${project} pull`, [` ${input.applicationUuid} Pulling`, ` ${input.applicationUuid} Error`, error], {
				type: 'stderr',
				step: 700,
			});
			return fail(builder, input, error);
		}

		builder.run(
			`docker compose ${project} pull`,
			[
				` ${input.applicationUuid} Pulling`,
				` ${fakeHex(imageReference, 12)} Pulling fs layer`,
				` ${fakeHex(imageReference, 12)} Downloading [=========>          ]  14.2MB/29.1MB`,
				` ${fakeHex(imageReference, 12)} Pull complete`,
				` ${input.applicationUuid} Pulled`,
			],
			{step: 700},
		);
	}

	const container = `${input.applicationUuid}-${fakeHex(input.deploymentUuid, 12)}`;
	builder.say('Starting new application.');
	builder.wait(200);
	builder.run(`docker compose ${project} up -d`, [
		` Network ${input.network}  Creating`,
		` Container ${container}  Creating`,
		` Container ${container}  Created`,
		` Container ${container}  Starting`,
		` Container ${container}  Started`,
	], {step: 250});
	builder.say('New container started.');
	builder.wait(600);
	builder.say('Removing old containers.');
	builder.wait(700);
	builder.say(input.restartOnly ? 'Restart completed.' : 'Rolling update completed.');
	builder.say(`Gracefully shutting down build container: ${input.deploymentUuid}`, {hidden: true});
	builder.wait(300);
	return undefined;
}

/**
 * The deployment's whole log and outcome. Images whose name contains `broken` or `fail` cannot be pulled;
 * a Dockerfile with a `RUN exit 1` line fails to build. Env values never appear (Coolify redacts them itself).
 */
export function createBuildScript(input: BuildInput): BuildScript {
	const builder = createScriptBuilder();
	const subject = input.buildPack === 'dockerimage' ? `${input.image}:${input.tag ?? 'latest'}` : input.applicationName;
	builder.say(`Starting deployment of ${subject} to ${input.serverName}.`);
	builder.wait(200);
	prepareHelper(builder, input);
	if (input.buildPack === 'dockerfile') {
		const failing = failingDockerfileLine.test(input.dockerfile ?? '');
		if (!input.restartOnly || failing) {
			builder.run(`mkdir -p /artifacts/${input.deploymentUuid}`, [`Wrote Dockerfile to /artifacts/${input.deploymentUuid}/Dockerfile`]);
			builder.say('----------------------------------------');
			builder.say('Building docker image started.');
			builder.say('To check the current progress, click on Show Debug Logs.');
			const buildArguments = input.buildtimeEnvKeys.map(key => ` --build-arg ${key}`).join('');
			const noCache = input.forceRebuild ? ' --no-cache' : '';
			const {outputs, error} = buildOutput(input);
			const command = `docker build${noCache} --network ${input.network} -f /artifacts/${input.deploymentUuid}/Dockerfile${buildArguments} --progress plain -t ${input.applicationUuid}:HEAD /artifacts/${input.deploymentUuid}`;
			builder.run(command, outputs, {step: 300});
			if (error) {
				return fail(builder, input, `Dockerfile build failed: ${error}`);
			}

			builder.say('Building docker image completed.');
		}

		return rollingUpdate(builder, input, false) ?? {lines: builder.lines, duration: builder.offset, outcome: 'finished'};
	}

	// A restart reuses the pulled image, unless it never could be pulled.
	const pull = !input.restartOnly || failingImagePattern.test(input.image ?? '');
	return rollingUpdate(builder, input, pull) ?? {lines: builder.lines, duration: builder.offset, outcome: 'finished'};
}

/**
 * The `logs` field: a JSON-encoded string of entries visible at `until`; the first entry has no `order`
 * (Coolify adds it from the second entry on). Null before the first entry exists.
 */
export function renderBuildLogs(
	script: BuildScript,
	startedAt: number | null,
	until: number,
	extra: Array<{at: number; output: string; type: 'stdout' | 'stderr'}>,
): string | null {
	// Coolify reads the log it stored (ApplicationDeploymentQueue's `logs` column); making 100,000 entries
	// again for every request took the simulator 0.5-1 s. Lines are only ever added (the clock's lines, then
	// `extra`), so the same counts mean the same text.
	let shown = 0;
	if (startedAt !== null) {
		for (const line of script.lines) {
			shown += startedAt + line.offset <= until ? 1 : 0;
		}
	}

	const last = renderedLogs.get(script);
	if (last && last.startedAt === startedAt && last.shown === shown && last.extraLength === extra.length) {
		return last.text;
	}

	const text = renderLogText(script, startedAt, until, extra);
	renderedLogs.set(script, {startedAt, shown, extraLength: extra.length, text});
	return text;
}

const renderedLogs = new WeakMap<BuildScript, {startedAt: number | null; shown: number; extraLength: number; text: string | null}>();

function renderLogText(
	script: BuildScript,
	startedAt: number | null,
	until: number,
	extra: Array<{at: number; output: string; type: 'stdout' | 'stderr'}>,
): string | null {
	const timed = startedAt === null ? [] : script.lines.filter(line => startedAt + line.offset <= until).map(line => ({...line, at: startedAt + line.offset}));
	const lines = [...timed, ...extra.map(entry => ({...entry, command: null, hidden: false, batch: 1}))];
	if (lines.length === 0) {
		return null;
	}

	const entries = lines.map(({at, command, output, type, hidden, batch}, index) => {
		const entry: BuildLogEntry = {command, output, type, timestamp: toTimestamp(at), hidden, batch};
		return index === 0 ? entry : {...entry, order: index + 1};
	});
	return phpJsonEncode(entries);
}
