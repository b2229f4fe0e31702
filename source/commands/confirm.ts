import type {CommandIo} from './command-types.js';
import {UsageError} from './output.js';

/** Asks on the terminal; anything but y/yes is a no. */
export async function confirm(io: CommandIo, question: string): Promise<boolean> {
	// Loaded here, not with the module, which every start loads (the dashboard too).
	const prompt = process.getBuiltinModule('node:readline/promises').createInterface({input: io.stdin, output: io.stderr, terminal: true});
	// Without this, Ctrl-C at the prompt would leave the question pending forever.
	const interrupted = new AbortController();
	prompt.on('SIGINT', () => {
		interrupted.abort();
	});
	try {
		const answer = await prompt.question(`${question} [y/N] `, {signal: interrupted.signal});
		return /^y(es)?$/i.test(answer.trim());
	} catch {
		// Ctrl-D or Ctrl-C at the prompt: a no.
		return false;
	} finally {
		prompt.close();
	}
}

/**
 * Asks before an action that needs a yes (`--yes` skips it); without a terminal the action is refused
 * with the fix. Resolves false when the user said no.
 */
export async function confirmOrRefuse(io: CommandIo, options: {yes: boolean; refusal: string; question: string}): Promise<boolean> {
	if (options.yes) {
		return true;
	}

	if (io.stdin.isTTY !== true) {
		throw new UsageError(`${options.refusal} without confirmation: pass --yes to do it without a terminal`);
	}

	return confirm(io, options.question);
}
