import {PassThrough} from 'node:stream';
import {StringDecoder} from 'node:string_decoder';
import {parseMouseInput, type MouseEvent} from './mouse.js';

/**
 * Ink reads stdin itself and would take mouse reports for keys (`[<64;10;5M` typed into the handlers).
 * This stands between: it reads the real stdin, hands mouse events to `onMouse`, and gives Ink a stream
 * with only the keys (`render(app, {stdin: filtered.stdin})`). Raw mode and ref/unref go to the real stdin.
 */
export type MouseFilteredInput = {
	/** Pass to Ink's render options as `stdin`. */
	stdin: NodeJS.ReadStream;
	/** Stops reading the real stdin. */
	dispose: () => void;
};

export function filterMouseInput(source: NodeJS.ReadStream, onMouse: (event: MouseEvent) => void): MouseFilteredInput {
	const keys = new PassThrough();
	const decoder = new StringDecoder('utf8');
	let pending = '';
	const onData = (chunk: Buffer | string) => {
		const parsed = parseMouseInput(pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk)));
		pending = parsed.pending;
		for (const event of parsed.events) {
			onMouse(event);
		}

		if (parsed.keys) {
			keys.write(parsed.keys);
		}
	};

	const stdin = Object.assign(keys, {
		isTTY: source.isTTY,
		setRawMode(mode: boolean) {
			source.setRawMode?.(mode);
			return stdin;
		},
		ref() {
			source.ref();
			return stdin;
		},
		unref() {
			source.unref();
			return stdin;
		},
	});
	source.on('data', onData);
	return {
		stdin: stdin as unknown as NodeJS.ReadStream,
		dispose() {
			source.off('data', onData);
			source.pause();
			keys.end();
		},
	};
}
