// The measurements `npm run bench` can make, by name (BENCH_ONLY picks some). Each takes the bench's context
// ({fixture, folder, lib, yardstickApp, tunedYardstickApp, askRequests, settings, cli, log}) and returns the part of the results
// object it fills; the figures (scripts/bench/figures.mjs) read from there.
import {measureDataFileWrite, measureRequestsPerLife, measureRequestsPerTick} from './measure-services.mjs';
import {measureBuilding} from './measure-building.mjs';
import {measurePollBytes} from './measure-poll-bytes.mjs';
import {measureBigLog, measureIdle, measureKeyLatency, measureStarts, untuned} from './measure-terminal.mjs';

// BENCH_NO_TUNING=name,... : "ours" runs with those tunings off (an experiment: what does one tuning buy?).
const oursEnvironment = process.env.BENCH_NO_TUNING ? {COOLIFY_TUI_NO_TUNING: process.env.BENCH_NO_TUNING} : undefined;

// The tunings of source/runtime/tuning.ts, each of which BENCH_ONLY=tunings turns off alone.
const tuningNames = ['young-generation', 'wasm-baseline', 'optimize-for-size', 'no-optimizing-compiler', 'yoga-without-fetch', 'node-http-fetch', 'argv-without-meow', 'first-frame-timing', 'atomic-gc-at-start', 'collect-after-unchanged-poll'];

/** Not made unless BENCH_ONLY names them (they take minutes and write no row of the table). */
export const optionalMeasurements = new Set(['tunings']);

export const measurements = {
	async starts({fixture, folder, settings, cli, yardstickApp, log}) {
		log(`cold starts: ${settings.runs} runs of each of the dashboard, the dashboard untuned, the demo, the minimal Ink app and bare node, interleaved…`);
		return {starts: await measureStarts({fixture, folder, runs: settings.runs, cli, yardstickApp, env: oursEnvironment})};
	},
	async keys({fixture, folder, settings, cli, yardstickApp, tunedYardstickApp, log}) {
		log(`key press to frame: ${settings.keyRuns} sessions, each press followed by one in the minimal Ink app and one in the same app under the dashboard's V8 settings…`);
		return {keys: await measureKeyLatency({fixture, folder, runs: settings.keyRuns, onProgress: log, cli, yardstickApp, tunedYardstickApp, env: oursEnvironment})};
	},
	async 'big-log'({fixture, folder, settings, cli, yardstickApp, log}) {
		log(`a log of 100,000 lines (debug lines shown): ${settings.keyRuns} sessions (open it, key presses, searches)…`);
		return {bigLog: await measureBigLog({fixture, folder, runs: settings.keyRuns, onProgress: log, cli, yardstickApp, env: oursEnvironment})};
	},
	async idle({fixture, folder, settings, cli, yardstickApp, askRequests, log}) {
		log(`idle cost: a ${settings.idleSeconds} s session, the minimal Ink app drawing two frames a second beside it…`);
		return {idle: await measureIdle({fixture, folder, seconds: settings.idleSeconds, askRequests, cli, yardstickApp, env: oursEnvironment})};
	},
	async 'untuned-idle'({fixture, folder, settings, cli, yardstickApp, askRequests, log}) {
		log(`idle cost with the tunings off (COOLIFY_TUI_NO_TUNING=1): a ${settings.idleSeconds} s session…`);
		return {untunedIdle: await measureIdle({fixture, folder, seconds: settings.idleSeconds, askRequests, cli, yardstickApp, env: untuned})};
	},
	/** What each tuning buys: cold starts and an idle session with it alone off, beside all on and all off. */
	async tunings({fixture, folder, settings, cli, yardstickApp, askRequests, log}) {
		const variants = Object.fromEntries([...tuningNames, '1'].map(name => [name === '1' ? 'all off' : name, {COOLIFY_TUI_NO_TUNING: name}]));
		log(`tunings: ${settings.runs} cold starts of each of ${Object.keys(variants).length + 1} variants, interleaved…`);
		const starts = await measureStarts({fixture, folder, runs: settings.runs, cli, yardstickApp, kinds: ['ours'], variants});
		const seconds = Math.min(settings.idleSeconds, 30);
		const sessions = {};
		for (const [name, env] of Object.entries({'all on': undefined, ...variants})) {
			log(`tunings: a ${seconds} s idle session with ${name === 'all on' ? 'every tuning on' : `${name} off`}…`);
			sessions[name] = await measureIdle({fixture, folder, seconds, askRequests, cli, yardstickApp, env});
		}

		return {tunings: {starts, sessions, seconds}};
	},
	async services({lib, fixture, log}) {
		log('requests per poll tick (N = 1, 10, 100), per deployment life, data file writes…');
		return {
			ticks: await measureRequestsPerTick(lib, [1, 10, 100]),
			life: await measureRequestsPerLife(lib),
			write: await measureDataFileWrite(lib, fixture.typicalPath, 41),
		};
	},
	async building({folder, settings, cli, log}) {
		const seconds = Math.min(settings.idleSeconds, 20);
		log(`builds in flight: ${seconds} s sessions of the demo with 0, 1 and 25 builds, 2 runs each…`);
		return {building: await measureBuilding({folder, seconds, runs: 2, cli, onProgress: log})};
	},
	async 'poll-bytes'({log}) {
		log('bytes and poller memory per tick with N = 1, 10, 50 builds in progress with 5,000-line logs, schema library cost…');
		return {pollBytes: await measurePollBytes()};
	},
};
