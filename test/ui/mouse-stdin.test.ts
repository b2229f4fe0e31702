import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {build} from 'esbuild';
import {spawn} from 'node-pty';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

// A real pseudo-terminal: Ink reads its stdin the way it does in the dashboard, so this shows whether
// mouse reports reach Ink's key handlers.
const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'node_modules/.cache/coolify-tui-test/mouse-app.mjs');

beforeAll(async () => {
	mkdirSync(path.dirname(fixture), {recursive: true});
	await build({
		absWorkingDir: root,
		entryPoints: ['test/ui/fixtures/mouse-app.tsx'],
		outfile: fixture,
		bundle: true,
		packages: 'external',
		format: 'esm',
		platform: 'node',
		target: 'node20',
		jsx: 'automatic',
		logLevel: 'warning',
	});
});

const sessions: Array<{kill: () => void}> = [];
afterAll(() => {
	for (const session of sessions) {
		session.kill();
	}
});

async function until(read: () => string, predicate: (text: string) => boolean, what: string): Promise<string> {
	const deadline = Date.now() + 15_000;
	while (Date.now() < deadline) {
		if (predicate(read())) {
			return read();
		}

		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
	}

	throw new Error(`timed out waiting for ${what}; output: ${JSON.stringify(read().slice(-400))}`);
}

describe('mouse input filtered before Ink', () => {
	it('Ink sees the keys, the mouse handler sees the reports, even mixed in one chunk', async () => {
		const env: Record<string, string> = {};
		for (const [key, value] of Object.entries(process.env)) {
			if (value !== undefined && key !== 'CI' && !key.startsWith('VITEST') && key !== 'NODE_ENV') {
				env[key] = value;
			}
		}

		const pty = spawn(process.execPath, [fixture], {name: 'xterm-256color', cols: 200, rows: 10, cwd: root, env: {...env, TERM: 'xterm-256color'}});
		sessions.push(pty);
		let output = '';
		pty.onData(data => {
			output += data;
		});
		const exited = new Promise<number>(resolve => {
			pty.onExit(({exitCode}) => resolve(exitCode));
		});
		await until(() => output, text => text.includes('ready'), 'the first frame');
		expect(output).toContain('\u001B[?1000h\u001B[?1006h');

		pty.write('j\u001B[<64;10;5Mk\u001B[<0;3;2M\u001B[A');
		const frame = await until(() => output, text => text.includes('UP') && text.includes('"click"'), 'keys and mouse');
		const last = frame.slice(frame.lastIndexOf('ready'));
		// Keys of one chunk reach Ink as one input, as fast typing does (STACK-NOTES).
		expect(last).toContain('keys="jk",UP');
		expect(last).toContain('mouse={"kind":"wheel","direction":"up","x":9,"y":4},{"kind":"click","x":2,"y":1}');
		expect(last).not.toContain('[<');

		pty.write('q');
		expect(await exited).toBe(0);
		expect(output).toContain('\u001B[?1006l\u001B[?1000l');
	});
});
