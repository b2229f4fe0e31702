/**
 * `--wait`: polls Coolify (one constant-cost `pollOnce` per interval) until the deployment runs, fails,
 * or the timeout passes, printing each status change as it happens.
 */
import {CoolifyError} from '../coolify/errors.js';
import type {ServiceContext} from '../services/context.js';
import {pollOnce} from '../services/poller.js';
import type {DeploymentRecord} from '../domain/records.js';
import type {CommandInput, CommandIo} from './command-types.js';
import {deploymentLabel, toDeploymentJson} from './deployment-view.js';
import {catchInterrupts} from './interrupt.js';
import {secondsToMs} from './option-values.js';
import {describeError, exitCodes, printJson, printLines, UsageError} from './output.js';
import {createProgress} from './progress.js';
import {formatElapsed} from '../render/format.js';
import {statusWord, type Style} from '../render/style.js';

/** `--wait` gives up after this long unless --timeout says otherwise. */
export const defaultWaitTimeoutSeconds = 600;
/** Seconds between polls while waiting, unless --poll-interval says otherwise. */
export const defaultWaitPollSeconds = 2;

/** `deadline`: when (epoch ms) the whole command must end; counted from when the settings were read, so creating or starting is inside --timeout. */
export type WaitSettings = {timeoutMs: number; pollMs: number; deadline: number};

/** --timeout and --poll-interval, validated (shared with `start --wait`). */
export function waitSettings(input: Pick<CommandInput, 'flags'>): WaitSettings {
	const {timeout} = input.flags;
	for (const [value, label] of [[timeout, '--timeout'], [input.flags.pollInterval, '--poll-interval']] as const) {
		if (value !== undefined && !input.flags.wait) {
			throw new UsageError(`${label} only applies with --wait`);
		}
	}

	const timeoutMs = secondsToMs(timeout ?? defaultWaitTimeoutSeconds);
	return {timeoutMs, pollMs: secondsToMs(input.flags.pollInterval ?? defaultWaitPollSeconds), deadline: Date.now() + timeoutMs};
}

export type WaitOptions = {
	timeoutMs: number;
	deadline: number;
	pollMs: number;
	io: CommandIo;
	isJson: boolean;
	style: Style;
	/** The caller prints the JSON itself, after more waiting (`--wait-url`). */
	deferJson?: boolean;
};

export type WaitOutcome = 'running' | 'unhealthy' | 'failed' | 'timeout' | 'interrupted';

/**
 * How long a deployment may read `running:unhealthy` before `--wait` reports it: right after a deployment
 * Coolify shows it for a poll or so (ApplicationDeploymentJob stores `running`, read as `running:unhealthy`,
 * until its status job sees the container's health), so only one that stays so is unhealthy.
 */
export const unhealthyGraceMs = 60_000;

/** The last lines of the build log shown when a deployment fails. */
const failureLogLines = 20;

/** Success is `running:healthy`, or `running:unknown` (no health check); never `running:unhealthy`. */
function settledOutcome(record: DeploymentRecord, unhealthySince: number | undefined, now: number): WaitOutcome | undefined {
	if (record.status === 'running') {
		if (record.health !== 'unhealthy') {
			return 'running';
		}

		return unhealthySince !== undefined && now - unhealthySince >= unhealthyGraceMs ? 'unhealthy' : undefined;
	}

	if (record.status === 'failed' || record.status === 'stopped' || record.deletedAt || record.cleanedAt) {
		return 'failed';
	}

	return undefined;
}

/** Waits, then prints the outcome (the record as JSON with --json) and returns the exit code. */
export async function waitForDeployment(context: ServiceContext, start: DeploymentRecord, options: WaitOptions): Promise<number> {
	const {io, style} = options;
	const isInteractive = !options.isJson && io.stdout.isTTY === true;
	const progress = options.isJson ? undefined : createProgress(io.stdout, {isInteractive});
	const interrupt = catchInterrupts();
	const startedAt = context.now();
	const {deadline} = options;
	const label = deploymentLabel(start);
	let record = start;
	let shownStatus: string | undefined;
	let outcome: WaitOutcome | undefined;
	let unhealthySince: number | undefined;
	const show = () => {
		if (record.status !== shownStatus) {
			shownStatus = record.status;
			const url = record.status === 'running' && record.deploymentUrl ? `  ${record.deploymentUrl}` : '';
			progress?.line(`${label}: ${statusWord(style, record.status)}${url}`);
		}

		progress?.update(`${label}: ${record.status} ${formatElapsed(context.now() - startedAt)}`);
	};

	try {
		for (;;) {
			show();
			const isUnhealthy = record.status === 'running' && record.health === 'unhealthy';
			unhealthySince = isUnhealthy ? (unhealthySince ?? Date.now()) : undefined;
			outcome = settledOutcome(record, unhealthySince, Date.now());
			if (outcome) {
				break;
			}

			if (interrupt.signal.aborted) {
				outcome = 'interrupted';
				break;
			}

			const left = deadline - context.now();
			if (left <= 0) {
				outcome = isUnhealthy ? 'unhealthy' : 'timeout';
				break;
			}

			await context.scheduler.sleep(Math.min(options.pollMs, left), interrupt.signal);
			if (interrupt.signal.aborted) {
				continue;
			}

			try {
				await pollOnce(context);
			} catch (error) {
				if (!(error instanceof CoolifyError) || error.isAuthorization || !error.isTransient) {
					throw error;
				}

				if (Date.now() >= deadline) {
					// The poll was cut by --timeout itself: the loop now reports the timeout, no warning first.
					continue;
				}

				const warning = `coolify-tui: warning: ${describeError(error, context.redact)} (still waiting)`;
				// On a terminal the spinner owns the current line: print above it.
				if (isInteractive) {
					progress?.line(style.yellow(warning));
				} else {
					io.stderr.write(`${warning}\n`);
				}
			}

			record = (await context.store.getRecord(record.id)) ?? record;
		}
	} finally {
		progress?.stop();
		interrupt.dispose();
	}

	return report(context, record, outcome, options);
}

function report(context: ServiceContext, record: DeploymentRecord, outcome: WaitOutcome, options: WaitOptions): number {
	const {io, style} = options;
	const label = deploymentLabel(record);
	const seconds = Math.round(options.timeoutMs / 1000);
	if (options.isJson && !options.deferJson) {
		printJson(io.stdout, toDeploymentJson(record, context.redact), context.redact);
	}

	switch (outcome) {
		case 'running': {
			if (!options.isJson) {
				printLines(io.stdout, [`${style.green('✔')} ${label} is running${record.deploymentUrl ? ` at ${record.deploymentUrl}` : ''}`], context.redact);
			}

			return exitCodes.ok;
		}

		case 'unhealthy': {
			io.stderr.write(
				`coolify-tui: ${describeError(`${label} runs but stays unhealthy (Coolify reads ${record.coolifyStatus ?? 'running:unhealthy'}): its health check keeps failing; see coolify-tui logs ${record.id} --type runtime`, context.redact)}\n`,
			);
			return exitCodes.unhealthy;
		}

		case 'failed': {
			const tail = record.buildLogs?.text ? record.buildLogs.text.split('\n').slice(-failureLogLines) : [];
			if (!options.isJson && tail.length > 0) {
				printLines(io.stdout, [style.dim(`last lines of the build log (all of it: coolify-tui logs ${record.id} --type build):`), ...tail], context.redact);
			}

			const why = record.errorMessage ?? (record.status === 'stopped' ? 'it was stopped' : 'see its logs');
			io.stderr.write(`coolify-tui: ${describeError(`${label} ${record.status === 'stopped' ? 'stopped' : 'failed'}: ${why}`, context.redact)}\n`);
			return exitCodes.failure;
		}

		case 'timeout': {
			io.stderr.write(
				`coolify-tui: gave up waiting after ${seconds}s: ${label} is still ${record.status}; it carries on in Coolify (see coolify-tui show ${record.id})\n`,
			);
			return exitCodes.timeout;
		}

		case 'interrupted': {
			io.stderr.write(`coolify-tui: stopped waiting: ${label} is ${record.status}; it carries on in Coolify (see coolify-tui show ${record.id})\n`);
			return exitCodes.interrupted;
		}
	}
}
