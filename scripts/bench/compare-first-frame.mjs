#!/usr/bin/env node
// Interleaved cold starts of two or more builds against the same fixture, for before/after comparisons of
// the first frame on a noisy machine (runs alternate, so a busy moment hits every build alike).
//
//   node scripts/bench/compare-first-frame.mjs RUNS path/to/cli.js [other/cli.js ...]
//
// Per build: median time to the first full frame (spawn to output), its range, the CPU time of the main
// thread and the time it spent waiting for a CPU (both from /proc/<pid>/schedstat) at that moment, and
// the peak RSS then. A build is a whole dist/ folder (its chunks sit beside cli.js).
import {fork} from 'node:child_process';
import {copyFileSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {bundleBenchLibrary} from './bundle.mjs';
import {isFullFrame} from './measure-terminal.mjs';
import {median} from './report.mjs';
import {root, startTerminal} from './terminal.mjs';

const [runsText, ...clis] = process.argv.slice(2);
const runs = Number(runsText);
if (!Number.isInteger(runs) || runs < 1 || clis.length === 0) {
	process.stderr.write('usage: node scripts/bench/compare-first-frame.mjs RUNS cli.js [cli.js ...]\n');
	process.exit(2);
}

const folder = mkdtempSync(path.join(tmpdir(), 'coolify-tui-compare-'));
const libPath = await bundleBenchLibrary();
const child = fork(path.join(root, 'scripts/bench/simulator-child.mjs'), [libPath, folder], {stdio: ['ignore', 'inherit', 'inherit', 'ipc']});
const fixture = await new Promise(resolve => {
	child.once('message', resolve);
});

const results = clis.map(() => ({frame: [], cpu: [], waited: [], rss: []}));
try {
	for (let run = 0; run < runs; run++) {
		for (const [index, cli] of clis.entries()) {
			const dataPath = path.join(folder, `run-${run}-${index}.json`);
			copyFileSync(fixture.typicalPath, dataPath);
			const terminal = startTerminal(['--config', fixture.configPath, '--data', dataPath], {cli: path.resolve(cli)});
			const samples = new Map();
			terminal.onChunk(chunk => {
				const [onCpu, waiting] = readFileSync(`/proc/${terminal.pty.pid}/schedstat`, 'utf8').split(' ').map(Number);
				samples.set(chunk.at, {cpu: onCpu / 1e6, waited: waiting / 1e6, rss: terminal.peakRss()});
			});
			try {
				const at = await terminal.waitFor(isFullFrame, 'the first full frame');
				const sample = samples.get(at);
				results[index].frame.push(at - terminal.startedAt);
				results[index].cpu.push(sample?.cpu ?? Number.NaN);
				results[index].waited.push(sample?.waited ?? Number.NaN);
				results[index].rss.push(sample?.rss ?? Number.NaN);
			} finally {
				await terminal.stop();
			}
		}
	}
} finally {
	child.send({type: 'close'});
	rmSync(folder, {recursive: true, force: true});
	rmSync(path.dirname(libPath), {recursive: true, force: true});
}

for (const [index, cli] of clis.entries()) {
	const result = results[index];
	process.stdout.write(
		`${cli}: first full frame median ${median(result.frame).toFixed(0)} ms (${Math.min(...result.frame).toFixed(0)}–${Math.max(...result.frame).toFixed(0)}), main thread CPU ${median(result.cpu).toFixed(0)} ms, waiting for a CPU ${median(result.waited).toFixed(0)} ms, peak RSS ${(median(result.rss) / 1024 / 1024).toFixed(1)} MB (${runs} runs)\n`,
	);
}
