import {vi} from 'vitest';
import {sleepOn, systemScheduler, type Scheduler, type Timer} from '../../source/services/scheduler.js';

type Entry = {at: number; every?: number; callback: () => void};
type ManualTimer = Timer & {readonly id: number};

async function letPromisesRun(): Promise<void> {
	for (let round = 0; round < 5; round++) {
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setImmediate(resolve);
		});
	}
}

/**
 * A clock that moves only when the test says so: timers fire in order as `advance` passes them, so a
 * test checks "nothing happens for ten poll intervals" without waiting ten intervals.
 */
export class ManualScheduler implements Scheduler {
	private time: number;
	private nextId = 1;
	private readonly timers = new Map<number, Entry>();

	constructor(start = Date.parse('2026-12-02T10:00:00.000Z')) {
		this.time = start;
	}

	now = (): number => this.time;

	setTimeout = (callback: () => void, ms: number): Timer => this.add({at: this.time + Math.max(0, ms), callback});

	setInterval = (callback: () => void, ms: number): Timer => this.add({at: this.time + Math.max(1, ms), every: Math.max(1, ms), callback});

	clearTimeout = (timer: Timer | undefined): void => {
		if (timer) {
			this.timers.delete((timer as ManualTimer).id);
		}
	};

	clearInterval = this.clearTimeout;

	sleep = async (ms: number, signal?: AbortSignal): Promise<void> => sleepOn(this, ms, signal);

	/** Timers waiting to fire. */
	get pendingTimers(): number {
		return this.timers.size;
	}

	/** Moves the clock `ms` forward, firing every timer it passes in order, with promise callbacks run in between. */
	async advance(ms: number): Promise<void> {
		const end = this.time + ms;
		for (;;) {
			const due = [...this.timers].filter(([, entry]) => entry.at <= end).sort(([, a], [, b]) => a.at - b.at)[0];
			if (!due) {
				break;
			}

			const [id, entry] = due;
			this.time = Math.max(this.time, entry.at);
			if (entry.every === undefined) {
				this.timers.delete(id);
			} else {
				entry.at += entry.every;
			}

			entry.callback();
			// eslint-disable-next-line no-await-in-loop
			await letPromisesRun();
		}

		this.time = end;
		await letPromisesRun();
	}

	/** Advances `stepMs` at a time (real work such as HTTP finishing in between) until `check` passes. */
	async advanceUntil(check: () => void | Promise<void>, options: {stepMs: number; timeout?: number}): Promise<void> {
		await vi.waitFor(
			async () => {
				await this.advance(options.stepMs);
				await check();
			},
			{timeout: options.timeout ?? 15_000, interval: 10},
		);
	}

	private add(entry: Entry): ManualTimer {
		const id = this.nextId++;
		this.timers.set(id, entry);
		return {id};
	}
}

/** Real time, with every `setTimeout` delay written down (to check a back-off without waiting it out). */
export function recordingScheduler(): Scheduler & {readonly delays: number[]} {
	const delays: number[] = [];
	return {
		...systemScheduler,
		delays,
		setTimeout(callback, ms) {
			delays.push(ms);
			return systemScheduler.setTimeout(callback, ms);
		},
	};
}

/** The simulator's clock as the services' time: `now` reads it and `sleep` moves it; timers stay real. */
export function simulatedTime(clock: {now(): number; advance(ms: number): void}): Scheduler {
	return {
		...systemScheduler,
		now: () => clock.now(),
		async sleep(ms) {
			clock.advance(ms);
		},
	};
}

/** A fixed `now`, Node's timers. */
export function frozenAt(now: number): Scheduler {
	return {...systemScheduler, now: () => now};
}
