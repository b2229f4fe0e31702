/** Time-to-live arithmetic for test deployments: parsing `90m`/`2h`/`1d`, expiries and time left. */

const unitMs = {m: 60_000, h: 3_600_000, d: 86_400_000} as const;

/** The longest TTL accepted: 30 days. */
export const maxTtlMs = 30 * unitMs.d;

export type TtlParse = {ok: true; ms: number} | {ok: false; reason: string};

/** Parses `90m`, `2h`, `1d` or `1.5h`; a bare number is hours (as `cleanup.maxAgeHours` is). */
export function parseTtl(text: string): TtlParse {
	const match = /^\s*(\d+(?:\.\d+)?)\s*([mhd]?)\s*$/i.exec(text);
	if (!match) {
		return {ok: false, reason: `"${text}" is not a duration; use minutes, hours or days such as 90m, 2h or 1d`};
	}

	const unit = (match[2]!.toLowerCase() || 'h') as keyof typeof unitMs;
	const ms = Math.round(Number(match[1]) * unitMs[unit]);
	if (ms < unitMs.m) {
		return {ok: false, reason: `"${text}" is shorter than a minute; use at least 1m`};
	}

	if (ms > maxTtlMs) {
		return {ok: false, reason: `"${text}" is longer than 30 days; use at most 30d`};
	}

	return {ok: true, ms};
}

/** The expiry of something that lives `ttlMs` from `from` (ISO strings in, ISO string out). */
export function expiryFrom(from: string | number, ttlMs: number): string {
	const start = typeof from === 'number' ? from : Date.parse(from);
	return new Date(start + ttlMs).toISOString();
}

/**
 * The expiry `ttlMs` from `now`, in whole seconds: the marker keeps no more, and record and marker must say
 * the same.
 */
export function expiryFromNow(now: number, ttlMs: number): string {
	return expiryFrom(Math.floor(now / 1000) * 1000, ttlMs);
}

/** Milliseconds left before `expiresAt` (negative once expired); null when there is no expiry. */
export function timeLeftMs(expiresAt: string | null | undefined, now: number): number | null {
	if (!expiresAt) {
		return null;
	}

	const at = Date.parse(expiresAt);
	return Number.isNaN(at) ? null : at - now;
}

export function isExpired(expiresAt: string | null | undefined, now: number): boolean {
	const left = timeLeftMs(expiresAt, now);
	return left !== null && left <= 0;
}

/** Hours as the config gives them (`ttlHours`, `cleanup.maxAgeHours`) in milliseconds. */
export function hoursToMs(hours: number): number {
	return Math.round(hours * unitMs.h);
}
