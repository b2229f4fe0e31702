import {isTuned} from './tuning.js';
import {setFlagsFromString} from './v8-flags.js';

/**
 * No optimising compiler (TurboFan) for JavaScript, for the dashboard only (one-shot commands such as
 * `deploy --wait` do more work in less time and keep it): its compile jobs take several MB each for a moment,
 * and the dashboard's hot paths (a frame, a poll's mapping) run fast enough in the baseline tiers. -6 MB at
 * the first frame, and a session peak of 80 instead of 82-85 MB with 3 s polls (BENCHMARKS.md).
 */
export function tuneForDashboard(): void {
	if (isTuned('no-optimizing-compiler')) {
		setFlagsFromString('--no-opt');
	}

	// The collector's first full collection comes as the data file loads (~9 MB of old generation: the
	// young-generation tuning promotes early). Marked incrementally, its marking steps and write barriers
	// cost ~7 ms of the first frame; done at once, a heap this small takes ~5 ms. Back on by
	// afterDashboardFirstFrame, for the session's collections of a larger heap.
	if (isTuned('atomic-gc-at-start')) {
		setFlagsFromString('--no-incremental-marking');
	}
}

/** Undoes what tuneForDashboard does only until the first frame is on screen. */
export function afterDashboardFirstFrame(): void {
	if (isTuned('atomic-gc-at-start')) {
		setFlagsFromString('--incremental-marking');
	}
}

let wholeLogReads = 0;

/**
 * Runs `read` (a build log read whole: its debug lines, ~32 MB for 100,000 entries, never thinned) with V8's
 * memory-saving mode off: in that mode the collector ran so often as the heap grew that opening such a log
 * took ~1,100 instead of ~900 ms; its peak was ~230 MB either way, up to ~60 MB more for a moment without it.
 * The mode is back on as soon as no such read is running, for the session's small steady heap.
 */
export async function readWholeBuildLog<T>(read: () => Promise<T>): Promise<T> {
	if (!isTuned('optimize-for-size') || !isTuned('whole-log-without-memory-saving')) {
		return read();
	}

	if (wholeLogReads === 0) {
		setFlagsFromString('--no-optimize-for-size');
	}

	wholeLogReads++;
	try {
		return await read();
	} finally {
		if (--wholeLogReads === 0) {
			setFlagsFromString('--optimize-for-size');
		}
	}
}
