export type RateDecision = {allowed: boolean; limit: number; remaining: number; retryAfter: number; resetAt: number};

/**
 * Laravel's throttle: a window opens on a key's first hit and lasts one real minute; refused requests do not
 * count. Uses `Date.now()`, so it follows fake timers when a test installs them.
 */
export function createRateLimiter(limitPerMinute: number) {
	let limit = limitPerMinute;
	const windows = new Map<string, {startedAt: number; count: number}>();
	return {
		hit(key: string): RateDecision {
			const now = Date.now();
			let window = windows.get(key);
			if (!window || now - window.startedAt >= 60_000) {
				window = {startedAt: now, count: 0};
				windows.set(key, window);
			}

			const allowed = window.count < limit;
			if (allowed) {
				window.count++;
			}

			const resetAt = window.startedAt + 60_000;
			return {allowed, limit, remaining: Math.max(0, limit - window.count), retryAfter: Math.max(1, Math.ceil((resetAt - now) / 1000)), resetAt};
		},
		setLimit(perMinute: number) {
			limit = perMinute;
			windows.clear();
		},
	};
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
