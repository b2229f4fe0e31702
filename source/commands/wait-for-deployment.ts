/**
 * `--wait`: polls Coolify (one constant-cost `pollOnce` per interval) until the deployment runs, fails,
 * or the timeout passes, printing each status change as it happens.
 */
import {CoolifyError} from '../coolify/errors.js';
import type {ServiceContext} from '../services/context.js';
import {pollOnce} from '../services/poller.js';
import type {DeploymentRecord} from '../store/index.js';
import type {CommandInput, CommandIo} from './command-types.js';
import {deploymentLabel, toDeploymentJson} from './deployment-view.js';
import {catchInterrupts, sleepUnlessAborted} from './interrupt.js';
import {checkNumber, pollIntervalMs} from './option-values.js';
import {describeError, exitCodes, isAuthorizationError, printJson, printLines, UsageError} from './output.js';
import {createProgress} from './progress.js';
import {statusPaint, type Style} from './style.js';

/** `--wait` gives up after this long unless --timeout says otherwise. */
export const defaultWaitTimeoutSeconds = 600;
/** Seconds between polls while waiting, unless --poll-interval says otherwise. */
export const defaultWaitPollSeconds = 2;

export type WaitSettings = {timeoutMs: number; pollMs: number};

/** --timeout and --poll-interval, validated (shared with `start --wait`). */
export function waitSettings(input: Pick<CommandInput, 'flags'>): WaitSettings {
	const timeout = checkNumber('timeout', input.flags.timeout, {min: 0, isMinExclusive: true, max: 86_400, what: 'a number of seconds greater than 0 and at most 86400'});
	for (const [value, label] of [[timeout, '--timeout'], [input.flags.pollInterval, '--poll-interval']] as const) {
		if (value !== undefined && !input.flags.wait) {
			throw new UsageError(`${label} only applies with --wait`);
		}
	}

	return {timeoutMs: Math.round((timeout ?? defaultWaitTimeoutSeconds) * 1000), pollMs: pollIntervalMs(input.flags.pollInterval, defaultWaitPollSeconds)};
}

export type WaitOptions = {
	timeoutMs: number;
	pollMs: number;
	io: CommandIo;
	isJson: boolean;
	style: Style;
	/** The caller prints the JSON itself, after more waiting (`--wait-url`). */
	deferJson?: boolean;
};

export type WaitOutcome = 'running' | 'failed' | 'timeout' | 'interrupted';

/** The last lines of the build log shown when a deployment fails. */
const failureLogLines = 20;

function settledOutcome(record: DeploymentRecord): WaitOutcome | undefined {
	if (record.status === 'running') {
		return 'running';
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
	const startedAt = Date.now();
	const deadline = startedAt + options.timeoutMs;
	const label = deploymentLabel(start);
	let record = start;
	let shownStatus: string | undefined;
	let outcome: WaitOutcome | undefined;
	const show = () => {
		if (record.status !== shownStatus) {
			shownStatus = record.status;
			const url = record.status === 'running' && record.deploymentUrl ? `  ${record.deploymentUrl}` : '';
			progress?.line(`${label}: ${statusPaint(style, record.status)(record.status)}${url}`);
		}

		progress?.update(`${label}: ${record.status} ${formatElapsed(Date.now() - startedAt)}`);
	};

	try {
		for (;;) {
			show();
			outcome = settledOutcome(record);
			if (outcome) {
				break;
			}

			if (interrupt.signal.aborted) {
				outcome = 'interrupted';
				break;
			}

			const left = deadline - Date.now();
			if (left <= 0) {
				outcome = 'timeout';
				break;
			}

			await sleepUnlessAborted(Math.min(options.pollMs, left), interrupt.signal);
			if (interrupt.signal.aborted) {
				continue;
			}

			try {
				await pollOnce(context);
			} catch (error) {
				if (!(error instanceof CoolifyError) || isAuthorizationError(error) || !error.isTransient) {
					throw error;
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

function formatElapsed(ms: number): string {
	const seconds = Math.floor(ms / 1000);
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
