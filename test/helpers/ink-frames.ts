import type {render} from 'ink-testing-library';
import {vi} from 'vitest';
import {screenText} from './screen-text.js';

export type FrameDriver = {
	/** The last frame Ink wrote. */
	frame: () => string;
	/**
	 * Waits until the frame shows `text` (never a fixed sleep), and returns that frame. Text a pane
	 * wrapped over several rows counts as shown (see screenText).
	 */
	waitForFrame: (text: string | RegExp, timeout?: number) => Promise<string>;
	/** Waits until the frame no longer shows `text`. */
	waitForNoFrame: (text: string | RegExp, timeout?: number) => Promise<string>;
	/** Types keys, then lets Ink's input handling and React's commit run before the next ones. */
	press: (input: string) => Promise<void>;
};

/** Frame-waiting helpers over an ink-testing-library instance. */
export function driveFrames(instance: ReturnType<typeof render>): FrameDriver {
	const frame = () => instance.lastFrame() ?? '';
	const matches = (text: string | RegExp) => {
		const shown = frame();
		return typeof text === 'string' ? shown.includes(text) || screenText(shown).includes(text) : text.test(shown) || text.test(screenText(shown));
	};
	const waitUntil = async (text: string | RegExp, shouldShow: boolean, timeout = 10_000) => {
		await vi.waitFor(
			() => {
				if (matches(text) !== shouldShow) {
					throw new Error(`waiting for ${String(text)} to ${shouldShow ? 'show' : 'go'} in:\n${frame()}`);
				}
			},
			{timeout, interval: 20},
		);
		return frame();
	};

	return {
		frame,
		waitForFrame: async (text, timeout) => waitUntil(text, true, timeout),
		waitForNoFrame: async (text, timeout) => waitUntil(text, false, timeout),
		async press(input) {
			instance.stdin.write(input);
			await new Promise(resolve => setImmediate(resolve));
		},
	};
}
