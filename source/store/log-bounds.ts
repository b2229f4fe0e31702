import type {CachedLogs} from '../domain/records.js';

/**
 * How much of a log the data file keeps: the last lines, within both limits. Every update rewrites
 * the whole file, so the cache stays small; the log pane shows what Coolify sends live.
 */
export const logBounds = {maxLines: 500, maxBytes: 64 * 1024} as const;

/** Text cut to `logBounds`, and whether anything was cut. */
export type BoundedLogText = {text: string; truncated: boolean};

/**
 * Keeps the LAST `maxLines` lines and at most `maxBytes` UTF-8 bytes of a log. A byte cut starts
 * at the next whole line when the kept part has one, and never splits a character.
 */
export function boundLogText(text: string, bounds: {maxLines: number; maxBytes: number} = logBounds): BoundedLogText {
	const byLines = keepLastLines(text, bounds.maxLines);
	const byBytes = keepLastBytes(byLines, bounds.maxBytes);
	return {text: byBytes, truncated: byBytes.length !== text.length};
}

/** The same logs with the text bounded; `truncated` stays true once set. */
export function boundCachedLogs(logs: CachedLogs): CachedLogs {
	const bounded = boundLogText(logs.text);
	if (!bounded.truncated) {
		return logs;
	}

	return {...logs, text: bounded.text, truncated: true};
}

function keepLastLines(text: string, maxLines: number): string {
	if (maxLines <= 0) {
		return '';
	}

	// A final newline ends the last line; it does not start another one.
	let searchFrom = text.endsWith('\n') ? text.length - 1 : text.length;
	let lines = 0;
	while (searchFrom > 0) {
		const newline = text.lastIndexOf('\n', searchFrom - 1);
		if (newline === -1) {
			break;
		}

		lines += 1;
		if (lines === maxLines) {
			return text.slice(newline + 1);
		}

		searchFrom = newline;
	}

	return text;
}

function keepLastBytes(text: string, maxBytes: number): string {
	const bytes = Buffer.from(text, 'utf8');
	if (bytes.length <= maxBytes) {
		return text;
	}

	let tail = bytes.subarray(bytes.length - maxBytes);
	const newline = tail.indexOf(0x0a);
	if (newline !== -1 && newline < tail.length - 1) {
		tail = tail.subarray(newline + 1);
	} else {
		// No whole line fits: skip UTF-8 continuation bytes so no character is split.
		let start = 0;
		while (start < tail.length && (tail[start] & 0xc0) === 0x80) {
			start += 1;
		}

		tail = tail.subarray(start);
	}

	return tail.toString('utf8');
}
