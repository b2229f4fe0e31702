import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';

/** The built CLI (`npm run build`; `npm test` builds first). */
export const cliPath = path.resolve(import.meta.dirname, '../../dist/cli.js');

export type CliResult = {
	/** The exit code; null when a signal ended the process. */
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	args: string[];
};

export type CliOptions = {
	/** The whole environment of the child (nothing is inherited but PATH). */
	env?: Record<string, string | undefined>;
	cwd?: string;
	/** Written to stdin, which is then closed. */
	input?: string;
	/** Kills the child and fails after this long. @default 30000 */
	timeoutMs?: number;
};

export type RunningCli = {
	child: ChildProcess;
	/** Output so far. */
	stdout: () => string;
	stderr: () => string;
	/** Resolves once stdout + stderr satisfy the predicate; rejects when the process ends first. */
	waitForOutput: (predicate: (output: string) => boolean, what: string) => Promise<void>;
	result: Promise<CliResult>;
};

/** Every result of the current test file, for checks across all of them (no secret in any output). */
export const cliResults: CliResult[] = [];

/** Starts `node dist/cli.js ...args` as a subprocess, with stdin, stdout and stderr as pipes (no TTY). */
export function startCli(args: string[], options: CliOptions = {}): RunningCli {
	const env: Record<string, string> = {PATH: process.env.PATH ?? ''};
	for (const [key, value] of Object.entries(options.env ?? {})) {
		if (value !== undefined) {
			env[key] = value;
		}
	}

	const child = spawn(process.execPath, [cliPath, ...args], {cwd: options.cwd ?? process.cwd(), env, stdio: ['pipe', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	const listeners = new Set<() => void>();
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
		for (const listener of listeners) {
			listener();
		}
	});
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
		for (const listener of listeners) {
			listener();
		}
	});
	if (options.input === undefined) {
		child.stdin!.end();
	} else {
		child.stdin!.end(options.input);
	}

	const timeoutMs = options.timeoutMs ?? 30_000;
	const result = new Promise<CliResult>((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`coolify-tui ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
		}, timeoutMs);
		child.on('error', error => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const finished = {code, signal, stdout, stderr, args};
			cliResults.push(finished);
			resolve(finished);
		});
	});

	return {
		child,
		stdout: () => stdout,
		stderr: () => stderr,
		result,
		async waitForOutput(predicate, what) {
			await new Promise<void>((resolve, reject) => {
				const check = () => {
					if (predicate(stdout + stderr)) {
						listeners.delete(check);
						resolve();
					}
				};

				listeners.add(check);
				result.then(
					() => {
						listeners.delete(check);
						if (!predicate(stdout + stderr)) {
							reject(new Error(`coolify-tui ${args.join(' ')} ended before ${what}\nstdout: ${stdout}\nstderr: ${stderr}`));
						}
					},
					reject,
				);
				check();
			});
		},
	};
}

/** Runs the CLI to the end. */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
	return startCli(args, options).result;
}
