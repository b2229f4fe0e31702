#!/usr/bin/env node
// `npm run bench` (which builds dist/ first): measures the built CLI against the figures of issue #6 and
// prints a table of median, spread and target; the same table goes into BENCHMARKS.md.
//
//   node scripts/bench.mjs [--no-write]
//   BENCH_RUNS=9 (cold starts)  BENCH_KEY_RUNS=3  BENCH_IDLE_SECONDS=60  BENCH_ONLY=first-frame,keys,idle,services
//   BENCH_CLI=other/cli.js (measure another build; nothing is written)
//
// It makes its own data: a simulated Coolify (frozen clock) in a child process with 1,001 applications, a
// data file of 1,000 records tracking them, and one deployment with 100,015 build-log lines and over
// 100,000 container-log lines. Nothing here asserts; the tests never time anything.
import {fork} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {bundleBenchLibrary} from './bench/bundle.mjs';
import {measureDataFileWrite, measureRequestsPerLife, measureRequestsPerTick} from './bench/measure-services.mjs';
import {formatPollBytes, measurePollBytes} from './bench/measure-poll-bytes.mjs';
import {measureFirstFrame, measureIdle, measureKeyLatency} from './bench/measure-terminal.mjs';
import {formatMb, formatMs, formatTable, machine, markdownTable, median, quantile, range, spread, writeResults} from './bench/report.mjs';
import {builtCli, root, terminalSize} from './bench/terminal.mjs';

const numberFromEnvironment = (name, fallback) => {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
};

const settings = {
	runs: numberFromEnvironment('BENCH_RUNS', 9),
	keyRuns: numberFromEnvironment('BENCH_KEY_RUNS', 3),
	idleSeconds: numberFromEnvironment('BENCH_IDLE_SECONDS', 60),
	only: new Set((process.env.BENCH_ONLY ?? 'first-frame,keys,idle,services').split(',').map(part => part.trim())),
	write: !process.argv.includes('--no-write'),
	// Another build to measure instead of dist/cli.js (a before/after comparison); results are then not written.
	cli: process.env.BENCH_CLI ? path.resolve(process.env.BENCH_CLI) : undefined,
};

const log = text => process.stderr.write(`[bench] ${text}\n`);

if (!existsSync(builtCli)) {
	process.stderr.write('bench: dist/cli.js is missing; run "npm run bench" (it builds first) or "npm run build"\n');
	process.exit(1);
}

const benchStartedAt = performance.now();
const loadBefore = os.loadavg()[0];
const folder = mkdtempSync(path.join(os.tmpdir(), 'coolify-tui-bench-'));
const libPath = await bundleBenchLibrary();
const lib = await import(libPath);

log('starting the simulated Coolify and making the data (1,000 records, a 100,015-line build log)…');
const child = fork(path.join(root, 'scripts/bench/simulator-child.mjs'), [libPath, folder], {stdio: ['ignore', 'inherit', 'inherit', 'ipc']});
const fixture = await new Promise((resolve, reject) => {
	child.once('message', resolve);
	child.once('exit', code => reject(new Error(`the simulator process ended (${code}) before it was ready`)));
});
const askRequests = async since =>
	new Promise(resolve => {
		child.once('message', message => resolve(message.requests));
		child.send({type: 'requests', since});
	});

const results = {};
try {
	if (settings.only.has('first-frame')) {
		log(`time to first full frame: ${settings.runs} cold starts…`);
		results.firstFrame = await measureFirstFrame({fixture, folder, runs: settings.runs, cli: settings.cli});
	}

	if (settings.only.has('keys')) {
		log(`key press to frame: ${settings.keyRuns} sessions…`);
		results.keys = await measureKeyLatency({fixture, folder, runs: settings.keyRuns, onProgress: log, cli: settings.cli});
	}

	if (settings.only.has('idle')) {
		log(`idle cost: a ${settings.idleSeconds} s session…`);
		results.idle = await measureIdle({fixture, folder, seconds: settings.idleSeconds, askRequests, cli: settings.cli});
	}

	if (settings.only.has('services')) {
		log('requests per poll tick (N = 1, 10, 100), per deployment life, data file writes…');
		results.ticks = await measureRequestsPerTick(lib, [1, 10, 100]);
		results.life = await measureRequestsPerLife(lib);
		results.write = await measureDataFileWrite(lib, fixture.typicalPath, 41);
		log('bytes and poller memory per tick with N = 1, 10, 50 builds with 5,000-line logs, schema library cost…');
		results.pollBytes = await measurePollBytes();
	}
} finally {
	child.send({type: 'close'});
	rmSync(folder, {recursive: true, force: true});
	rmSync(path.dirname(libPath), {recursive: true, force: true});
}

const rows = [];
const notes = [];
if (results.firstFrame) {
	const times = results.firstFrame.map(run => run.ms);
	const peaks = results.firstFrame.map(run => run.peakRss);
	rows.push({figure: 'time to first full frame, cold, 1,000 records', value: formatMs(median(times)), spread: range(times, formatMs), target: '<= 200 ms', ok: median(times) <= 200});
	rows.push({figure: 'peak RSS at the first full frame', value: formatMb(median(peaks)), spread: range(peaks, formatMb), target: '<= 90 MB', ok: median(peaks) <= 90 * 1024 * 1024});
	notes.push(`First frame: ${times.length} fresh processes of \`node dist/cli.js --config … --data …\` in a ${terminalSize.columns}x${terminalSize.rows} pseudo-terminal; the clock runs from spawn to the output that puts the header, the NAME heading and the row of record #1000 on the screen. Runs: ${times.map(time => time.toFixed(0)).join(', ')} ms.`);
}

if (results.idle) {
	const {idle} = results;
	rows.push({figure: `peak RSS over a ${Math.round(idle.seconds)} s session, 1,000 records`, value: formatMb(idle.peakRss), spread: `RSS at the end ${formatMb(idle.rssAtEnd)}`, target: '<= 90 MB', ok: idle.peakRss <= 90 * 1024 * 1024});
}

if (results.keys) {
	const {keys} = results;
	const logFrames = keys.logs.map(sample => sample.frame);
	const rowFrames = keys.deployments.map(sample => sample.frame);
	rows.push({figure: `key press to frame: log pane (k, PgUp, j, PgDn), ${keys.logLines} lines held`, value: formatMs(median(logFrames)), spread: spread(logFrames, formatMs), target: '<= 16 ms median', ok: median(logFrames) <= 16});
	rows.push({figure: 'key press to frame: deployments pane (j, k), 1,000 rows', value: formatMs(median(rowFrames)), spread: spread(rowFrames, formatMs), target: '<= 16 ms median', ok: median(rowFrames) <= 16});
	notes.push(
		`Key presses: ${keys.logs.length + keys.deployments.length} presses over ${keys.loadMs.length} sessions (${keys.missed} changed nothing on screen and are left out); the time runs from writing the key to the last byte of the burst of output it causes (first byte: median ${formatMs(median([...keys.logs, ...keys.deployments].map(sample => sample.firstByte)))}); max ${formatMs(Math.max(...logFrames))} (log pane), ${formatMs(Math.max(...rowFrames))} (deployments pane). The selected deployment's build log has 100,015 entries in the simulator (all but a dozen are the hidden output of build commands, which the dashboard leaves out as Coolify's own UI does) and its container has written over 100,000 lines (the dashboard asks for the last 500, and the data file keeps at most 500 lines / 64 KB of each log, store/log-bounds.ts): the log pane holds ${keys.logLines} lines. Loading that log after start took ${range(keys.loadMs, formatMs)} (the build log answer is 32 MB).`,
	);
}

if (results.ticks) {
	const steady = results.ticks.map(entry => median(entry.steady));
	const lifeMedians = results.ticks.map(entry => median(entry.life));
	const lifeMax = results.ticks.map(entry => Math.max(...entry.life));
	const counts = results.ticks.map(entry => entry.count).join(' / ');
	rows.push({
		figure: `requests per poll tick, N = ${counts} active, no build ending`,
		value: steady.join(' / '),
		spread: `min–max ${results.ticks.map(entry => `${Math.min(...entry.steady)}–${Math.max(...entry.steady)}`).join(' / ')}`,
		target: 'constant in N, <= 3',
		ok: steady.every(value => value === steady[0] && value <= 3),
	});
	rows.push({
		figure: `requests per poll tick, N = ${counts}, while their builds end`,
		value: lifeMedians.join(' / '),
		spread: `max ${lifeMax.join(' / ')}`,
		target: 'constant in N, <= 3',
		ok: lifeMedians.every(value => value <= 3) && lifeMax.every(value => value <= 3),
	});
	notes.push(`Poll ticks: \`pollOnce\` in-process against the simulator (rate limit off); N deployments created with \`createDeployment\`. First the simulated clock stands still (10 ticks: all N queued or building), then it moves 10 s (the default poll interval) per tick until all N run (${results.ticks.map(entry => entry.life.length).join(' / ')} ticks). A tick asks for the application list and the in-progress deployments, plus one request for each build that ended since the last tick (its final status and log); the simulated server builds 2 at a time, so that extra is bounded by the build rate, not by N.`);
}

if (results.life) {
	const worst = Math.max(...results.life.map(entry => entry.requests));
	rows.push({
		figure: "requests over one deployment's life (create to running)",
		value: results.life.map(entry => `${entry.requests} (${entry.pipeline})`).join(', '),
		spread: results.life.map(entry => `${entry.pipeline}: ${entry.total} in all, ${entry.ticks} ticks`).join('; '),
		target: '<= 8, ticks excluded',
		ok: worst <= 8 && results.life.every(entry => entry.status === 'running'),
	});
	for (const entry of results.life) {
		notes.push(`Life of one ${entry.pipeline} deployment (${entry.pipeline === 'web' ? 'Docker image' : 'Dockerfile'}, with env vars): ${Object.entries(entry.routes).map(([route, count]) => `${route} ×${count}`).join(', ')}; minus 2 × ${entry.ticks} ticks.`);
	}
}

if (results.idle) {
	const {idle} = results;
	rows.push({figure: `idle CPU over ${Math.round(idle.seconds)} s, nothing changing`, value: `${idle.cpuPercent.toFixed(2)} % of a core`, spread: `${idle.polls} polls, ${idle.requests} requests`, target: '< 1 % of a core', ok: idle.cpuPercent < 1});
	rows.push({
		figure: 'bytes written to the terminal between polls',
		value: `${idle.bytesBetweenPolls} B`,
		spread: `${idle.bytes} B in all, ${Math.round(idle.bytes / Math.max(1, idle.polls))} B per poll`,
		target: '0',
		ok: idle.bytesBetweenPolls === 0,
	});
	notes.push(`Idle: one session with the default 10 s poll interval, the simulated clock frozen and a stopped deployment selected; measured after the first poll and log fetch had settled. Output within 2 s after a poll's first request counts as the poll's; the header shows the minute of the last poll, so the first poll of each minute writes one frame and the others nothing.`);
}

if (results.write) {
	const {write} = results;
	rows.push({figure: `data file write, one record, 1,000 records (${Math.round(write.fileBytes / 1024)} KB)`, value: formatMs(median(write.times)), spread: range(write.times, formatMs), target: '<= 5 ms median', ok: median(write.times) <= 5});
	rows.push({figure: 'data file update that changes nothing', value: write.unchangedWrote ? 'wrote' : 'no write', spread: `takes ${formatMs(median(write.unchangedTimes))} (read, compare)`, target: 'no write', ok: !write.unchangedWrote});
	notes.push(`Data file: \`DeploymentStore.patchRecord\` in-process, ${write.times.length} updates of one record (after 3 warm-ups), each a read, change, check and atomic write under the in-process mutex and the lock file; p90 ${formatMs(quantile(write.times, 0.9))}. "No write": same size, mtime and inode, and the store's write count unchanged.`);
}

if (results.pollBytes) {
	notes.push(formatPollBytes(results.pollBytes).replaceAll('\n', ' '));
}

const table = formatTable(rows);
const seconds = Math.round((performance.now() - benchStartedAt) / 1000);
const load = `load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after`;
process.stdout.write(`\n${settings.cli ? `${path.relative(root, settings.cli)}\n` : ''}${table}\n\n`);
log(`done in ${seconds} s (${load})`);

if (settings.write && settings.only.size === 4 && !settings.cli) {
	const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
	const section = [
		'## Latest results',
		'',
		`\`npm run bench\` on ${date} UTC, ${machine()}; ${settings.runs} cold starts, ${settings.keyRuns} key-press sessions, ${settings.idleSeconds} s idle; ${seconds} s in all; ${load}.`,
		'',
		markdownTable(rows),
		'',
		...notes.map(note => `- ${note}`),
	].join('\n');
	writeResults(path.join(root, 'BENCHMARKS.md'), section);
	log('results written to BENCHMARKS.md');
}
