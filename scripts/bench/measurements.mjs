// The measurements `npm run bench` can make, by name (BENCH_ONLY picks some). Each takes the bench's context
// ({fixture, folder, lib, yardstickApp, askRequests, settings, cli, log}) and returns the part of the results
// object it fills; the figures (scripts/bench/figures.mjs) read from there.
import {measureDataFileWrite, measureRequestsPerLife, measureRequestsPerTick} from './measure-services.mjs';
import {measureIdle, measureKeyLatency, measureStarts, untuned} from './measure-terminal.mjs';

export const measurements = {
	async starts({fixture, folder, settings, cli, yardstickApp, log}) {
		log(`cold starts: ${settings.runs} runs of each of the dashboard, the dashboard untuned, the demo, the minimal Ink app and bare node, interleaved…`);
		return {starts: await measureStarts({fixture, folder, runs: settings.runs, cli, yardstickApp})};
	},
	async keys({fixture, folder, settings, cli, yardstickApp, log}) {
		log(`key press to frame: ${settings.keyRuns} sessions, each press followed by one in the minimal Ink app…`);
		return {keys: await measureKeyLatency({fixture, folder, runs: settings.keyRuns, onProgress: log, cli, yardstickApp})};
	},
	async idle({fixture, folder, settings, cli, yardstickApp, askRequests, log}) {
		log(`idle cost: a ${settings.idleSeconds} s session, the minimal Ink app drawing two frames a second beside it…`);
		// BENCH_NO_TUNING=name,... : the dashboard of this measurement with those tunings off (an experiment).
		const env = process.env.BENCH_NO_TUNING ? {COOLIFY_TUI_NO_TUNING: process.env.BENCH_NO_TUNING} : undefined;
		return {idle: await measureIdle({fixture, folder, seconds: settings.idleSeconds, askRequests, cli, yardstickApp, env})};
	},
	async 'untuned-idle'({fixture, folder, settings, cli, yardstickApp, askRequests, log}) {
		log(`idle cost with the tunings off (COOLIFY_TUI_NO_TUNING=1): a ${settings.idleSeconds} s session…`);
		return {untunedIdle: await measureIdle({fixture, folder, seconds: settings.idleSeconds, askRequests, cli, yardstickApp, env: untuned})};
	},
	async services({lib, fixture, log}) {
		log('requests per poll tick (N = 1, 10, 100), per deployment life, data file writes…');
		return {
			ticks: await measureRequestsPerTick(lib, [1, 10, 100]),
			life: await measureRequestsPerLife(lib),
			write: await measureDataFileWrite(lib, fixture.typicalPath, 41),
		};
	},
};
