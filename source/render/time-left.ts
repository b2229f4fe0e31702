import {timeLeftMs} from '../domain/ttl.js';

/** Time left before a deployment expires, for tables: `2d3h`, `1h12m`, `45m`, `expired`, or `-` without expiry. */
export function formatTimeLeft(expiresAt: string | null | undefined, now: number): string {
	const left = timeLeftMs(expiresAt, now);
	if (left === null) {
		return '-';
	}

	if (left <= 0) {
		return 'expired';
	}

	const minutes = Math.ceil(left / 60_000);
	const days = Math.floor(minutes / 1440);
	const hours = Math.floor((minutes % 1440) / 60);
	const rest = minutes % 60;
	if (days > 0) {
		return `${days}d${hours > 0 ? `${hours}h` : ''}`;
	}

	return hours > 0 ? `${hours}h${rest > 0 ? `${rest}m` : ''}` : `${rest}m`;
}
