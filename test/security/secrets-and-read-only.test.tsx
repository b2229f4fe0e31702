import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {createDeployment} from '../../source/services/create-deployment.js';
import {fetchLogs} from '../../source/services/logs.js';
import {keyBindings} from '../../source/ui/keymap.js';
import {App} from '../../source/ui/app.js';
import {databasePassword, secretApiKey, startTestEnvironment, type TestEnvironment} from '../helpers/environment.js';
import {nameOf} from '../helpers/record-names.js';
import {deployUntil, pollUntil} from '../resilience/support.js';

// Secret values never shown (dashboard, records, logs), and --read-only that really cannot change Coolify.

let environment: TestEnvironment | undefined;

afterEach(async () => {
	cleanup();
	await environment?.dispose();
	environment = undefined;
});

const keys = {up: '\u001B[A', down: '\u001B[B', tab: '\t', shiftTab: '\u001B[Z', escape: '\u001B', enter: '\r', ctrlR: '\u0012', pageDown: '\u001B[6~', home: '\u001B[H', end: '\u001B[F'};

function renderDashboard(env: TestEnvironment, readOnly: boolean) {
	const instance = render(<App services={{context: env.context, readOnly, pollIntervalMs: 100, logRefreshMs: 100, onQuit() {}}} initialSize={{columns: 100, rows: 30}} />);
	const frame = () => instance.lastFrame() ?? '';
	const press = async (input: string) => {
		instance.stdin.write(input);
		await new Promise(resolve => setImmediate(resolve));
	};

	return {instance, frame, press};
}

describe('secret values', () => {
	it('are masked in the dashboard, the records and the runtime logs that print them', async () => {
		const env = (environment = await startTestEnvironment({simulator: {speed: 50}}));
		const {frame, press} = renderDashboard(env, false);
		await vi.waitFor(() => expect(frame()).toContain('● healthy'), {timeout: 10_000});
		await press('d');
		await press(keys.shiftTab);
		await press('j');
		await press('d');
		const web1 = await nameOf(env, 1);
		const api2 = await nameOf(env, 2);
		await vi.waitFor(() => expect(frame()).toMatch(new RegExp(`${api2} +● running`)), {timeout: 15_000, interval: 20});
		await press('a');
		await vi.waitFor(() => expect(frame()).toMatch(new RegExp(`${web1} +● running`)), {timeout: 15_000, interval: 20});
		const frames: string[] = [];
		// Each runtime log from its top, where the container printed its environment.
		await press(keys.tab);
		await vi.waitFor(() => expect(frame()).toContain(`Logs: #2 ${api2}`), {interval: 20});
		await press('l');
		await press('l');
		await vi.waitFor(() => expect(frame()).toContain('[runtime]'), {interval: 20});
		await press(keys.tab);
		await press('g');
		frames.push(await vi.waitFor(() => {
			expect(frame()).toContain('DATABASE_PASSWORD=***');
			return frame();
		}, {timeout: 10_000, interval: 20}));
		await press(keys.shiftTab);
		await press('j');
		await vi.waitFor(() => expect(frame()).toContain(`Logs: #1 ${web1}`), {interval: 20});
		await press(keys.tab);
		await press('g');
		frames.push(await vi.waitFor(() => {
			expect(frame()).toContain('API_KEY=***');
			return frame();
		}, {timeout: 10_000, interval: 20}));

		const data = await readFile(env.dataPath, 'utf8');
		for (const text of [...frames, data]) {
			expect(text).not.toContain(secretApiKey);
			expect(text).not.toContain(databasePassword);
			expect(text).not.toContain(env.simulator.token.split('|')[1]);
		}

		const records = JSON.parse(data) as {deployments: Array<{environmentVariables: Record<string, string>}>};
		expect(records.deployments.map(record => record.environmentVariables)).toEqual(
			expect.arrayContaining([{NODE_ENV: 'test', API_KEY: '***'}, {DATABASE_PASSWORD: '***'}]),
		);
	});

	it('are masked in build logs, hidden lines included, live and as cached', async () => {
		const env = (environment = await startTestEnvironment());
		// A Dockerfile that spells the secret out: BuildKit echoes every step into the build log.
		await writeFile(path.join(env.folder, 'Dockerfile'), `FROM node:20-alpine\nRUN echo "${databasePassword}" > /etc/db-password\nRUN echo ${secretApiKey}\nEXPOSE 3000\nCMD ["node", "server.js"]\n`);
		const created = await createDeployment(env.context, 'api');
		const record = await pollUntil(env.context, created.id, candidate => candidate.status === 'running', 'running');
		// Fetching the log caches it in the record (the copy shown when Coolify is unreachable).
		await fetchLogs(env.context, record, 'build');
		const everything = await fetchLogs(env.context, record, 'build', {includeHidden: true});
		const text = everything.lines.join('\n');
		expect(text).toContain('RUN echo "***" > /etc/db-password');
		// The pipeline does not list API_KEY: still masked, since the configured secrets of every pipeline are.
		expect(text).toContain('RUN echo ***');
		const cached = (await env.store.getRecord(record.id))!.buildLogs!.text;
		for (const shown of [text, cached, await readFile(env.dataPath, 'utf8')]) {
			expect(shown).not.toContain(databasePassword);
			expect(shown).not.toContain(secretApiKey);
		}
	});
});

describe('--read-only', () => {
	it('sends no mutating request whatever keys are pressed, with deployments to act on and cleanup due', async () => {
		const env = (environment = await startTestEnvironment({config: {cleanup: {maxAgeHours: 0, intervalMinutes: 1, enabled: true}}}));
		const web = await deployUntil(env.context, 'web');
		await deployUntil(env.context, 'broken', 'failed');
		const before = env.simulator.stats.mutating;
		const {frame, press} = renderDashboard(env, true);
		await vi.waitFor(() => expect(frame()).toContain('read-only'), {timeout: 10_000});
		await vi.waitFor(() => expect(frame()).toContain(web.applicationName), {timeout: 10_000});

		// Every key of the keymap, in every pane, on every row, with confirmations answered yes.
		const everyKey = [...new Set(keyBindings.flatMap(binding => binding.keys.map(key => ('anyText' in key ? undefined : key.ctrl ? String.fromCodePoint(key.input.codePointAt(0)! - 96) : key.name ? undefined : key.input))))]
			.filter((key): key is string => key !== undefined && key !== 'q' && key !== '\u0003');
		expect(everyKey).toEqual(expect.arrayContaining(['d', 'r', 's', 'D', 'c']));
		for (const pane of [0, 1, 2]) {
			for (const row of [0, 1]) {
				for (const key of everyKey) {
					await press(key);
					await press('y');
					await press(keys.escape);
					await press(keys.escape);
				}

				await press(row === 0 ? keys.down : keys.up);
			}

			await press(keys.tab);
		}

		await press(keys.ctrlR);
		// Some polls later, still nothing.
		const sent = env.simulator.stats.total;
		await vi.waitFor(() => expect(env.simulator.stats.total).toBeGreaterThanOrEqual(sent + 6), {timeout: 10_000, interval: 20});
		expect(env.simulator.stats.mutating).toBe(before);
		expect(frame()).toContain('read-only');
	});
});
