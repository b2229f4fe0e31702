// The cost of builds in flight (issue 14: a spinner redrew whole frames, 80 KB/s and 16 % of a core for one
// build): the `--demo` dashboard with 0, 1 and 25 builds in progress, its simulated Coolify slowed down so
// that none ends during the session. Bytes written to the terminal per second (they do not depend on the
// machine) and CPU time per second, set beside the same session with nothing building.
import path from 'node:path';
import {sleep, startTerminal} from './terminal.mjs';
import {isDemoFrame} from './measure-terminal.mjs';

/** 1/20 of real time: a demo build (about 15 s) takes five minutes, longer than any session here. */
const slowDemo = {COOLIFY_TUI_DEMO_SPEED: '0.05'};

const rowsInFlight = screen => screen.split('\n').filter(line => /[◌◐◑] (pending|building|deploying)/.test(line)).length;

async function session({builds, seconds, folder, cli}) {
	const terminal = startTerminal(['--demo', '--poll-interval', '10', '--data', path.join(folder, `building-${builds}-${Math.random().toString(36).slice(2)}.json`)], {cli, env: slowDemo});
	try {
		await terminal.waitFor(isDemoFrame, 'the demo\'s first frame');
		// From the pipelines pane, d deploys the selected pipeline (web, an image: it builds, then runs).
		terminal.write('\u001B[Z');
		const active = screen => Number(/ (\d+) active /.exec(screen)?.[1] ?? 0);
		for (let deploy = 0; deploy < builds; deploy++) {
			terminal.write('d');
			// One create at a time: the header counts each before the next d.
			await terminal.waitFor(screen => active(screen) >= deploy + 1, `deployment ${deploy + 1}`, 60_000);
		}

		if (builds > 0) {
			await terminal.waitFor(screen => rowsInFlight(screen) >= Math.min(builds, 5), 'the builds in flight', 60_000);
		}

		// Let the creates' follow-up polls and log fetches settle.
		await sleep(3000);
		await terminal.waitQuiet(500);
		const cpuBefore = terminal.cpuMs();
		const firstChunk = terminal.chunks.length;
		const startedAt = performance.now();
		await sleep(seconds * 1000);
		const elapsed = (performance.now() - startedAt) / 1000;
		const bytes = terminal.chunks.slice(firstChunk).reduce((sum, chunk) => sum + chunk.bytes, 0);
		return {builds, seconds: elapsed, bytesPerSecond: bytes / elapsed, cpuMsPerSecond: (terminal.cpuMs() - cpuBefore) / elapsed, inFlight: rowsInFlight(terminal.screen())};
	} finally {
		await terminal.stop();
	}
}

/** Sessions with 0, 1 and 25 builds in flight, `runs` times each, interleaved. */
export async function measureBuilding({folder, seconds, runs, cli, onProgress}) {
	const results = {idle: [], one: [], many: []};
	for (let run = 0; run < runs; run++) {
		for (const [name, builds] of [['idle', 0], ['one', 1], ['many', 25]]) {
			results[name].push(await session({builds, seconds, folder, cli}));
			onProgress?.(`builds in flight: run ${run + 1}/${runs}, ${builds} builds done`);
		}
	}

	return results;
}
