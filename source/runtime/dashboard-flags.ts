import {setFlagsFromString} from 'node:v8';
import {isTuned} from './tuning.js';

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
}
