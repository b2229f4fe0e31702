/**
 * The one clock and timer source of the services and the dashboard: the poller, the cleanup loop, the
 * log feed and `--wait` take time from here, so tests drive it (test/helpers/manual-scheduler.ts)
 * instead of sleeping.
 */

/** A pending timer; `unref` (real timers only) lets the process exit while it waits. */
export type Timer = {unref?: () => unknown};

export type Scheduler = {
	now(): number;
	setTimeout(callback: () => void, ms: number): Timer;
	clearTimeout(timer: Timer | undefined): void;
	setInterval(callback: () => void, ms: number): Timer;
	clearInterval(timer: Timer | undefined): void;
	/** Waits `ms`, or less when `signal` aborts; never rejects. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

/** Wall-clock time and Node's timers. */
export const systemScheduler: Scheduler = {
	now: () => Date.now(),
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout(timer) {
		clearTimeout(timer as NodeJS.Timeout | undefined);
	},
	setInterval: (callback, ms) => setInterval(callback, ms),
	clearInterval(timer) {
		clearInterval(timer as NodeJS.Timeout | undefined);
	},
	sleep: async (ms, signal) => sleepOn(systemScheduler, ms, signal),
};

/** `sleep` built on a scheduler's own timers, for schedulers that have no better one. */
export async function sleepOn(scheduler: Pick<Scheduler, 'setTimeout' | 'clearTimeout'>, ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) {
		return;
	}

	await new Promise<void>(resolve => {
		const timer = scheduler.setTimeout(done, ms);
		function done() {
			scheduler.clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		}

		signal?.addEventListener('abort', done, {once: true});
	});
}
