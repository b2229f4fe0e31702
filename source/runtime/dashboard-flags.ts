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

let fullCollection: (() => void) | undefined;

/**
 * A full collection, now. Called when a poll's answer held as bytes (4.7 MB for 1,000 applications) was
 * equal to the last and let go. Those bytes, and the socket reads they were copied from, live outside
 * the heap, and nothing else is allocated until the next poll, so no collection came to free them: at
 * that poll they were still there (RSS 73 instead of 65-67 MB between polls) and the new answer came on
 * top of them, which took some sessions' peaks to 81-82 MB. CPU per idle poll: 65-78 ms with it, 48-78 ms
 * without (BENCHMARKS.md).
 *
 * Through V8's own %CollectGarbage, compiled once with its syntax allowed for that moment only: `gc()`
 * (--expose-gc) is given only to contexts made after the flag, and a new context costs 1.8 MB for good.
 */
export function collectGarbageNow(): void {
	if (!isTuned('collect-after-unchanged-poll')) {
		return;
	}

	if (fullCollection === undefined) {
		setFlagsFromString('--allow-natives-syntax');
		try {
			fullCollection = new Function('%CollectGarbage(0)') as () => void;
		} catch {
			// A V8 without it: nothing is collected early, as before.
			fullCollection = () => undefined;
		} finally {
			setFlagsFromString('--no-allow-natives-syntax');
		}
	}

	fullCollection();
}
