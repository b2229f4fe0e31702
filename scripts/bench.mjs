#!/usr/bin/env node
// `npm run bench` (which builds dist/ first): measures the built CLI, each timing beside a yardstick measured
// in the same run (bare node, a minimal Ink app: scripts/bench/yardsticks.mjs), and prints the table of
// scripts/bench/figures.mjs: ours, the yardstick's, the ratio, the target and the verdict. The same table goes
// into BENCHMARKS.md.
//
//   node scripts/bench.mjs [--no-write]
//   BENCH_RUNS=9 (cold starts of each kind)  BENCH_KEY_RUNS=3  BENCH_IDLE_SECONDS=60
//   BENCH_ONLY=starts,keys,big-log,idle,untuned-idle,services,building,poll-bytes (the measurements to make; default all)
//   BENCH_CLI=other/cli.js (measure another build; nothing is written)
//   BENCH_ONLY=tunings: what each start-up tuning buys (source/runtime/tuning.ts), each turned off alone
//   BENCH_NO_TUNING=name,... : measure the dashboard with those tunings off (an experiment)
//
// It makes its own data: a simulated Coolify (frozen clock) in a child process with 1,001 applications, a
// data file of 1,000 records tracking them, and one deployment with 100,015 build-log lines and over
// 100,000 container-log lines. Nothing here asserts; the tests never time anything.
import {fork} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {bundleBenchLibrary} from './bench/bundle.mjs';
import {evaluate, figures, format} from './bench/figures.mjs';
import {measurements, optionalMeasurements} from './bench/measurements.mjs';
import {notes, tuningsTable} from './bench/notes.mjs';
import {formatTable, machine, markdownTable, median, range} from './bench/report.mjs';
import {builtCli, root} from './bench/terminal.mjs';
import {buildYardstickApp} from './bench/yardsticks.mjs';

const numberFromEnvironment = (name, fallback) => {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
};

const allMeasurements = Object.keys(measurements).filter(name => !optionalMeasurements.has(name));
const settings = {
	runs: numberFromEnvironment('BENCH_RUNS', 9),
	keyRuns: numberFromEnvironment('BENCH_KEY_RUNS', 3),
	idleSeconds: numberFromEnvironment('BENCH_IDLE_SECONDS', 60),
	only: process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map(part => part.trim()) : allMeasurements,
	write: !process.argv.includes('--no-write'),
	// Another build to measure instead of dist/cli.js (a before/after comparison); results are then not written.
	cli: process.env.BENCH_CLI ? path.resolve(process.env.BENCH_CLI) : undefined,
};

const log = text => process.stderr.write(`[bench] ${text}\n`);

for (const name of settings.only) {
	if (!measurements[name]) {
		process.stderr.write(`bench: BENCH_ONLY names "${name}"; the measurements are ${Object.keys(measurements).join(', ')}\n`);
		process.exit(2);
	}
}

if (!existsSync(builtCli)) {
	process.stderr.write('bench: dist/cli.js is missing; run "npm run bench" (it builds first) or "npm run build"\n');
	process.exit(1);
}

const benchStartedAt = performance.now();
const loadBefore = os.loadavg()[0];
const folder = mkdtempSync(path.join(os.tmpdir(), 'coolify-tui-bench-'));
const libPath = await bundleBenchLibrary();
const lib = await import(libPath);
const yardstickApp = await buildYardstickApp();
const tunedYardstickApp = await buildYardstickApp({tuned: true});

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

const context = {fixture, folder, lib, yardstickApp, tunedYardstickApp, askRequests, settings, cli: settings.cli, log};
const results = {};
try {
	for (const name of settings.only) {
		Object.assign(results, await measurements[name](context));
	}
} finally {
	child.send({type: 'close'});
	rmSync(folder, {recursive: true, force: true});
	rmSync(path.dirname(libPath), {recursive: true, force: true});
	rmSync(path.dirname(yardstickApp), {recursive: true, force: true});
	rmSync(path.dirname(tunedYardstickApp), {recursive: true, force: true});
}

const rows = figures.filter(entry => settings.only.includes(entry.needs)).map(entry => evaluate(entry, results));
const floors = [];
if (results.starts?.node) {
	floors.push(`bare node printing one line ${format(median(results.starts.node.map(run => run.ms)), 'ms')} (${range(results.starts.node.map(run => run.ms), value => format(value, 'ms'))})`);
}

if (results.starts?.ink) {
	floors.push(`minimal Ink app, first frame ${format(median(results.starts.ink.map(run => run.ms)), 'ms')} (${range(results.starts.ink.map(run => run.ms), value => format(value, 'ms'))})`);
}

if (results.keys) {
	floors.push(`its key press to frame ${format(median(results.keys.yardstick), 'ms')}, CPU per frame ${format(results.keys.yardstickCpuMs / Math.max(1, results.keys.yardstickPresses), 'ms')}`);
}

if (results.tunings) {
	process.stdout.write(`\n${tuningsTable(results.tunings)}\n`);
}

const seconds = Math.round((performance.now() - benchStartedAt) / 1000);
const load = `load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after`;
const floorLine = floors.length > 0 ? `Floors on this machine in this run: ${floors.join('; ')}.` : '';
process.stdout.write(`\n${settings.cli ? `${path.relative(root, settings.cli)}\n` : ''}${floorLine}\n\n${formatTable(rows)}\n\n`);
log(`done in ${seconds} s (${load})`);

if (settings.write && settings.only.length === allMeasurements.length && !settings.cli) {
	const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
	const section = [
		'## Latest results',
		'',
		`\`npm run bench\` on ${date} UTC, ${machine()}; ${settings.runs} cold starts of each kind, ${settings.keyRuns} key-press sessions, ${settings.idleSeconds} s idle sessions; ${seconds} s in all; ${load}.`,
		'',
		floorLine,
		'',
		markdownTable(rows),
		'',
		...notes(results, settings).map(note => `- ${note}`),
	].join('\n');
	const {writeResults} = await import('./bench/report.mjs');
	writeResults(path.join(root, 'BENCHMARKS.md'), section);
	log('results written to BENCHMARKS.md');
}
