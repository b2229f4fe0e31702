/**
 * The OSC 52 escape sequence that asks the terminal to put text on the clipboard; it works over SSH,
 * where no clipboard tool can reach the user's machine. tmux 3.3's defaults (checked: set-clipboard
 * external, allow-passthrough off) drop both the plain sequence and the DCS-wrapped one, so inside tmux
 * both are sent: the plain one works with `set -g set-clipboard on`, the wrapped one with
 * `set -g allow-passthrough on`, and with both on the clipboard is just set twice to the same text.
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
		return `${sequence}\u001BPtmux;${sequence.replaceAll('\u001B', '\u001B\u001B')}\u001B\\`;
	}

	if (env.STY) {
		return `\u001BP${sequence}\u001B\\`;
	}

	return sequence;
}

/** What the message line says after sending: where it went and, inside tmux, what tmux needs. */
export function clipboardMessage(what: string, options: Osc52Options = {}): string {
	const env = options.env ?? process.env;
	const tmux = env.TMUX ? ' (in tmux this needs `set -g set-clipboard on` or `set -g allow-passthrough on`)' : '';
	return `sent ${what} to the terminal's clipboard (OSC 52)${tmux}`;
}
