/**
 * The OSC 52 escape sequence that asks the terminal to put text on the clipboard; it works over SSH,
 * where no clipboard tool can reach the user's machine. Inside tmux it is wrapped in tmux's DCS
 * passthrough (tmux needs `set -g allow-passthrough on`, or `set -g set-clipboard on` for the plain form).
 */

/** Terminals limit OSC 52 payloads (xterm and others to about 100 KB); a URL is far below. */
export const osc52Limit = 74_994;

export type Osc52Options = {
	/** The environment, to see whether we run inside tmux (TMUX) or GNU screen (STY). */
	env?: Record<string, string | undefined>;
};

/** The string to write to stdout, or null when the text is too long to send. */
export function osc52Sequence(text: string, options: Osc52Options = {}): string | null {
	const payload = Buffer.from(text, 'utf8').toString('base64');
	if (payload.length > osc52Limit) {
		return null;
	}

	const sequence = `\u001B]52;c;${payload}\u0007`;
	const env = options.env ?? process.env;
	if (env.TMUX) {
		// Passthrough: ESC P tmux; <the sequence with each ESC doubled> ESC \
		return `\u001BPtmux;${sequence.replaceAll('\u001B', '\u001B\u001B')}\u001B\\`;
	}

	if (env.STY) {
		return `\u001BP${sequence}\u001B\\`;
	}

	return sequence;
}
