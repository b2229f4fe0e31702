/**
 * Start-up and memory tuning of the dashboard process, all in source/runtime/, each earning its place by a
 * figure of `npm run bench` (BENCHMARKS.md, "What each tuning buys"). One switch turns them off:
 * COOLIFY_TUI_NO_TUNING=1 (or `all`) turns every one off; a comma-separated list of names turns off those.
 * Behaviour is the same either way; only time and memory change.
 */
export const tunings = {
	/** V8's young generation stays at its starting size (source/runtime/v8-flags.ts). */
	'young-generation': 'keep V8\'s young generation at its starting size',
	/** WebAssembly stays in V8's baseline compiler (source/runtime/v8-flags.ts). */
	'wasm-baseline': 'keep WebAssembly in V8\'s baseline compiler',
	/** V8's memory-saving mode (source/runtime/v8-flags.ts). */
	'optimize-for-size': 'V8\'s memory-saving mode',
	/** V8's memory-saving mode off while a build log is read whole (source/runtime/dashboard-flags.ts). */
	'whole-log-without-memory-saving': 'V8\'s memory-saving mode off while a build log is read whole',
	/** No optimising compiler for JavaScript, in the dashboard (source/runtime/dashboard-flags.ts). */
	'no-optimizing-compiler': 'no optimising compiler (TurboFan) for JavaScript',
	/** No incremental marking until the dashboard's first frame (source/runtime/dashboard-flags.ts). */
	'atomic-gc-at-start': 'no incremental marking until the dashboard\'s first frame',
	/** yoga decodes its WebAssembly without fetch (source/runtime/yoga-without-fetch.ts, wired in by the build). */
	'yoga-without-fetch': 'yoga\'s WebAssembly decoded without fetch',
	/** ofetch sends through node:http instead of Node's fetch, undici (source/runtime/http-fetch.ts). */
	'node-http-fetch': 'ofetch on node:http instead of undici',
	/** The plain dashboard command line read without meow (source/commands/dashboard-argv.ts). */
	'argv-without-meow': 'the dashboard\'s command line read without meow',
	/** Frames joined piece by piece, not cell by cell as Ink's Output does (source/runtime/ink-output.ts). */
	'ink-output-by-pieces': 'frames joined piece by piece instead of cell by cell',
	/** A full collection after a poll whose answer was unchanged (source/runtime/dashboard-flags.ts). */
	'collect-after-unchanged-poll': 'a full collection after each unchanged poll',
	/** The first records and the first poll timed around Ink's frame timer (source/ui/hooks/use-dashboard.ts). */
	'first-frame-timing': 'the first records and the first poll timed around Ink\'s frame timer',
} as const;

export type TuningName = keyof typeof tunings;

const switchedOff = readSwitch(process.env.COOLIFY_TUI_NO_TUNING);

function readSwitch(value: string | undefined): Set<string> | 'all' {
	const text = value?.trim() ?? '';
	if (text === '' || text === '0') {
		return new Set();
	}

	if (text === '1' || text === 'all' || text === 'true') {
		return 'all';
	}

	return new Set(text.split(',').map(name => name.trim()));
}

/** Whether the named tuning is on (it is unless COOLIFY_TUI_NO_TUNING turns it off). */
export function isTuned(name: TuningName): boolean {
	return switchedOff !== 'all' && !switchedOff.has(name);
}
