/** Simulated time in epoch milliseconds. State is derived from it whenever a request arrives. */
export type SimulatorClock = {
	now(): number;
	/** Moves simulated time forward (works with both clock modes). */
	advance(ms: number): void;
};

/**
 * `manual` time only moves with `advance()`; `real` time runs at `speed` simulated ms per real ms.
 * Both start at the real wall-clock time so build-log timestamps look current.
 */
export function createClock(mode: 'real' | 'manual', speed = 1): SimulatorClock {
	const start = Date.now();
	let offset = 0;
	return {
		now() {
			const elapsed = mode === 'manual' ? 0 : (Date.now() - start) * speed;
			return Math.floor(start + elapsed + offset);
		},
		advance(ms: number) {
			if (!Number.isFinite(ms) || ms < 0) {
				throw new RangeError(`clock.advance() needs a finite, non-negative number of ms, got ${ms}`);
			}
			offset += ms;
		},
	};
}
