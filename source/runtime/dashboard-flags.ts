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
