import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {isTuned} from './tuning.js';

let fullCollection: (() => void) | undefined;

/**
 * A full garbage collection now (V8's own `gc`, exposed by the flag to contexts made after it). The dashboard
 * asks for one between its first frame and its first poll: start-up leaves ~10 MB of garbage (the data file's
 * text, parsing, the first render) that V8 keeps until its first full collection seconds later, and the first
 * poll's answer (3.5 MB for 1,000 applications) landing on top of it set the session's peak memory. One
 * collection then costs a few milliseconds, after the first frame (BENCHMARKS.md). Doing it before every poll
 * was measured too: it costs ~0.15 % of a core and lowers no peak.
 */
export function collectGarbage(): void {
	if (!isTuned('collect-before-poll')) {
		return;
	}

	if (fullCollection === undefined) {
		setFlagsFromString('--expose-gc');
		fullCollection = runInNewContext('gc') as () => void;
	}

	fullCollection();
}
