import type {AnswerThinner} from './answer-thinner.js';

/** Which entries of a build log to keep: Coolify's visible ones (its UI's default), or none (status only). */
export type BuildLogEntries = 'visible' | 'none';

// `"logs":"` opens the member; its string holds a JSON array of entries, encoded again (`{\"command\":…}`).
const logsMember = '"logs":"';
// Two entries meet at `},{"` followed by a key's first character; encoded again, at `},{\"`. Inside a string
// a quote is escaped (`\\\"` once encoded again), so `{` right before `\"` is outside any string there, and the
// `}` and `,` before it are too. The same text in a nested object, or in another member after `logs`, makes a
// piece that does not parse as a list of objects, and the thinning stops (below).
const entryBoundary = '},{\\"';
const keyStart = /[A-Za-z_]/;
/** The members before `logs` (Coolify's are ~750 bytes): past this without finding it, nothing is thinned. */
const maxHead = 64 * 1024;

/**
 * A deployment's answer (`GET /deployments/{uuid}`) with its build log's entries thinned as it arrives: a
 * 100,000-entry log is ~32 MB, of which Coolify shows a dozen visible entries. Each piece of whole entries is
 * decoded (two JSON parses: the string, then the entries) and what is kept is encoded again in its place, so
 * the answer's text keeps its shape and everything after it (the scrub, the terminal-safety pass, the check,
 * `parseBuildLogs`) reads it as before, only smaller. Anything unexpected (no `logs` string holding a list,
 * a piece that is not whole objects) stops the thinning: from there on the text goes through as it came, so
 * the answer means what it meant, only with fewer entries before that point.
 */
export class BuildLogThinner implements AnswerThinner {
	droppedLength = 0;
	#state: 'head' | 'entries' | 'through' = 'head';
	/** Text not yet thinned: the members before `logs`, then from the start of an entry on. */
	#pending = '';
	/** The last few characters of `#pending` (entries), where a place between entries may begin unseen. */
	#tail = '';
	#searchFrom = 0;
	#keptAny = false;
	readonly #keep: (entry: Record<string, unknown>) => boolean;

	constructor(entries: BuildLogEntries) {
		// As parseBuildLogs reads `hidden`: any truthy value hides.
		this.#keep = entries === 'none' ? () => false : entry => !entry.hidden;
	}

	feed(text: string): string {
		if (this.#state === 'through') {
			return text;
		}

		if (this.#state === 'entries') {
			return this.#thinEntries(text);
		}

		this.#pending += text;
		return this.#findLogs();
	}

	finish(): string {
		return this.#passThrough();
	}

	#findLogs(): string {
		for (;;) {
			const at = this.#pending.indexOf(logsMember, this.#searchFrom);
			if (at === -1) {
				this.#searchFrom = Math.max(0, this.#pending.length - logsMember.length);
				return this.#pending.length > maxHead ? this.#passThrough() : '';
			}

			const valueAt = at + logsMember.length;
			if (valueAt >= this.#pending.length) {
				this.#searchFrom = at;
				return '';
			}

			if (isObjectHead(this.#pending.slice(0, valueAt - 1))) {
				if (this.#pending[valueAt] !== '[') {
					return this.#passThrough();
				}

				const head = this.#pending.slice(0, valueAt + 1);
				const entries = this.#pending.slice(valueAt + 1);
				this.#pending = '';
				this.#state = 'entries';
				return head + this.#thinEntries(entries);
			}

			this.#searchFrom = at + 1;
		}
	}

	/**
	 * Thins the whole entries received so far; the last, perhaps partial, waits for more text. What is held was
	 * searched when it came: a new place between two entries lies in the new text, or across the join with the
	 * held text's last characters (`#tail`), so a long entry arriving in many chunks is neither searched nor
	 * copied again at each one. Each piece is copied once, into the string JSON.parse reads (`"[…]"`).
	 */
	#thinEntries(text: string): string {
		const held = this.#pending;
		const window = this.#tail + text;
		const at = lastBoundary(window);
		if (at === -1) {
			this.#pending = held + text;
			this.#tail = window.slice(-entryBoundary.length);
			return '';
		}

		const end = held.length - this.#tail.length + at;
		const whole = held + text;
		const piece = whole.slice(0, end + 1);
		const kept = this.#keptOf(piece);
		if (kept === undefined) {
			this.#pending = whole;
			return this.#passThrough();
		}

		this.#pending = whole.slice(end + 2);
		this.#tail = this.#pending.slice(-entryBoundary.length);
		let out = '';
		if (kept.length > 0) {
			// `[{…}]` encoded again is `"[{\"…\"}]"`: without its quotes and brackets, the entries as they stood.
			out = `${this.#keptAny ? ',' : ''}${JSON.stringify(JSON.stringify(kept)).slice(2, -2)}`;
			this.#keptAny = true;
		}

		this.droppedLength += piece.length + 1 - out.length;
		return out;
	}

	/** The entries of `piece` to keep, or undefined when it is not a run of whole entries (objects). */
	#keptOf(piece: string): unknown[] | undefined {
		let entries: unknown;
		try {
			entries = JSON.parse(JSON.parse(`"[${piece}]"`) as string);
		} catch {
			return undefined;
		}

		const kept: unknown[] = [];
		for (const entry of entries as unknown[]) {
			if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
				return undefined;
			}

			if (this.#keep(entry as Record<string, unknown>)) {
				kept.push(entry);
			}
		}

		return kept;
	}

	/** From here on the text goes through as it is; what was held goes out first. */
	#passThrough(): string {
		const wasEntries = this.#state === 'entries';
		this.#state = 'through';
		const rest = this.#pending;
		this.#pending = '';
		if (wasEntries && this.#keptAny && rest.startsWith('{')) {
			// The comma after the last piece thinned, counted as dropped then.
			this.droppedLength--;
			return `,${rest}`;
		}

		return rest;
	}
}

/** Where the last place between two entries in `text` starts (its `}`), or -1. */
function lastBoundary(text: string): number {
	let end = text.lastIndexOf(entryBoundary);
	while (end !== -1 && !keyStart.test(text.charAt(end + entryBoundary.length))) {
		end = end === 0 ? -1 : text.lastIndexOf(entryBoundary, end - 1);
	}

	return end;
}

/** Whether `text` is the start of a JSON object up to a member's colon (its value to come). */
function isObjectHead(text: string): boolean {
	try {
		const value: unknown = JSON.parse(`${text}null}`);
		return value !== null && typeof value === 'object' && !Array.isArray(value);
	} catch {
		return false;
	}
}
