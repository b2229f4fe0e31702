// Measurements of the built CLI in a pseudo-terminal, each beside its yardsticks (scripts/bench/yardsticks.mjs)
// in the same minutes: time to first full frame, peak memory, key press to updated frame, and the idle cost
// (CPU, bytes written) of a dashboard with nothing to show.
import {copyFileSync} from 'node:fs';
import path from 'node:path';
import {sleep, startTerminal} from './terminal.mjs';
import {bareNodeArgv, isBareNodeLine, isYardstickFrame} from './yardsticks.mjs';

const keys = {tab: '\t', pageUp: '\u001B[5~', pageDown: '\u001B[6~'};

/** The header, the table's heading and at least one record row (the newest record, #1000). */
export const isFullFrame = screen => screen.includes(' coolify-tui ') && screen.includes('NAME') && /^│.*›1000 /m.test(screen);

function freshCopy(fixturePath, folder, name) {
	const copy = path.join(folder, `${name}.json`);
	copyFileSync(fixturePath, copy);
	return copy;
}

/** The demo's first frame: its fresh data file is empty, so the table says so. */
export const isDemoFrame = screen => screen.includes(' coolify-tui ') && screen.includes('NAME') && screen.includes('No test deployments here yet');

/** Switches every start-up tuning off (source/runtime/tuning.ts). */
export const untuned = {COOLIFY_TUI_NO_TUNING: '1'};

/**
 * Cold starts, interleaved run by run (the order rotating) so that a busy moment of the machine hits every
 * kind alike: the dashboard with 1,000 records, the same without its tunings, the demo, the minimal Ink app
 * and bare node. Each: spawn to the arrival of the output that completes its first full frame (or line),
 * and the peak RSS (VmHWM) then.
 */
export async function measureStarts({fixture, folder, runs, cli, yardstickApp, env, kinds: only, variants}) {
	const dashboard = name => ({
		args: () => ['--config', fixture.configPath, '--data', freshCopy(fixture.typicalPath, folder, `${name}-${Math.random().toString(36).slice(2)}`)],
		isReady: isFullFrame,
	});
	const kinds = {
		...Object.fromEntries(Object.entries(variants ?? {}).map(([name, variantEnv]) => [name, {...dashboard(name), options: {cli, env: variantEnv}}])),
		ours: {...dashboard('ours'), options: {cli, env}},
		untuned: {...dashboard('untuned'), options: {cli, env: untuned}},
		demo: {args: () => ['--demo', '--data', path.join(folder, `demo-${Math.random().toString(36).slice(2)}.json`)], isReady: isDemoFrame, options: {cli}},
		ink: {args: () => [], isReady: isYardstickFrame, options: {argv: [yardstickApp]}},
		node: {args: () => [], isReady: isBareNodeLine, options: {argv: bareNodeArgv}},
	};
	const names = Object.keys(kinds).filter(name => !only || only.includes(name) || Object.hasOwn(variants ?? {}, name));
	const results = Object.fromEntries(names.map(name => [name, []]));
	for (let run = 0; run < runs; run++) {
		for (let step = 0; step < names.length; step++) {
			const name = names[(run + step) % names.length];
			const kind = kinds[name];
			const terminal = startTerminal(kind.args(), kind.options);
			// The peak so far as each chunk arrives: the frame is recognised a little later, after xterm parsed it.
			const peaks = new Map();
			terminal.onChunk(chunk => {
				try {
					peaks.set(chunk.at, terminal.peakRss());
				} catch {
					// Bare node may be gone already.
				}
			});
			try {
				const at = await terminal.waitFor(kind.isReady, `the first frame of ${name}`);
				results[name].push({ms: at - terminal.startedAt, peakRss: peaks.get(at) ?? Number.NaN});
			} finally {
				await terminal.stop();
			}
		}
	}

	return results;
}

/** Resolves once `count` chunks exist beyond `index` and then none arrived for `gapMs`; or at the timeout. */
async function waitForBurst(terminal, index, gapMs, timeoutMs) {
	const deadline = performance.now() + timeoutMs;
	while (terminal.chunks.length <= index) {
		if (performance.now() > deadline) {
			return undefined;
		}

		await sleep(1);
	}

	for (;;) {
		const last = terminal.chunks.at(-1).at;
		if (performance.now() - last >= gapMs) {
			return {first: terminal.chunks[index].at, last};
		}

		await sleep(1);
	}
}

/**
 * One key press: waits for the terminal to be quiet, writes the key, and times the burst of output that
 * follows (Ink writes a frame in one write; the pty may split it into chunks that arrive back to back).
 */
async function timePress(terminal, key) {
	await terminal.waitQuiet(80);
	await terminal.flush();
	const before = terminal.screen();
	const index = terminal.chunks.length;
	const sentAt = performance.now();
	terminal.write(key);
	const burst = await waitForBurst(terminal, index, 4, 2000);
	await terminal.flush();
	if (!burst || terminal.screen() === before) {
		return undefined;
	}

	return {firstByte: burst.first - sentAt, frame: burst.last - sentAt};
}

const logTotal = screen => {
	const line = screen.split('\n').find(row => row.includes('Logs: #'));
	const match = line && /\s(\d+)-(\d+)\/(\d+)\s/.exec(line);
	return match ? Number(match[3]) : 0;
};

/** Presses j or k in the yardstick app, bouncing between its first and last rows; each press moves the selection. */
function yardstickPresser(terminal) {
	let position = 0;
	let direction = 1;
	let presses = 0;
	let cpuMs = 0;
	const frames = [];
	return {
		frames,
		async press() {
			if (position + direction < 0 || position + direction > 30) {
				direction = -direction;
			}

			const before = terminal.cpuMs();
			const result = await timePress(terminal, direction > 0 ? 'j' : 'k');
			cpuMs += terminal.cpuMs() - before;
			position += direction;
			presses++;
			if (result) {
				frames.push(result.frame);
			}
		},
		/** CPU time of the yardstick per key press and frame (user + system, clock ticks of 10 ms summed). */
		cpuPerFrame: () => cpuMs / Math.max(1, presses),
		get cpuMs() {
			return cpuMs;
		},
		get presses() {
			return presses;
		},
	};
}

/**
 * Key press to updated frame with 1,000 deployments, the newest selected: a deployment whose build log has
 * 100,015 lines and whose container log has over 100,000 (the dashboard holds what it keeps of them).
 * In the log pane: k (one line up), PgUp, j, PgDn. In the deployments pane: j and k (each also starts a
 * log fetch for the newly selected deployment; its frame comes later and is not what is timed). The
 * minimal Ink app runs beside it, and so does the same app under the dashboard's V8 settings
 * (`tunedYardstickApp`); each of our presses is followed by one in each.
 */
export async function measureKeyLatency({fixture, folder, runs, onProgress, cli, yardstickApp, tunedYardstickApp, env}) {
	const samples = {logs: [], deployments: [], yardstick: [], tunedYardstick: [], yardstickCpuMs: 0, yardstickPresses: 0, missed: 0, logLines: 0, loadMs: []};
	for (let run = 0; run < runs; run++) {
		const dataPath = freshCopy(fixture.keysPath, folder, `keys-${run}`);
		const terminal = startTerminal(['--config', fixture.configPath, '--data', dataPath], {cli, env});
		const yardstick = startTerminal([], {argv: [yardstickApp]});
		const tunedYardstick = startTerminal([], {argv: [tunedYardstickApp]});
		const presser = yardstickPresser(yardstick);
		const tunedPresser = yardstickPresser(tunedYardstick);
		try {
			await yardstick.waitFor(isYardstickFrame, 'the yardstick app');
			await tunedYardstick.waitFor(isYardstickFrame, 'the yardstick app under the dashboard\'s V8 settings');
			const loadedAt = await terminal.waitFor(screen => isFullFrame(screen) && logTotal(screen) > 0, 'the big log in the log pane', 120_000);
			samples.loadMs.push(loadedAt - terminal.startedAt);
			samples.logLines = logTotal(terminal.screen());
			const record = async (list, result) => {
				if (result) {
					list.push(result);
				} else {
					samples.missed++;
				}

				await presser.press();
				await tunedPresser.press();
			};

			terminal.write(keys.tab);
			await terminal.waitQuiet(200);
			for (const [key, count] of [['k', 40], [keys.pageUp, 20], ['j', 20], [keys.pageDown, 10]]) {
				for (let press = 0; press < count; press++) {
					await record(samples.logs, await timePress(terminal, key));
				}
			}

			terminal.write(keys.tab + keys.tab);
			await terminal.waitQuiet(200);
			// Down 40 rows and back up to the second row: never back onto the big deployment, whose 32 MB
			// build log would be fetched again.
			for (const [key, count] of [['j', 40], ['k', 39]]) {
				for (let press = 0; press < count; press++) {
					await record(samples.deployments, await timePress(terminal, key));
				}
			}

			samples.yardstick.push(...presser.frames);
			samples.tunedYardstick.push(...tunedPresser.frames);
			samples.yardstickCpuMs += presser.cpuMs;
			samples.yardstickPresses += presser.presses;
			onProgress?.(`key presses: run ${run + 1}/${runs} done`);
		} finally {
			await Promise.all([terminal.stop(), yardstick.stop(), tunedYardstick.stop()]);
		}
	}

	return samples;
}

// Output this long after a poll's first request counts as the poll's: half the 10 s poll interval. (2 s was
// too short on a loaded machine, where handling the answer of 1,000 applications took longer.)
const pollWindowMs = 5000;

/**
 * A session of `seconds` with nothing changing: the simulated Coolify's clock is frozen and the selected
 * deployment is stopped (no log to follow). CPU time of the process and bytes it wrote to the terminal,
 * split into output within 5 s after a poll's first request and output at any other time.
 */
export async function measureIdle({fixture, folder, seconds, askRequests, cli, yardstickApp, env}) {
	const dataPath = freshCopy(fixture.typicalPath, folder, `idle-${Math.random().toString(36).slice(2)}`);
	const terminal = startTerminal(['--config', fixture.configPath, '--data', dataPath], {cli, env});
	const yardstick = startTerminal([], {argv: [yardstickApp]});
	const presser = yardstickPresser(yardstick);
	try {
		await yardstick.waitFor(isYardstickFrame, 'the yardstick app');
		await terminal.waitFor(isFullFrame, 'the first full frame');
		// Let the first poll, the health check and the first log fetch finish.
		await sleep(3000);
		await terminal.waitQuiet(500);
		const since = Date.now();
		const cpuBefore = terminal.cpuMs();
		const firstChunk = terminal.chunks.length;
		const startedAt = performance.now();
		// Meanwhile the yardstick app moves its selection twice a second: its CPU time per frame, in the same
		// minute, is what the idle cost is set beside.
		while (performance.now() - startedAt < seconds * 1000) {
			await presser.press();
			await sleep(500);
		}

		const elapsed = performance.now() - startedAt;
		const cpuMs = terminal.cpuMs() - cpuBefore;
		const rssAtEnd = terminal.rss();
		const peakRss = terminal.peakRss();
		const requests = await askRequests(since);
		const polls = requests.filter(request => request.route === 'GET /applications').map(request => request.at);
		let bytes = 0;
		let bytesBetweenPolls = 0;
		let writesBetweenPolls = 0;
		for (const chunk of terminal.chunks.slice(firstChunk)) {
			const wallClock = performance.timeOrigin + chunk.at;
			bytes += chunk.bytes;
			if (!polls.some(poll => wallClock >= poll - 50 && wallClock <= poll + pollWindowMs)) {
				bytesBetweenPolls += chunk.bytes;
				writesBetweenPolls++;
			}
		}

		return {
			seconds: elapsed / 1000,
			cpuPercent: (cpuMs / elapsed) * 100,
			bytes,
			bytesBetweenPolls,
			writesBetweenPolls,
			polls: polls.length,
			requests: requests.length,
			peakRss,
			rssAtEnd,
			cpuMs,
			yardstickCpuPerFrame: presser.cpuPerFrame(),
			yardstickFrames: presser.presses,
		};
	} finally {
		await Promise.all([terminal.stop(), yardstick.stop()]);
	}
}

/**
 * The time (ms) to download and parse what the log pane asks for when the big log's debug lines are shown:
 * the deployment (its build log, every entry) and the last 10,000 lines of its container log (the most
 * Coolify sends), both at once.
 */
async function downloadAndParseBigLog(fixture) {
	const headers = {authorization: `Bearer ${fixture.token}`, accept: 'application/json'};
	const get = async route => (await fetch(`${fixture.baseUrl}/api/v1${route}`, {headers})).text();
	const startedAt = performance.now();
	const [deployment, container] = await Promise.all([get(`/deployments/${fixture.bigLog.deploymentUuid}`), get(`/applications/${fixture.bigLog.applicationUuid}/logs?lines=10000`)]);
	JSON.parse(JSON.parse(deployment).logs);
	JSON.parse(container).logs.split('\n');
	return performance.now() - startedAt;
}

/**
 * A log of over 100,000 lines in the pane: a running deployment's build log of 100,015 entries with the lines
 * Coolify hides by default (`v`, as its "Show Debug Logs"), then its container log's last 10,000 lines (the most
 * Coolify sends; `--lines 10000`). Opening it (from `v` to the frame that shows it) beside downloading and parsing
 * its answers in the bench process; key presses in the log pane, each followed by one in the minimal Ink
 * app; and a search over it (`/`, the text, then Enter timed to the frame with the first match highlighted).
 */
export async function measureBigLog({fixture, folder, runs, onProgress, cli, yardstickApp, env}) {
	const samples = {open: [], download: [], keys: [], search: [], yardstick: [], lines: 0, matches: '', missed: 0};
	for (let run = 0; run < runs; run++) {
		samples.download.push(await downloadAndParseBigLog(fixture));
		const dataPath = freshCopy(fixture.bigLogPath, folder, `big-log-${run}`);
		const terminal = startTerminal(['--config', fixture.configPath, '--data', dataPath, '--lines', '10000'], {cli, env});
		const yardstick = startTerminal([], {argv: [yardstickApp]});
		const presser = yardstickPresser(yardstick);
		try {
			await yardstick.waitFor(isYardstickFrame, 'the yardstick app');
			await terminal.waitFor(screen => isFullFrame(screen) && logTotal(screen) > 0, 'the log as Coolify shows it by default', 120_000);
			terminal.write(keys.tab);
			await terminal.waitQuiet(300);
			const pressedAt = performance.now();
			terminal.write('v');
			// The title says `+debug` once the debug lines are asked for: a frame of the plain log never counts.
			const shownAt = await terminal.waitFor(screen => logTotal(screen) >= 100_000 && screen.includes('+debug]'), 'the 100,000-line log in the log pane', 120_000);
			samples.open.push(shownAt - pressedAt);
			samples.lines = logTotal(terminal.screen());
			await terminal.waitQuiet(300);
			for (const [key, count] of [['k', 20], [keys.pageUp, 10], ['j', 10]]) {
				for (let press = 0; press < count; press++) {
					const result = await timePress(terminal, key);
					if (result) {
						samples.keys.push(result.frame);
					} else {
						samples.missed++;
					}

					await presser.press();
				}
			}

			for (const query of ['favicon', '" 404 ', 'HTTP/1.1" 200 615']) {
				// Each step waits for its own frame: waiting for quiet alone sent the text and Enter before the
				// prompt showed, and Enter's frame (throttled behind the prompt's) was overtaken by the Esc below.
				terminal.write('/');
				await terminal.waitFor(screen => screen.includes('search the log: /'), 'the search prompt');
				for (const char of query) {
					terminal.write(char);
				}

				await terminal.waitFor(screen => screen.includes(`search the log: /${query}`), 'the typed query');
				await terminal.waitQuiet(100);
				const result = await timePress(terminal, '\r');
				await terminal.flush();
				const highlighted = /\/.+ \d+\/\d+/.test(terminal.screen().split('\n').find(row => row.includes('Logs: #')) ?? '');
				if (result && highlighted) {
					samples.search.push(result.frame);
					samples.matches = /\/.+? (\d+\/\d+\+?)/.exec(terminal.screen())?.[1] ?? samples.matches;
				} else {
					samples.missed++;
				}

				// Esc, then a pause: Esc followed at once by `/` reads as Alt-/.
				terminal.write('\u001B');
				await sleep(200);
				await terminal.waitQuiet(150);
			}

			samples.yardstick.push(...presser.frames);
			onProgress?.(`big log: run ${run + 1}/${runs} done`);
		} finally {
			await Promise.all([terminal.stop(), yardstick.stop()]);
		}
	}

	return samples;
}
