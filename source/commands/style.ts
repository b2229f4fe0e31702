/** Colour for human output on a terminal; none when the stream is not a TTY or NO_COLOR is set. */
import type {OutputStream} from './output.js';

/** Wraps text in one colour; the identity when colour is off. */
export type Paint = (text: string) => string;

export type Style = {
	readonly isEnabled: boolean;
	green: Paint;
	red: Paint;
	yellow: Paint;
	cyan: Paint;
	dim: Paint;
	bold: Paint;
};

const codes = {green: [32, 39], red: [31, 39], yellow: [33, 39], cyan: [36, 39], dim: [2, 22], bold: [1, 22]} as const;

export function createStyle(stream: OutputStream, env: Record<string, string | undefined>): Style {
	const isEnabled = stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
	const paint = (name: keyof typeof codes): Paint => {
		const [open, close] = codes[name];
		return isEnabled ? text => `\u001B[${open}m${text}\u001B[${close}m` : text => text;
	};

	return {isEnabled, green: paint('green'), red: paint('red'), yellow: paint('yellow'), cyan: paint('cyan'), dim: paint('dim'), bold: paint('bold')};
}

/** The colour of a lifecycle status or health word. */
export function statusPaint(style: Style, status: string | null | undefined): Paint {
	switch (status) {
		case 'running':
		case 'healthy':
		case 'cleaned':
		case 'pass': {
			return style.green;
		}

		case 'failed':
		case 'unhealthy':
		case 'unavailable':
		case 'fail': {
			return style.red;
		}

		case 'pending':
		case 'building':
		case 'deploying':
		case 'starting':
		case 'degraded':
		case 'would-clean':
		case 'warn': {
			return style.yellow;
		}

		default: {
			return style.dim;
		}
	}
}
