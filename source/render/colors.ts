/**
 * Whether to write colour, decided here for the dashboard and the plain commands alike. NO_COLOR
 * (https://no-color.org, any non-empty value) and TERM=dumb turn it off; FORCE_COLOR turns it on for a
 * pipe (or off with 0); otherwise a terminal gets colour and a pipe does not.
 */
export function isColorEnabled(env: Readonly<Record<string, string | undefined>>, isTerminal: boolean): boolean {
	if ((env.NO_COLOR ?? '') !== '' || env.TERM === 'dumb') {
		return false;
	}

	if ((env.FORCE_COLOR ?? '') !== '') {
		return env.FORCE_COLOR !== '0';
	}

	return isTerminal;
}

/**
 * The dashboard always runs on a terminal. Ink's chalk does not read NO_COLOR, so its colours go
 * through `color()`; badges carry a symbol and a word, so they still read without colour.
 */
export const colorsEnabled = isColorEnabled(process.env, true);

export function color(name: string | undefined): string | undefined {
	return colorsEnabled ? name : undefined;
}
