import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {builtCli, startPtySession, type PtySession} from '../helpers/pty-terminal.js';
import {expectWholeDataFile} from './support.js';

// The built dashboard in a real pseudo-terminal (--demo, its own simulated Coolify), ended every way a
// session can end while an action is under way: q, SIGTERM, SIGHUP, an uncaught exception and an
// unhandled rejection. Each time the terminal is given back and the data file is whole.

let folder: string;
let crashModule: string;
let session: PtySession | undefined;

beforeAll(async () => {
	folder = await mkdtemp(path.join(tmpdir(), 'coolify-tui-lifecycle-'));
	// Loaded with --import: throws (or rejects) from inside the running program on SIGUSR2, as a bug would.
	crashModule = path.join(folder, 'crash-on-signal.mjs');
	await writeFile(
		crashModule,
		`process.on('SIGUSR2', () => {
	const error = new Error('simulated crash: ' + (process.env.CRASH_SECRET ?? 'no secret'));
	if (process.env.CRASH_KIND === 'rejection') {
		void Promise.reject(error);
	} else {
		setImmediate(() => {
			throw error;
		});
	}
});
`,
	);
});

afterAll(async () => {
	await rm(folder, {recursive: true, force: true});
});

afterEach(() => {
	try {
		session?.pty.kill('SIGKILL');
	} catch {
		// Already gone.
	}

	session = undefined;
});

let counter = 0;

async function openDemo(env: Record<string, string> = {}): Promise<{session: PtySession; dataPath: string}> {
	counter++;
	const dataPath = path.join(folder, `run-${counter}`, 'db.json');
	session = startPtySession(['--demo', '--poll-interval', '1', '--data', dataPath], {
		columns: 100,
		rows: 30,
		env: {COOLIFY_TUI_DEMO_SPEED: '20', ...env},
	});
	await session.waitFor(text => text.includes('Pipelines') && text.includes('● healthy'), 'the first frame');
	expect(session.isAlternateScreen()).toBe(true);
	return {session, dataPath};
}

/** Presses d and waits until the deployment is under way (its row shows, Coolify is building it). */
async function startDeploy(s: PtySession): Promise<void> {
	s.press('d');
	await s.waitFor(text => text.includes('web-test-'), 'the new deployment');
}

async function expectTerminalGivenBack(s: PtySession): Promise<void> {
	await s.waitFor(() => true, 'the last output');
	expect(s.isAlternateScreen()).toBe(false);
	const output = s.output();
	// The cursor is shown again, after the last time it was hidden.
	expect(output.lastIndexOf('\u001B[?25h')).toBeGreaterThan(output.lastIndexOf('\u001B[?25l'));
	// And the alternate screen was left after it was last entered.
	expect(output.lastIndexOf('\u001B[?1049l')).toBeGreaterThan(output.lastIndexOf('\u001B[?1049h'));
}

describe.skipIf(!existsSync(builtCli))('ending the dashboard while an action is under way', () => {
	it('q right after d: exit 0, the terminal given back, the data file whole', async () => {
		const {session: s, dataPath} = await openDemo();
		s.press('d');
		s.press('q');
		const {exitCode} = await s.exited;
		expect(exitCode).toBe(0);
		await expectTerminalGivenBack(s);
		await expectWholeDataFile(dataPath);
	});

	// The demo's own data file lives in its temp folder: a write finishing as the folder is removed used to
	// fail the quit with ENOTEMPTY (exit 1) and leave the folder behind.
	it.each([
		['q right after d', 0, 'q'],
		['SIGHUP right after d', 129, 'SIGHUP'],
		['an uncaught exception right after d', 70, 'crash'],
	] as const)('%s with the demo\'s own data file: exit %i, no temporary files left', async (_name, code, how) => {
		counter++;
		const tmp = path.join(folder, `tmp-${counter}`);
		await mkdir(tmp, {recursive: true});
		session = startPtySession(['--demo', '--poll-interval', '1'], {columns: 100, rows: 30, env: {COOLIFY_TUI_DEMO_SPEED: '20', TMPDIR: tmp, NODE_OPTIONS: `--import=${crashModule}`}});
		const s = session;
		await s.waitFor(text => text.includes('Pipelines') && text.includes('● healthy'), 'the first frame');
		expect(await readdir(tmp)).toEqual([expect.stringMatching(/^coolify-tui-demo-/)]);
		s.press('d');
		if (how === 'q') {
			s.press('q');
		} else {
			// The demo's data file is its own: the new row is known by its name's form, `web-test-<random key>`.
			await s.waitFor(text => /web-test-[\da-z]{6}/.test(text), 'the new deployment');
			s.pty.kill(how === 'crash' ? 'SIGUSR2' : how);
		}

		const {exitCode} = await s.exited;
		expect(exitCode, s.screenText()).toBe(code);
		expect(s.screenText()).not.toMatch(/ENOTEMPTY/);
		await expectTerminalGivenBack(s);
		expect(await readdir(tmp)).toEqual([]);
	});

	it.each([
		['SIGTERM', 143],
		['SIGHUP', 129],
	] as const)('%s during a deploy: exit %i, the terminal given back, the data file whole', async (signal, code) => {
		const {session: s, dataPath} = await openDemo();
		await startDeploy(s);
		s.pty.kill(signal);
		const exited = await s.exited;
		expect(exited.exitCode).toBe(code);
		await expectTerminalGivenBack(s);
		const records = await expectWholeDataFile(dataPath);
		expect(records.some(record => /^web-test-[\da-z]{6}$/.test(record.applicationName))).toBe(true);
	});

	it.each([
		['uncaught exception', 'exception'],
		['unhandled rejection', 'rejection'],
	])('an %s: the error on the normal screen in one line, exit 70, the data file whole', async (_name, kind) => {
		const {session: s, dataPath} = await openDemo({NODE_OPTIONS: `--import=${crashModule}`, CRASH_KIND: kind});
		await startDeploy(s);
		s.pty.kill('SIGUSR2');
		const {exitCode} = await s.exited;
		expect(exitCode).toBe(70);
		await expectTerminalGivenBack(s);
		const screen = s.screenText();
		expect(screen).toMatch(/^coolify-tui: simulated crash: no secret$/m);
		expect(screen).not.toMatch(/at .*\.js:\d+/);
		await expectWholeDataFile(dataPath);
	});
});
