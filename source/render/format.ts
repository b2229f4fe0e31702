/**
 * Times, ages and durations for the dashboard and the plain commands alike: 24-hour clock, whatever the
 * locale. Pure, so frames stay stable between polls.
 */

/** Hours and minutes ("14:05"). */
export function formatMinute(ms: number): string {
	return formatClock(ms).slice(0, 5);
}

/** Hours, minutes and seconds, 24-hour ("14:05:09"). */
export function formatClock(ms: number): string {
	const date = new Date(ms);
	return [date.getHours(), date.getMinutes(), date.getSeconds()].map(part => String(part).padStart(2, '0')).join(':');
}

/** Coarse age ("<1m", "5m", "3h", "2d"): it changes at most once a minute. */
export function formatAge(fromIso: string, now: number): string {
	const minutes = Math.floor((now - Date.parse(fromIso)) / 60_000);
	if (!Number.isFinite(minutes) || minutes < 1) {
		return '<1m';
	}

	if (minutes < 60) {
		return `${minutes}m`;
	}

	const hours = Math.floor(minutes / 60);
	return hours < 48 ? `${hours}h` : `${Math.floor(hours / 24)}d`;
}

export function formatDuration(ms: number): string {
	const minutes = Math.max(0, Math.ceil(ms / 60_000));
	return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** A stopwatch ("2:05"): minutes and seconds since a start. */
export function formatElapsed(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Cuts text to a width, marking the cut with an ellipsis. */
export function fit(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	return text.length <= width ? text.padEnd(width) : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * A deployment name fitted to `width`, keeping its end: names are `<pipeline>-test-<key>`, and the key is
 * the part that tells one deployment from the next, so the middle goes first ("broken-…k3f9q2").
 */
export function fitName(text: string, width: number): string {
	if (text.length <= width || width < 8) {
		return fit(text, width);
	}

	const key = text.slice(text.lastIndexOf('-') + 1);
	const tailLength = Math.min(key.length > 0 ? key.length : 6, width - 4);
	return `${text.slice(0, width - 1 - tailLength)}…${text.slice(text.length - tailLength)}`;
}

/**
 * 100000 as "100,000". Not toLocaleString: the first call loads ICU's number formatting, several MB of
 * memory for the life of the dashboard (its session peak is held to 80 MB, BENCHMARKS.md).
 */
export function groupDigits(count: number): string {
	return String(Math.trunc(count)).replace(/\B(?=(\d{3})+$)/g, ',');
}
