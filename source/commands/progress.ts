/**
 * Progress while waiting: on a terminal a one-line spinner redrawn with `\r` (status changes are
 * printed above it as lines of their own); elsewhere plain lines only, so logs and pipes stay clean.
 */
import type {OutputStream} from './output.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const clearLine = '\r\u001B[2K';

export type Progress = {
	/** A permanent line (a status change, a warning). */
	line(text: string): void;
	/** The spinner's text (ignored without a terminal). */
	update(text: string): void;
	/** Removes the spinner; later output starts on a clean line. */
	stop(): void;
};

export function createProgress(stream: OutputStream, options: {isInteractive: boolean; intervalMs?: number}): Progress {
	if (!options.isInteractive) {
		return {
			line(text) {
				stream.write(`${text}\n`);
			},
			update() {},
			stop() {},
		};
	}

	let text = '';
	let frame = 0;
	let isStopped = false;
	const draw = () => {
		if (!isStopped && text !== '') {
			stream.write(`${clearLine}${frames[frame % frames.length]} ${text}`);
		}
	};

	const timer = setInterval(() => {
		frame++;
		draw();
	}, options.intervalMs ?? 100);
	timer.unref?.();
	return {
		line(line) {
			stream.write(`${clearLine}${line}\n`);
			draw();
		},
		update(next) {
			text = next;
			draw();
		},
		stop() {
			if (isStopped) {
				return;
			}

			isStopped = true;
			clearInterval(timer);
			if (text !== '') {
				stream.write(clearLine);
			}
		},
	};
}
