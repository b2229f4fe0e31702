import type {Redactor} from '../services/redaction.js';
import type {CommandFlags, CommandOption} from './flags.js';

/** The process's streams, environment and working directory, injected so a test can run a command without a real terminal. */
export type CommandIo = {
	/** May be a TTY: then tables are coloured, `deploy --wait` shows a spinner and `delete` asks. */
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WriteStream;
	/** May be a TTY: `delete` without --yes reads its answer from it. */
	stdin: NodeJS.ReadStream;
	env: Record<string, string | undefined>;
	cwd: string;
};

/**
 * The streams of one run of a command, with where that run keeps the widest redactor its session built:
 * an error escaping the command is cleaned with it (registry.ts), whatever secrets the session learnt.
 */
export type RunIo = CommandIo & {readonly errors: {redact?: Redactor}};

/** What a command's `run` receives: its positional arguments, the parsed flags and the streams. */
export type CommandInput = {
	args: string[];
	flags: CommandFlags;
	io: RunIo;
};

/** One one-shot command: its usage line, its own options and what it does. */
export type CommandDefinition = {
	name: string;
	/** Arguments, as shown in the usage line: `<pipeline>`, `<id>`. */
	args: readonly string[];
	summary: string;
	/** The command's own options, besides --json, --config and --data (declared in flags.ts). */
	options: readonly CommandOption[];
	run: (input: CommandInput) => Promise<number>;
};
