// Drives the built CLI (the published bin, dist/cli.js) in a real pseudo-terminal, feeding its output into a
// headless xterm so the bench reads the screen a user would see. Same approach as test/helpers/pty-terminal.ts.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import xterm from '@xterm/headless';
import {spawn} from 'node-pty';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const builtCli = path.join(root, 'dist/cli.js');
export const terminalSize = {columns: 120, rows: 36};

const clockTicksPerSecond = 100;

/** The environment of a user's shell, minus what changes Ink's behaviour (CI=true: no output until exit). */
function cleanEnvironment() {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value !== undefined && !['CI', 'NODE_ENV', 'NODE_OPTIONS', 'DEV'].includes(key) && !key.startsWith('COOLIFY_') && !key.startsWith('npm_')) {
			env[key] = value;
		}
	}

	return {...env, TERM: 'xterm-256color', COLORTERM: 'truecolor'};
}

/**
 * Starts `node dist/cli.js ...args`. `chunks` holds every output chunk with its arrival time
 * (performance.now()); `onChunk` listeners see each chunk as it arrives, before xterm parses it.
 * `options.cli` and `options.nodeFlags` are for experiments (another build, V8 flags); `options.argv` runs
 * node with these arguments instead (the yardsticks); `options.env` is added to the environment.
 */
export function startTerminal(args, options = {}) {
	const terminal = new xterm.Terminal({cols: terminalSize.columns, rows: terminalSize.rows, allowProposedApi: true});
	const chunks = [];
	const listeners = new Set();
	const startedAt = performance.now();
	const pty = spawn(process.execPath, options.argv ?? [...(options.nodeFlags ?? []), options.cli ?? builtCli, ...args], {
		name: 'xterm-256color',
		cols: terminalSize.columns,
		rows: terminalSize.rows,
		cwd: root,
		env: {...cleanEnvironment(), ...options.env},
	});
	pty.onData(data => {
		const chunk = {at: performance.now(), bytes: Buffer.byteLength(data), data};
		chunks.push(chunk);
		terminal.write(data);
		for (const listener of listeners) {
			listener(chunk);
		}
	});
	const exited = new Promise(resolve => {
		pty.onExit(resolve);
	});

	const screen = () => {
		const buffer = terminal.buffer.active;
		const lines = [];
		for (let row = 0; row < terminal.rows; row++) {
			lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
		}

		return lines.join('\n');
	};

	/** Resolves once xterm has parsed everything received so far. */
	const flush = async () =>
		new Promise(resolve => {
			terminal.write('', resolve);
		});

	/** Waits for the screen to satisfy `predicate`; resolves the arrival time of the chunk that made it so. */
	const waitFor = async (predicate, what, timeoutMs = 30_000) => {
		const deadline = performance.now() + timeoutMs;
		for (;;) {
			const seen = chunks.length;
			await flush();
			if (predicate(screen())) {
				return seen > 0 ? chunks[seen - 1].at : performance.now();
			}

			if (performance.now() > deadline) {
				throw new Error(`timed out waiting for ${what}; the screen was:\n${screen()}`);
			}

			await new Promise(resolve => {
				const done = () => {
					listeners.delete(done);
					clearTimeout(timer);
					resolve();
				};

				const timer = setTimeout(done, 50);
				listeners.add(done);
			});
		}
	};

	/** Waits until no output arrived for `quietMs`. */
	const waitQuiet = async (quietMs, timeoutMs = 10_000) => {
		const deadline = performance.now() + timeoutMs;
		for (;;) {
			const last = chunks.at(-1)?.at ?? startedAt;
			const idle = performance.now() - last;
			if (idle >= quietMs) {
				return;
			}

			if (performance.now() > deadline) {
				throw new Error('the terminal never went quiet');
			}

			await sleep(Math.max(1, quietMs - idle));
		}
	};

	return {
		pty,
		startedAt,
		chunks,
		screen,
		flush,
		waitFor,
		waitQuiet,
		onChunk(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		write(keys) {
			pty.write(keys);
		},
		exited,
		/** Peak resident set (VmHWM) so far, in bytes. */
		peakRss: () => procStatusKb(pty.pid, 'VmHWM') * 1024,
		rss: () => procStatusKb(pty.pid, 'VmRSS') * 1024,
		/** User + system CPU time so far, in ms. */
		cpuMs: () => cpuMs(pty.pid),
		async stop() {
			try {
				pty.kill('SIGTERM');
			} catch {
				// Already gone.
			}

			const timer = setTimeout(() => {
				try {
					pty.kill('SIGKILL');
				} catch {
					// Already gone.
				}
			}, 3000);
			await exited;
			clearTimeout(timer);
			terminal.dispose();
		},
	};
}

export async function sleep(ms) {
	return new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

function procStatusKb(pid, field) {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	if (!match) {
		throw new Error(`no ${field} in /proc/${pid}/status`);
	}

	return Number(match[1]);
}

function cpuMs(pid) {
	// Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14 and 15.
	const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
}
