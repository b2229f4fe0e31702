import type {AnswerThinner} from './answer-thinner.js';

/** `drop`: these keys' values become `null`; `keep`: only these members are kept, the others removed whole. */
export type ListFields = {drop?: readonly string[]; keep?: readonly string[]};

/** What changes the state of a nested value being skipped, outside its strings: quotes, brackets and braces. */
const nestingStops = /["{}[\]]/g;

const backslash = 92;

/**
 * The index of the quote that closes a JSON string whose text goes on at `from` (no escape pending there), or
 * -1 when the chunk ends first. Found by jumps from quote to quote: a quote after an odd run of backslashes is
 * escaped. (Stopping at every backslash made a list of URLs, `http:\/\/…`, slow to read.)
 */
function stringEnd(chunk: string, from: number): number {
	let quote = chunk.indexOf('"', from);
	while (quote !== -1) {
		let slashes = 0;
		for (let at = quote - 1; at >= from && chunk.charCodeAt(at) === backslash; at--) {
			slashes++;
		}

		if (slashes % 2 === 0) {
			return quote;
		}

		quote = chunk.indexOf('"', quote + 1);
	}

	return -1;
}

/** Whether the chunk ends in an unfinished escape (an odd run of backslashes after `from`). */
function endsInEscape(chunk: string, from: number): boolean {
	let slashes = 0;
	for (let at = chunk.length - 1; at >= from && chunk.charCodeAt(at) === backslash; at--) {
		slashes++;
	}

	return slashes % 2 === 1;
}

/**
 * Streams JSON through, thinning each list item (depth 2: an item of the top-level array or object): the value
 * of each `drop` key is replaced with `null`, and with `keep`, every member whose key is not kept is removed
 * whole. What is skipped is never held: only the current chunk, and a member's key until it is known.
 */
export class FieldDropper implements AnswerThinner {
	private readonly drop: ReadonlySet<string>;
	private readonly keep: ReadonlySet<string> | undefined;
	private depth = 0;
	private inString = false;
	private escaped = false;
	/** The text of the string being read, when it may be a key at depth 2. */
	private key: string | undefined;
	private lastKey: string | undefined;
	/** Set after `"logs":` until its value has been skipped. */
	private skipping: 'await' | 'string' | 'nested' | 'scalar' | undefined;
	/** Whether the value being skipped goes without a trace (keep mode) rather than as `null`. */
	private removing = false;
	private skipDepth = 0;
	private skipEscaped = false;
	/** Whether the container at depth 2 is an object (its strings at depth 2 are keys, then values). */
	private objectAtItemDepth = false;
	/** Characters fed so far that were in a `drop` value: the answer cap does not count them. */
	droppedLength = 0;
	/** Keep mode: the text of a member not yet known to be kept (its comma, its key). */
	private held: string | undefined;
	/** Keep mode: whether the current item has a member written yet (the next one needs its comma). */
	private memberWritten = false;
	/** Whether the next string at depth 2 of an object is a key (after `{` or `,`), not a value. */
	private awaitingKey = false;

	constructor(fields: ListFields) {
		this.drop = new Set(fields.drop ?? []);
		this.keep = fields.keep ? new Set(fields.keep) : undefined;
	}

	/** Nothing is held back between chunks but a member's key, which is settled by the answer's end. */
	finish(): string {
		return '';
	}

	feed(chunk: string): string {
		let out = '';
		let from = 0;
		let index = 0;
		while (index < chunk.length) {
			if (this.skipping) {
				const end = this.skip(chunk, index);
				if (!this.removing) {
					this.droppedLength += (end === -1 ? chunk.length : end) - index;
				}

				if (end === -1) {
					return this.removing ? out : out + chunk.slice(from, index);
				}

				// The value is skipped: `null` stands for it, or nothing when its member goes.
				out += this.removing ? '' : chunk.slice(from, index) + 'null';
				this.removing = false;
				from = end;
				index = end;
				continue;
			}

			const char = chunk[index]!;
			if (this.inString) {
				index = this.readString(chunk, index);
				continue;
			}

			const atMember = this.keep !== undefined && this.depth === 2 && this.objectAtItemDepth;
			if (char === '"') {
				if (atMember && this.held === undefined && this.awaitingKey) {
					// A member's key begins right after `{`: held until the key is known.
					out += chunk.slice(from, index);
					from = index;
					this.held = '';
				}

				this.inString = true;
				this.key = this.depth === 2 ? '' : undefined;
			} else if (char === '{' || char === '[') {
				this.depth++;
				this.lastKey = undefined;
				if (this.depth === 2) {
					this.objectAtItemDepth = char === '{';
					this.memberWritten = false;
					this.awaitingKey = this.objectAtItemDepth;
				}
			} else if (char === '}' || char === ']') {
				if (this.held !== undefined) {
					// Not JSON (`,}`): passed on as it came, for the parser to refuse.
					out += this.held + chunk.slice(from, index);
					from = index;
					this.held = undefined;
				}

				this.depth--;
				this.lastKey = undefined;
			} else if (char === ':' && this.depth === 2 && this.lastKey !== undefined) {
				const key = this.lastKey;
				this.lastKey = undefined;
				this.awaitingKey = false;
				index++;
				if (atMember && this.held !== undefined) {
					const member = this.held + chunk.slice(from, index);
					this.held = undefined;
					from = index;
					if (this.keep!.has(key)) {
						out += this.memberWritten ? member : member.replace(/^\s*,/, '');
						this.memberWritten = true;
						if (this.drop.has(key)) {
							this.skipping = 'await';
						}
					} else {
						this.skipping = 'await';
						this.removing = true;
					}

					continue;
				}

				if (this.drop.has(key)) {
					out += chunk.slice(from, index);
					from = index;
					this.skipping = 'await';
				}

				continue;
			} else if (char === ',') {
				this.lastKey = undefined;
				this.awaitingKey = this.depth === 2 && this.objectAtItemDepth;
				if (atMember) {
					out += chunk.slice(from, index);
					from = index;
					this.held = '';
				}
			}

			index++;
		}

		if (this.held !== undefined) {
			this.held += chunk.slice(from);
			return out;
		}

		return out + chunk.slice(from);
	}

	/** Reads on in a string (a key is kept as it goes) to its closing quote or the chunk's end; the index after. */
	private readString(chunk: string, index: number): number {
		// After a backslash that ended the last chunk, this chunk's first character is escaped.
		const from = this.escaped ? index + 1 : index;
		this.escaped = false;
		const end = stringEnd(chunk, from);
		if (end === -1) {
			if (this.key !== undefined) {
				this.key += chunk.slice(index);
			}

			this.escaped = endsInEscape(chunk, from);
			return chunk.length;
		}

		this.inString = false;
		if (this.key !== undefined) {
			this.lastKey = this.key + chunk.slice(index, end);
			this.key = undefined;
		}

		return end + 1;
	}

	/** Skips the value from `index`; the index after it, or -1 when the chunk ended first. */
	private skip(chunk: string, index: number): number {
		let at = index;
		while (at < chunk.length) {
			const char = chunk[at]!;
			switch (this.skipping) {
				case 'await': {
					if (char === '"') {
						this.skipping = 'string';
					} else if (char === '{' || char === '[') {
						this.skipping = 'nested';
						this.skipDepth = 1;
					} else if (!/\s/.test(char)) {
						this.skipping = 'scalar';
						continue;
					}

					at++;
					break;
				}

				case 'string': {
					const end = stringEnd(chunk, this.skipEscaped ? at + 1 : at);
					if (end === -1) {
						this.skipEscaped = endsInEscape(chunk, this.skipEscaped ? at + 1 : at);
						return -1;
					}

					this.skipEscaped = false;
					this.skipping = undefined;
					return end + 1;
				}

				case 'nested': {
					if (this.inString) {
						const from = this.skipEscaped ? at + 1 : at;
						const end = stringEnd(chunk, from);
						if (end === -1) {
							this.skipEscaped = endsInEscape(chunk, from);
							return -1;
						}

						this.skipEscaped = false;
						this.inString = false;
						at = end + 1;
						break;
					}

					// Jump to the next quote or bracket (walking every character was most of a first poll's time).
					nestingStops.lastIndex = at;
					if (!nestingStops.test(chunk)) {
						return -1;
					}

					at = nestingStops.lastIndex - 1;
					const stop = chunk[at];
					if (stop === '"') {
						this.inString = true;
					} else if (stop === '{' || stop === '[') {
						this.skipDepth++;
					} else {
						this.skipDepth--;
						if (this.skipDepth === 0) {
							this.skipping = undefined;
							return at + 1;
						}
					}

					at++;
					break;
				}

				default: {
					// A number, true, false or null ends at the next `,`, `}` or `]`.
					if (char === ',' || char === '}' || char === ']') {
						this.skipping = undefined;
						return at;
					}

					at++;
				}
			}
		}

		return -1;
	}
}
