/** Colour for the plain commands' output; whether to colour at all is `isColorEnabled`'s call. */
import {isColorEnabled} from './colors.js';
import {statusLook, type ColorName} from './status.js';

/** Wraps text in one colour; the identity when colour is off. */
export type Paint = (text: string) => string;

export type Style = {
	readonly isEnabled: boolean;
	green: Paint;
	red: Paint;
	yellow: Paint;
	cyan: Paint;
	gray: Paint;
	dim: Paint;
	bold: Paint;
};

const codes = {green: [32, 39], red: [31, 39], yellow: [33, 39], cyan: [36, 39], gray: [90, 39], dim: [2, 22], bold: [1, 22]} as const;

export function createStyle(stream: {readonly isTTY?: boolean}, env: Readonly<Record<string, string | undefined>>): Style {
	const isEnabled = isColorEnabled(env, stream.isTTY === true);
	const paint = (name: keyof typeof codes): Paint => {
		const [open, close] = codes[name];
		return isEnabled ? text => `\u001B[${open}m${text}\u001B[${close}m` : text => text;
	};

	return {isEnabled, green: paint('green'), red: paint('red'), yellow: paint('yellow'), cyan: paint('cyan'), gray: paint('gray'), dim: paint('dim'), bold: paint('bold')};
}

/** The paint of a status word, from the one status table. */
export function statusPaint(style: Style, status: string | null | undefined): Paint {
	return style[statusLook(status).color satisfies ColorName];
}

/**
 * A status in its colour; on a colour terminal with its symbol first ("● running"), as the dashboard
 * shows it. Piped output keeps the bare word, for scripts.
 */
export function statusWord(style: Style, status: string, text = status): string {
	const look = statusLook(status);
	return style.isEnabled ? style[look.color](`${look.symbol} ${text}`) : text;
}
