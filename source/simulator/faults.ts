/** What a fault filter sees of a request; `route` is the spec template (`/applications/{uuid}`). */
export type FaultRequest = {method: string; route: string; path: string};

/**
 * Which requests a fault hits. A string is `'METHOD /template'` (`'GET /applications'`) or just a template
 * (any method); a RegExp is tested against `'METHOD /template'`.
 */
export type FaultFilter = string | RegExp | ((request: FaultRequest) => boolean);

/** `html`: a 502 HTML page from the proxy; `html-200`: a 200 HTML page; `truncated`: JSON cut in half. */
export type MalformedMode = 'html' | 'html-200' | 'truncated';

export type FailNextOptions = {
	/** Defaults to `faults.only`. */
	only?: FaultFilter;
	/** Let the server do the work first, then lose the answer (a mutation happened but the client sees an error). */
	afterHandling?: boolean;
	/** Send no answer at all (the status is ignored): the client times out. With `afterHandling`, the work is done. */
	noAnswer?: boolean;
	/** Answer this JSON body with the status instead of an error page: a misbehaving proxy's `200 []`. */
	json?: unknown;
};

/**
 * Faults between client and API, settable at any time. Unless `only` says otherwise they hit every
 * `/api/v1` request except health, so a client's health probe still succeeds while API calls fail.
 */
export type SimulatorFaults = {
	/** Real milliseconds added before each answer. */
	latencyMs: number;
	/** 0..1: this fraction of requests answers `errorStatus`. Deterministic: 0.5 fails every second request. */
	errorRate: number;
	errorStatus: number;
	/** While true, matching requests get no answer (until cleared, `goDown()` or `close()`). */
	hang: boolean;
	malformed: MalformedMode | null;
	only: FaultFilter | null;
	/** The next `count` matching requests answer `status` (default 503). Calls queue up. */
	failNext(count?: number, status?: number, options?: FailNextOptions): void;
	/** Clears every fault. */
	reset(): void;
};

type QueuedFailure = {remaining: number; status: number; only?: FaultFilter; afterHandling: boolean; noAnswer: boolean; json?: unknown};

export class FaultInjector implements SimulatorFaults {
	latencyMs = 0;
	errorRate = 0;
	errorStatus = 503;
	malformed: MalformedMode | null = null;
	only: FaultFilter | null = null;
	#hang = false;
	#waiters = new Set<() => void>();
	#failures: QueuedFailure[] = [];
	#errorCredit = 0;

	get hang(): boolean {
		return this.#hang;
	}

	set hang(value: boolean) {
		this.#hang = value;
		if (!value) {
			for (const release of this.#waiters) {
				release();
			}

			this.#waiters.clear();
		}
	}

	failNext(count = 1, status = 503, options: FailNextOptions = {}) {
		this.#failures.push({remaining: count, status, only: options.only, afterHandling: options.afterHandling ?? false, noAnswer: options.noAnswer ?? false, json: options.json});
	}

	reset() {
		this.latencyMs = 0;
		this.errorRate = 0;
		this.errorStatus = 503;
		this.malformed = null;
		this.only = null;
		this.hang = false;
		this.#failures = [];
		this.#errorCredit = 0;
	}

	/** Whether faults hit this request: health and non-API paths only when a filter names them. */
	matches(request: FaultRequest, isApi: boolean, filter: FaultFilter | null | undefined = this.only): boolean {
		if (!filter) {
			return isApi;
		}

		if (typeof filter === 'function') {
			return filter(request);
		}

		const label = `${request.method} ${request.route}`;
		if (filter instanceof RegExp) {
			return filter.test(label);
		}

		return filter.includes(' ') ? filter === label : filter === request.route;
	}

	/** Resolves when `hang` is cleared; `closed` resolves early when the client or server dropped the socket. */
	async waitWhileHung(closed: Promise<void>): Promise<void> {
		if (!this.#hang) {
			return;
		}

		let release = () => {};
		const cleared = new Promise<void>(resolve => {
			release = resolve;
			this.#waiters.add(resolve);
		});
		await Promise.race([cleared, closed]);
		this.#waiters.delete(release);
	}

	takeFailure(request: FaultRequest, isApi: boolean): QueuedFailure | undefined {
		const failure = this.#failures.find(candidate => candidate.remaining > 0 && this.matches(request, isApi, candidate.only ?? this.only));
		if (failure) {
			failure.remaining--;
			this.#failures = this.#failures.filter(candidate => candidate.remaining > 0);
		}

		return failure;
	}

	/** Accumulates `errorRate` per request and fails each time the credit reaches one. */
	takeRandomError(): boolean {
		if (this.errorRate <= 0) {
			return false;
		}

		this.#errorCredit += Math.min(1, this.errorRate);
		if (this.#errorCredit >= 1 - 1e-9) {
			this.#errorCredit -= 1;
			return true;
		}

		return false;
	}
}
