/** Small text formatters for the dashboard; pure, so frames stay stable between polls. */

/** Hours and minutes ("14:05"). */
export function formatMinute(ms: number): string {
	return formatClock(ms).slice(0, 5);
}

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

/** Cuts text to a width, marking the cut with an ellipsis. */
export function fit(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	return text.length <= width ? text.padEnd(width) : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * Text cut into rows of at most `width` characters, at spaces: a row breaks at its last space (which is
 * dropped), and only a word longer than a row is split inside. Indentation is kept on the first row.
 */
export function wrapAtSpaces(text: string, width: number): string[] {
	if (width <= 0 || text.length <= width) {
		return [text];
	}

	const rows: string[] = [];
	let start = 0;
	while (text.length - start > width) {
		const space = text.lastIndexOf(' ', start + width);
		const row = space > start ? text.slice(start, space).trimEnd() : '';
		if (row.trim() === '') {
			rows.push(text.slice(start, start + width));
			start += width;
		} else {
			rows.push(row);
			start = space + 1;
		}
	}

	rows.push(text.slice(start));
	return rows;
}
