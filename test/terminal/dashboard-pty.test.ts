import {existsSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {builtCli, startPtySession, type PtySession} from '../helpers/pty-terminal.js';
import {screenText} from '../helpers/screen-text.js';

// The whole user journey in a real pseudo-terminal against the built CLI and its --demo simulator:
// deploy with d, watch it reach running, read its logs, stop it, delete it through the confirmation,
// quit with q, and check the terminal was given back.

let session: PtySession | undefined;

afterEach(() => {
	try {
		session?.pty.kill();
	} catch {
		// Already gone.
	}

	session = undefined;
});

const rowOf = (text: string, name: string) => text.split('\n').find(line => line.includes(name)) ?? '';

describe.skipIf(!existsSync(builtCli))('dashboard in a real terminal', () => {
	it('deploys, shows logs, stops, deletes and restores the terminal on quit', async () => {
		session = startPtySession(['--demo', '--poll-interval', '1'], {env: {COOLIFY_TUI_DEMO_SPEED: '8'}});
		const s = session;
		await s.waitFor(text => text.includes('coolify-tui') && text.includes('Pipelines') && text.includes('Deployments'), 'the first frame');
		expect(s.isAlternateScreen()).toBe(true);
		expect(s.screenText()).toContain('web');

		// A resize redraws at once; below the minimum size a message replaces the broken frame.
		s.pty.resize(60, 14);
		s.terminal.resize(60, 14);
		await s.waitFor(text => text.includes('Terminal too small (60x14)'), 'the too-small message');
		s.pty.resize(120, 36);
		s.terminal.resize(120, 36);
		await s.waitFor(text => text.includes('Pipelines') && !text.includes('Terminal too small'), 'the frame after growing back');

		s.press('d');
		await s.waitFor(text => text.includes('web-test-'), 'the new deployment row');
		await s.waitFor(text => rowOf(text, 'web-test-').includes('running'), 'the deployment to reach running', 30_000);
		// Right after its build Coolify reads the application `running:unhealthy` for a moment, then `running:unknown` (no health check).
		await s.waitFor(text => rowOf(text, 'web-test-').includes('unknown'), 'health unknown (no health check) after the post-deploy blip');

		// The log pane shows the combined log of the selected deployment: build output and runtime lines.
		// The log pane follows the combined log: its end is the container's output.
		await s.waitFor(text => /Logs: #\d+ web-test-/.test(text) && text.includes('[combined]') && screenText(text).includes('GET /'), 'the combined log');
		s.press('l');
		await s.waitFor(text => text.includes('[build]') && screenText(text).includes('New container started.'), 'the build log');
		s.press('l');
		await s.waitFor(text => text.includes('[runtime]') && text.includes('HTTP/1.1'), 'the runtime log');
		expect(s.screenText()).not.toContain('demo-secret-api-key');

		s.press('s');
		await s.waitFor(text => rowOf(text, 'web-test-').includes('stopped'), 'the deployment to stop');

		s.press('D');
		await s.waitFor(text => /Delete #\d+ web-test-[\da-z]{6}\?/.test(text), 'the delete confirmation');
		s.press('y');
		await s.waitFor(text => !text.includes('web-test-') || /deleted #\d+ web-test-/.test(text), 'the deletion', 30_000);

		s.press('q');
		const {exitCode} = await s.exited;
		expect(exitCode).toBe(0);
		await s.waitFor(() => true, 'the last output');
		expect(s.isAlternateScreen()).toBe(false);
		// The cursor is shown again.
		expect(s.output().lastIndexOf('\u001B[?25h')).toBeGreaterThan(s.output().lastIndexOf('\u001B[?25l'));
	}, 90_000);

	it('details, log search, wrap, sort, history and the mouse work in a real terminal, and mouse reporting is switched off on quit', async () => {
		session = startPtySession(['--demo', '--poll-interval', '1'], {env: {COOLIFY_TUI_DEMO_SPEED: '8'}});
		const s = session;
		await s.waitFor(text => text.includes('● healthy'), 'the first frame');
		// Mouse reporting (SGR) is asked for with the alternate screen.
		expect(s.output()).toContain('\u001B[?1000h\u001B[?1006h');
		s.press('d');
		await s.waitFor(text => rowOf(text, 'web-test-').includes('running'), 'the deployment to reach running', 30_000);

		// Details: Enter, Esc back.
		s.press('\r');
		await s.waitFor(text => text.includes('Environment') && text.includes('timeline'), 'the details view');
		expect(s.screenText()).not.toContain('demo-secret-api-key');
		s.press('\u001B');
		await s.waitFor(text => text.includes('Pipelines') && !text.includes('timeline'), 'back from the details');

		// Sort and history keys name what they do in the table title.
		s.press('>');
		await s.waitFor(text => text.includes('sorted by status'), 'the sort key in the title');
		s.press('H');
		await s.waitFor(text => text.includes('+ history'), 'the history in the title');
		s.press('H');

		// The log pane: search, n, Esc; wrap off and sideways scroll.
		await s.waitFor(text => screenText(text).includes('GET /'), 'the runtime log');
		s.press('\t');
		await s.waitFor(text => text.includes('▶ Logs'), 'the log pane focused');
		s.press('/');
		s.press('GET');
		s.press('\r');
		await s.waitFor(text => /\/GET \d+\/\d+/.test(text), 'the search position in the title');
		s.press('n');
		s.press('\u001B');
		await s.waitFor(text => !/\/GET \d+\/\d+/.test(text), 'the search cleared');
		s.press('w');
		await s.waitFor(text => / cut /.test(text.split('\n').find(line => line.includes('Logs:')) ?? ''), 'wrapping off');
		s.press('w');
		// The build log's hidden lines (Coolify's "Show Debug Logs"), on and off.
		s.press('v');
		await s.waitFor(text => text.includes('+debug]'), 'the debug lines in the title');
		s.press('v');
		await s.waitFor(text => !text.includes('+debug]'), 'the debug lines off');

		// Mouse: a click on the deployments row focuses that pane; the wheel over the log scrolls it (following pauses).
		const lines = s.screenText().split('\n');
		const row = lines.findIndex(line => line.includes('web-test-'));
		s.press(`\u001B[<0;${lines[row]!.indexOf('web-test-') + 1};${row + 1}M\u001B[<0;${lines[row]!.indexOf('web-test-') + 1};${row + 1}m`);
		await s.waitFor(text => text.includes('▶ Deployments'), 'the click to focus the deployments pane');
		const logTop = s.screenText().split('\n').findIndex(line => line.includes('Logs:'));
		s.press(`\u001B[<64;10;${logTop + 4}M`);
		await s.waitFor(text => /Logs:.*paused/.test(text), 'the wheel to scroll the log');

		s.press('q');
		expect((await s.exited).exitCode).toBe(0);
		await s.waitFor(() => true, 'the last output');
		expect(s.isAlternateScreen()).toBe(false);
		// Mouse reporting is off again: clicks in the shell do not type escape codes.
		expect(s.output().lastIndexOf('\u001B[?1000l')).toBeGreaterThan(s.output().lastIndexOf('\u001B[?1000h'));
	}, 90_000);

	it('honours NO_COLOR: no colour escapes, and the badges still read', async () => {
		session = startPtySession(['--demo', '--poll-interval', '1'], {env: {COOLIFY_TUI_DEMO_SPEED: '8', NO_COLOR: '1'}});
		const s = session;
		await s.waitFor(text => text.includes('● healthy'), 'the first frame');
		s.press('d');
		await s.waitFor(text => rowOf(text, 'web-test-').includes('● running'), 'the deployment to reach running', 30_000);
		// Foreground colours are SGR 30-37, 90-97 and 38;...; bold and inverse may stay.
		expect(s.output()).not.toMatch(/\u001B\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])(?:;[0-9;]*)?m/);
		s.press('q');
		expect((await s.exited).exitCode).toBe(0);
	}, 60_000);

	it('ends with one line and exit 64 on a bad option, the demo\'s simulator included', async () => {
		session = startPtySession(['--demo', '--poll-interval', 'often']);
		const s = session;
		expect((await s.exited).exitCode).toBe(64);
		await s.waitFor(text => text.includes('--poll-interval needs'), 'the error');
		expect(s.screenText()).toContain('--poll-interval needs a number of seconds from 1 to 3600 (got "often")');
		expect(s.isAlternateScreen()).toBe(false);
	}, 30_000);

	it('refuses to run without a terminal, pointing at the one-shot commands', async () => {
		const {spawnSync} = await import('node:child_process');
		const result = spawnSync(process.execPath, [builtCli, '--demo'], {encoding: 'utf8', input: ''});
		expect(result.status).not.toBe(0);
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(result.stderr).toMatch(/needs a terminal.*one-shot commands/);
	});
});
