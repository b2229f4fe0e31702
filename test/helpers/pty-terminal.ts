import {createRequire} from 'node:module';
import path from 'node:path';
import type xterm from '@xterm/headless';
import type {IPty} from 'node-pty';

// Loaded on the first session, not when a suite imports this module: suites that start a real terminal in
// only some of their tests (and those that need only `builtCli`) do not pay for the native module.
const require = createRequire(import.meta.url);

/** The built CLI, as users run it: tests in test/terminal need `npm run build` first (npm test does it). */
export const builtCli = path.resolve(import.meta.dirname, '../../dist/cli.js');

export type PtySession = {
	pty: IPty;
	terminal: xterm.Terminal;
	/** The visible screen, one string per row, trailing spaces trimmed. */
	screen: () => string[];
	screenText: () => string;
	waitFor: (predicate: (text: string) => boolean, what: string, timeoutMs?: number) => Promise<string>;
	press: (keys: string) => void;
	exited: Promise<{exitCode: number; signal?: number}>;
	isAlternateScreen: () => boolean;
	output: () => string;
};

/**
 * Runs the built CLI in a real pseudo-terminal and feeds its output into a headless xterm, so a test
 * reads the screen a user would see. CI is removed from the environment: with CI=true Ink writes
 * nothing to a terminal until it exits.
 */
export function startPtySession(args: string[], options: {columns?: number; rows?: number; env?: Record<string, string>} = {}): PtySession {
	const columns = options.columns ?? 120;
	const rows = options.rows ?? 36;
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value !== undefined && key !== 'CI' && !key.startsWith('VITEST') && key !== 'NODE_ENV') {
			env[key] = value;
		}
	}

	Object.assign(env, {TERM: 'xterm-256color', COLORTERM: 'truecolor'}, options.env);
	const {Terminal} = require('@xterm/headless') as typeof xterm;
	const {spawn} = require('node-pty') as typeof import('node-pty');
	const terminal = new Terminal({cols: columns, rows, allowProposedApi: true});
	const pty = spawn(process.execPath, [builtCli, ...args], {name: 'xterm-256color', cols: columns, rows, cwd: process.cwd(), env});
	let raw = '';
	pty.onData(data => {
		raw += data;
		terminal.write(data);
	});
	const exited = new Promise<{exitCode: number; signal?: number}>(resolve => {
		pty.onExit(resolve);
	});

	const screen = (): string[] => {
		const buffer = terminal.buffer.active;
		const lines: string[] = [];
		for (let row = 0; row < terminal.rows; row++) {
			lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
		}

		return lines;
	};

	const screenText = () => screen().join('\n');
	const waitFor = async (predicate: (text: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> => {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			// The xterm parser applies writes asynchronously; an empty write resolves once it has caught up.
			await new Promise<void>(resolve => {
				terminal.write('', resolve);
			});
			const text = screenText();
			if (predicate(text)) {
				return text;
			}

			if (Date.now() > deadline) {
				throw new Error(`timed out waiting for ${what}; the screen was:\n${text}`);
			}

			await new Promise(resolve => setTimeout(resolve, 50));
		}
	};

	return {
		pty,
		terminal,
		screen,
		screenText,
		waitFor,
		press(keys) {
			pty.write(keys);
		},
		exited,
		isAlternateScreen: () => terminal.buffer.active.type === 'alternate',
		output: () => raw,
	};
}
