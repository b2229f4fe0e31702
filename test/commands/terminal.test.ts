import {existsSync} from 'node:fs';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {builtCli, startPtySession, type PtySession} from '../helpers/pty-terminal.js';
import {startCliFixture, type CliFixture} from './cli-fixture.js';

// On a real terminal: `deploy --wait` draws a spinner with \r and colours, `delete` asks first.

let fixture: CliFixture;
let session: PtySession | undefined;

beforeAll(async () => {
	fixture = await startCliFixture();
});

afterEach(() => {
	try {
		session?.pty.kill();
	} catch {
		// Already gone.
	}

	session = undefined;
});

afterAll(async () => {
	await fixture?.dispose();
});

function run(args: string[]): PtySession {
	session = startPtySession([...args, '--config', fixture.configPath, '--data', fixture.dataPath], {
		columns: 140,
		rows: 20,
		env: {...fixture.env, NO_COLOR: ''},
	});
	return session;
}

describe.skipIf(!existsSync(builtCli))('on a terminal', () => {
	it('deploy --wait shows a spinner, coloured statuses, and asks before delete', async () => {
		const deploying = run(['deploy', 'web', '--wait', '--poll-interval', '0.05']);
		expect((await deploying.exited).exitCode).toBe(0);
		const screen = await deploying.waitFor(text => text.includes('is running at'), 'the final line');
		const id = /#(\d+) web-test-[\da-z]{6} is running/.exec(screen)![1]!;
		// The spinner redraws its line in place; the colours are there on a terminal.
		expect(deploying.output()).toContain('\r\u001B[2K');
		expect(deploying.output()).toContain('\u001B[32m● running\u001B[39m');
		// The spinner line is gone at the end: no frame left on screen.
		expect(screen).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);

		const declined = run(['delete', id]);
		await declined.waitFor(text => new RegExp(`Delete #${id} web-test-[\\da-z]{6} \\([a-z0-9]+\\)\\? \\[y/N\\]`).test(text), 'the question');
		declined.press('n\r');
		expect((await declined.exited).exitCode).toBe(1);
		expect(await declined.waitFor(text => text.includes('nothing deleted'), 'the refusal')).toContain('nothing deleted');

		const confirmed = run(['delete', id, '--poll-interval', '0.05']);
		await confirmed.waitFor(text => text.includes('[y/N]'), 'the question');
		confirmed.press('y\r');
		expect((await confirmed.exited).exitCode).toBe(0);
		await confirmed.waitFor(text => new RegExp(`#${id} web-test-[\\da-z]{6} deleted`).test(text), 'the confirmation');
	}, 30_000);
});
