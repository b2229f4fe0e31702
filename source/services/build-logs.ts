import type {BuildLogEntry} from '../coolify/types.js';

export type ParsedBuildLog = {
	lines: string[];
	/** False when `logs` was not the JSON-encoded array Coolify sends; `lines` then hold the raw text. */
	parsed: boolean;
	hiddenCount: number;
};

/**
 * Turns a deployment's `logs` field (a JSON-encoded string holding an array of entries) into display
 * lines: ordered by `order` (missing on the first entry, so taken as 0), `hidden` entries left out
 * unless asked for, each line prefixed with its time. Anything that does not parse is shown raw, as
 * coolify-cli does.
 */
export function parseBuildLogs(raw: string | null | undefined, options: {includeHidden?: boolean} = {}): ParsedBuildLog {
	if (raw === null || raw === undefined || raw.trim() === '') {
		return {lines: [], parsed: true, hiddenCount: 0};
	}

	let entries: unknown;
	try {
		entries = JSON.parse(raw);
	} catch {
		return {lines: raw.split('\n'), parsed: false, hiddenCount: 0};
	}

	if (!Array.isArray(entries)) {
		return {lines: raw.split('\n'), parsed: false, hiddenCount: 0};
	}

	const lines: string[] = [];
	let hiddenCount = 0;
	for (const entry of inOrder(entries as Array<Partial<BuildLogEntry>>)) {
		if (entry.hidden && !options.includeHidden) {
			hiddenCount++;
			continue;
		}

		const time = formatTime(entry.timestamp);
		const marker = entry.type === 'stderr' ? '! ' : '';
		if (entry.hidden && entry.command) {
			lines.push(`${time}${marker}$ ${entry.command}`);
		}

		for (const line of String(entry.output ?? '').split('\n')) {
			lines.push(`${time}${marker}${line}`);
		}
	}

	return {lines, parsed: true, hiddenCount};
}

/**
 * The entries by `order`, ties in the order they came. Coolify sends them in order, and sorting 100,000 entries
 * that already are took ~100 ms: they are only checked then.
 */
function inOrder(entries: Array<Partial<BuildLogEntry>>): Array<Partial<BuildLogEntry>> {
	for (let index = 1; index < entries.length; index++) {
		if ((entries[index]?.order ?? 0) < (entries[index - 1]?.order ?? 0)) {
			return entries
				.map((entry, at) => ({entry, at}))
				.sort((a, b) => (a.entry.order ?? 0) - (b.entry.order ?? 0) || a.at - b.at)
				.map(({entry}) => entry);
		}
	}

	return entries;
}

function formatTime(timestamp: unknown): string {
	if (typeof timestamp !== 'string') {
		return '';
	}

	const date = new Date(timestamp);
	return Number.isNaN(date.getTime()) ? '' : `${date.toISOString().slice(11, 19)} `;
}
