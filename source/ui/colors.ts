/**
 * NO_COLOR (https://no-color.org) turns every colour off; Ink's chalk does not read it, so colours go
 * through here. Badges carry a symbol and a word, so they still read without colour.
 */
export const colorsEnabled = !('NO_COLOR' in process.env) || process.env.NO_COLOR === '';

export function color(name: string | undefined): string | undefined {
	return colorsEnabled ? name : undefined;
}
