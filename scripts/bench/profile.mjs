#!/usr/bin/env node
// CPU profiles of the built dashboard (node --cpu-prof) on the bench's data, summarised by where the time
// goes: per module of the bundle (esbuild marks each with a `// node_modules/…` or `// source/…` line) and per
// function. BENCHMARKS.md's "Where the time goes" comes from these.
//
//   node scripts/bench/profile.mjs start   # spawn to the first full frame, 5 runs (samples after the frame left out)
//   node scripts/bench/profile.mjs yardstick-start   # the same for the minimal Ink app
//   node scripts/bench/profile.mjs keys    # 100 key presses in the log pane, then 100 in the deployments pane
//   node scripts/bench/profile.mjs yardstick   # the minimal Ink app: start and 100 key presses
//   node scripts/bench/profile.mjs big-log     # start, then show the big build log's debug lines (v): 210,000 lines
//
// PROFILE_KEEP=1 keeps the .cpuprofile files (and, for the starts, frames.txt: when each frame arrived, on the
// monotonic clock of the profiles' timestamps) and prints where.
import {fork} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync, copyFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {bundleBenchLibrary} from './bundle.mjs';
import {isFullFrame} from './measure-terminal.mjs';
import {root, sleep, startTerminal} from './terminal.mjs';
import {buildYardstickApp, isYardstickFrame} from './yardsticks.mjs';

const mode = process.argv[2] ?? 'start';
const profiles = mkdtempSync(path.join(tmpdir(), 'coolify-tui-profiles-'));
const folder = mkdtempSync(path.join(tmpdir(), 'coolify-tui-profile-'));
const frameTimes = [];
const nodeFlags = ['--cpu-prof', `--cpu-prof-dir=${profiles}`, '--cpu-prof-interval=100'];

async function press(terminal, key, count) {
	for (let index = 0; index < count; index++) {
		terminal.write(key);
		await sleep(60);
	}
}

async function quit(terminal) {
	terminal.write('q');
	await Promise.race([terminal.exited, sleep(3000)]);
	await terminal.stop();
}

if (mode === 'yardstick-start') {
	const app = await buildYardstickApp();
	for (let run = 0; run < 5; run++) {
		const terminal = startTerminal([], {argv: [...nodeFlags, app]});
		await terminal.waitFor(isYardstickFrame, 'the yardstick');
		frameTimes.push(process.hrtime.bigint());
		await quit(terminal);
	}
} else if (mode === 'yardstick') {
	const app = await buildYardstickApp();
	const terminal = startTerminal([], {argv: [...nodeFlags, app]});
	await terminal.waitFor(isYardstickFrame, 'the yardstick');
	await press(terminal, 'j', 30);
	await press(terminal, 'k', 30);
	await press(terminal, 'j', 30);
	await quit(terminal);
} else {
	const libPath = await bundleBenchLibrary();
	const child = fork(path.join(root, 'scripts/bench/simulator-child.mjs'), [libPath, folder], {stdio: ['ignore', 'inherit', 'inherit', 'ipc']});
	const fixture = await new Promise(resolve => {
		child.once('message', resolve);
	});
	try {
		if (mode === 'big-log') {
			// The bench's big-log fixture: the build log with its debug lines (v) and 10,000 container lines, then quitting.
			const dataPath = path.join(folder, 'profile-big-log.json');
			copyFileSync(fixture.bigLogPath, dataPath);
			const terminal = startTerminal(['--config', fixture.configPath, '--data', dataPath, '--lines', '10000'], {nodeFlags});
			await terminal.waitFor(screen => isFullFrame(screen) && /Logs: #.*\/\d+/.test(screen), 'the log as Coolify shows it by default', 120_000);
			terminal.write('\t');
			await sleep(300);
			terminal.write('v');
			await terminal.waitFor(screen => /Logs: #.*\/\d{6,}\s/.test(screen), 'the 100,000-line log', 120_000);
			await quit(terminal);
		}

		const runs = mode === 'start' ? 5 : mode === 'keys' ? 1 : 0;
		for (let run = 0; run < runs; run++) {
			const dataPath = path.join(folder, `profile-${run}.json`);
			copyFileSync(mode === 'start' ? fixture.typicalPath : fixture.keysPath, dataPath);
			const terminal = startTerminal(['--config', fixture.configPath, '--data', dataPath], {nodeFlags});
			if (mode === 'start') {
				await terminal.waitFor(isFullFrame, 'the first full frame');
				frameTimes.push(process.hrtime.bigint());
			} else {
				await terminal.waitFor(screen => isFullFrame(screen) && /Logs: #.*\/\d+/.test(screen), 'the big log', 120_000);
				await sleep(2000);
				terminal.write('\t');
				await press(terminal, 'k', 50);
				await press(terminal, 'j', 50);
				terminal.write('\t\t');
				await press(terminal, 'j', 40);
				await press(terminal, 'k', 39);
			}

			await quit(terminal);
		}
	} finally {
		child.send({type: 'close'});
		rmSync(path.dirname(libPath), {recursive: true, force: true});
	}
}

// Summary: self time per bundle module and per function, over all profiles written.
const moduleOf = new Map();
function moduleAt(url, line) {
	if (!url.startsWith('file://')) {
		return url === '' ? '(node internals / native)' : url.replace(/^node:/, 'node:');
	}

	const file = url.slice('file://'.length);
	if (!moduleOf.has(file)) {
		const markers = [];
		for (const [index, text] of readFileSync(file, 'utf8').split('\n').entries()) {
			if (/^\/\/ (node_modules|source|scripts)\//.test(text)) {
				markers.push([index, text.slice(3)]);
			}
		}

		moduleOf.set(file, markers);
	}

	let name = path.basename(file);
	for (const [index, text] of moduleOf.get(file)) {
		if (index > line) {
			break;
		}

		name = text.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+).*/, '$1');
	}

	return name;
}

const byModule = new Map();
const byFunction = new Map();
let total = 0;
// Runs in order (the files are named by time); for starts, each run's samples up to its first frame only.
for (const [run, file] of readdirSync(profiles).filter(name => name.endsWith('.cpuprofile')).sort().entries()) {
	const profile = JSON.parse(readFileSync(path.join(profiles, file), 'utf8'));
	const frameAt = frameTimes[run] === undefined ? Number.POSITIVE_INFINITY : Number(frameTimes[run] / 1000n);
	const self = new Map();
	let at = profile.startTime;
	for (let index = 0; index < profile.samples.length; index++) {
		at += profile.timeDeltas[index] ?? 0;
		if (at > frameAt) {
			break;
		}

		self.set(profile.samples[index], (self.get(profile.samples[index]) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
	}

	for (const node of profile.nodes) {
		const ms = self.get(node.id) ?? 0;
		const {functionName, url, lineNumber} = node.callFrame;
		if (functionName === '(idle)' || functionName === '(program)' && ms === 0) {
			continue;
		}

		if (functionName === '(idle)') {
			continue;
		}

		total += ms;
		const module = ['(garbage collector)', '(program)'].includes(functionName) ? functionName : moduleAt(url, lineNumber);
		byModule.set(module, (byModule.get(module) ?? 0) + ms);
		const key = `${functionName || '(anonymous)'} ${module}`;
		byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
	}
}

const top = (map, count) =>
	[...map]
		.sort((a, b) => b[1] - a[1])
		.slice(0, count)
		.map(([name, ms]) => `  ${ms.toFixed(0).padStart(6)} ms  ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${name}`)
		.join('\n');
const count = readdirSync(profiles).filter(name => name.endsWith('.cpuprofile')).length;
process.stdout.write(`${mode}: ${count} profile(s), ${total.toFixed(0)} ms of samples (idle left out)\nby module:\n${top(byModule, 25)}\nby function:\n${top(byFunction, 25)}\n`);
if (process.env.PROFILE_KEEP) {
	writeFileSync(path.join(profiles, 'frames.txt'), frameTimes.join('\n'));
	process.stdout.write(`profiles kept in ${profiles}\n`);
} else {
	rmSync(profiles, {recursive: true, force: true});
}

rmSync(folder, {recursive: true, force: true});
