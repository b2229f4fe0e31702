/**
 * How the one-shot commands talk back: exit codes, the one-line error on stderr, JSON on stdout, and
 * warnings. Every message passes through a redactor, so the API token never reaches the terminal.
 */
import {ConfigError} from '../config.js';
import {UserError} from '../services/errors.js';
import {createRedactor, tokenSecrets, type Redactor} from '../services/redaction.js';
import {sanitizeTerminalText} from '../services/text-safety.js';

/** The exit codes of every command; documented in docs/commands.md. */
export const exitCodes = {
	/** Done; for `health` and `doctor`: healthy. */
	ok: 0,
	/** Coolify refused or failed, a deployment failed, Coolify is unhealthy. */
	failure: 1,
	/** `--wait` gave up before the deployment settled. */
	timeout: 2,
	/** `--wait`: the deployment runs but its health check keeps failing (`running:unhealthy`). */
	unhealthy: 3,
	/** Bad usage or bad configuration: unknown command, option or argument, invalid config file. */
	usage: 64,
	/** Interrupted (Ctrl-C) while waiting. */
	interrupted: 130,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** Bad command-line usage: wrong arguments, unknown or invalid options. Exit code 64. */
export class UsageError extends Error {
	override name = 'UsageError';
}

/** A writable stream as far as output needs it (process.stdout, or a test's stand-in). */
export type OutputStream = Pick<NodeJS.WritableStream, 'write'> & {isTTY?: boolean};

/** The exit code an error ends the program with. */
export function exitCodeFor(error: unknown): ExitCode {
	if (error instanceof UsageError || error instanceof UserError || error instanceof ConfigError) {
		return exitCodes.usage;
	}

	return exitCodes.failure;
}

/** The error as one printable line, secrets masked. */
export function describeError(error: unknown, redact: Redactor = environmentRedactor()): string {
	const message = error instanceof Error ? error.message || error.name : String(error);
	return oneLine(redact(message));
}

/** Collapses text to one safe line: no escape sequences, no line breaks. */
export function oneLine(text: string): string {
	return sanitizeTerminalText(text).replace(/\s*\n\s*/g, ' ').trim();
}

/** Prints `coolify-tui: <message>` on stderr and returns the exit code for the error. */
export function reportError(error: unknown, stderr: OutputStream, redact?: Redactor): ExitCode {
	stderr.write(`coolify-tui: ${describeError(error, redact)}\n`);
	return exitCodeFor(error);
}

/**
 * The last resort of cli.tsx for errors that escape `runCommand` (meow's own validation, for one):
 * one line, never a stack trace, the token from the environment masked.
 */
export function reportFatal(error: unknown, stderr: OutputStream): number {
	return reportError(error, stderr);
}

/** A warning line on stderr; the command carries on. */
export function warn(stderr: OutputStream, message: string, redact: Redactor = environmentRedactor()): void {
	stderr.write(`coolify-tui: warning: ${oneLine(redact(message))}\n`);
}

/** Stable, indented JSON on stdout, secrets masked (belt and braces: shapes never hold them). */
export function printJson(stdout: OutputStream, value: unknown, redact: Redactor = environmentRedactor()): void {
	stdout.write(`${redact(JSON.stringify(value, null, 2))}\n`);
}

/** Writes lines, each passed through the redactor. */
export function printLines(stdout: OutputStream, lines: readonly string[], redact: Redactor = text => text): void {
	if (lines.length > 0) {
		stdout.write(`${lines.map(line => redact(line)).join('\n')}\n`);
	}
}

/** Masks the token of the process environment, for messages printed before the config is loaded. */
export function environmentRedactor(env: Record<string, string | undefined> = process.env): Redactor {
	return createRedactor(tokenSecrets(env.COOLIFY_API_TOKEN?.trim() ?? ''));
}
