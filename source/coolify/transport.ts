import type {$Fetch} from 'ofetch';
import pRetry, {AbortError} from 'p-retry';
import {terminalSafe, terminalSafeJson} from '../domain/terminal-text.js';
import {loadOfetch} from '../runtime/http-fetch.js';
import {
	BadRequestError,
	BadResponseError,
	ConflictError,
	AnswerTooLargeError,
	CoolifyError,
	ForbiddenError,
	NotFoundError,
	RateLimitError,
	RequestTimeoutError,
	ServerError,
	UnauthorizedError,
	UnreachableError,
	ValidationError,
	normaliseFieldErrors,
	type RequestDescription,
} from './errors.js';

/** Retry policy: ofetch sends, p-retry decides. Delays are ours so `Retry-After` can replace the backoff. */
export type RetryPolicy = {
	/** Retries after the first attempt. @default 3 */
	retries: number;
	/** First backoff delay; doubled each retry, with full jitter. @default 500 */
	minDelayMs: number;
	/** @default 8000 */
	maxDelayMs: number;
	/** A `Retry-After` up to this is waited out; a longer one ends the request at once with the server's wait. @default 60000 */
	maxRetryAfterMs: number;
};

export const defaultRetryPolicy: RetryPolicy = {retries: 3, minDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000};

export type TransportOptions = {
	/** Instance URL without `/api/v1`, possibly with a reverse-proxy path. */
	baseUrl: string;
	token: string;
	timeoutMs?: number;
	/**
	 * When (epoch ms) the whole command must be done: every attempt, backoff and `Retry-After` wait fits
	 * before it (`--timeout`, or `health`/`doctor`'s bound). Unset: each request is bounded on its own.
	 */
	deadline?: number;
	retry?: Partial<RetryPolicy>;
	/** Injected for tests. */
	sleep?: (ms: number) => Promise<void>;
	/** Called once per HTTP attempt (for request counting and debugging). */
	onAttempt?: (attempt: {method: string; path: string; attemptNumber: number}) => void;
	/** Cap on one answer's size. @default maxAnswerBytes */
	maxAnswerBytes?: number;
};

export type RequestOptions = {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	/** Path below `/api/v1`, or an absolute path from the instance root when `root` is set. */
	path: string;
	query?: Record<string, string | number | boolean | undefined>;
	body?: unknown;
	/** Plain-text endpoints (`/health`, `/version`). */
	text?: boolean;
	/** Path is relative to the instance root (for `/api/health`), and no token is sent. */
	root?: boolean;
	/**
	 * A non-idempotent request whose fate is unknown (timeout, reset, 5xx) must not be sent again blindly:
	 * `recover` is asked first; when it returns a value, that is the answer.
	 */
	recover?: () => Promise<unknown>;
	signal?: AbortSignal;
	/** Checks the parsed answer (see answers.ts); its error names the request. */
	parse?: (body: unknown, request: RequestDescription, status: number) => unknown;
	/**
	 * What of each list item is skipped as the answer streams in, never held whole: the build `logs` of every
	 * deployment in `GET /deployments`, and the ~80 columns of an application no one reads, so a poll grows
	 * with neither (the cap counts only what is kept).
	 */
	listFields?: ListFields;
	/**
	 * A GET polled again and again (the lists a tick asks for): when an answer's bytes equal the last
	 * answer of the same request, the last checked value is returned again (frozen, shared) instead of
	 * parsing, sanitising and validating 1,000 applications once more. Names the request; same name, same answer.
	 */
	reuseUnchanged?: string;
};

/**
 * The most one answer may hold: a 100,000-line build log is ~25 MB as Coolify encodes it (a JSON string
 * inside JSON). Past it the request fails at once instead of growing the process without bound.
 */
export const maxAnswerBytes = 64 * 1024 * 1024;

const retryableStatuses = new Set([408, 425, 429]);

// Loaded at the first request: the dashboard's first frame, drawn from the data file alone, needs no HTTP.
let ofetchInstance: Promise<$Fetch> | undefined;

export class Transport {
	readonly baseUrl: string;
	private readonly token: string;
	private readonly timeoutMs: number;
	private readonly deadline: number | undefined;
	private readonly policy: RetryPolicy;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly onAttempt: TransportOptions['onAttempt'];
	private readonly maxAnswerBytes: number;
	/** The last checked answer of each `reuseUnchanged` request, by a digest of its text (not the text: 2.4 MB). */
	private readonly lastAnswers = new Map<string, {digest: string; value: unknown}>();

	constructor(options: TransportOptions) {
		this.baseUrl = options.baseUrl.replace(/\/+$/, '');
		this.token = options.token;
		this.timeoutMs = options.timeoutMs ?? 30_000;
		this.deadline = options.deadline;
		this.policy = {...defaultRetryPolicy, ...options.retry};
		this.sleep = options.sleep ?? (async ms => new Promise(resolve => {
			setTimeout(resolve, ms);
		}));
		this.onAttempt = options.onAttempt;
		this.maxAnswerBytes = options.maxAnswerBytes ?? maxAnswerBytes;
	}

	/** Replaces every occurrence of the token (and its secret half) with `***`. */
	scrub(text: string): string {
		const secretHalf = this.token.split('|')[1];
		// One search first: most answers (2.4 MB for 1,000 applications) hold no token, and every search
		// or split of such a text costs a millisecond or more. The whole token contains its secret half.
		const probe = secretHalf && secretHalf.length >= 4 ? secretHalf : this.token;
		if (!text.includes(probe)) {
			return text;
		}

		let result = text;
		for (const secret of [this.token, secretHalf]) {
			if (secret && secret.length >= 4) {
				result = result.split(secret).join('***');
			}
		}

		return result;
	}

	async request<T>(options: RequestOptions): Promise<T> {
		// Error messages quote the path: a token pasted where an id belongs must not show up in them.
		const description: RequestDescription = {method: options.method, path: this.scrub(options.root ? options.path : `/api/v1${options.path}`)};
		let attemptNumber = 0;
		let fateUnknown = false;
		return pRetry(
			async () => {
				if (fateUnknown && options.recover) {
					const recovered = await options.recover();
					if (recovered !== undefined) {
						return recovered as T;
					}
				}

				if (this.msLeft() <= 0) {
					throw new AbortError(new RequestTimeoutError(Math.round(this.timeoutMs / 1000), description, {deadlineReached: true}));
				}

				attemptNumber++;
				this.onAttempt?.({method: options.method, path: description.path, attemptNumber});
				try {
					return await this.send<T>(options, description);
				} catch (error) {
					if (!(error instanceof CoolifyError) || !error.isTransient) {
						throw new AbortError(error as Error);
					}

					fateUnknown ||= options.method !== 'GET' && mayHaveBeenProcessed(error);
					throw error;
				}
			},
			{
				retries: this.policy.retries,
				minTimeout: 0,
				maxTimeout: 0,
				signal: options.signal,
				onFailedAttempt: async ({error, retriesLeft}) => {
					if (retriesLeft > 0) {
						// Throws (ending the request now) when the wait would not fit in the time left.
						await this.sleep(this.delayBefore(attemptNumber, error, description));
					}
				},
			},
		);
	}

	/**
	 * Exponential backoff with full jitter, replaced by the server's `Retry-After` when it sent one. A wait
	 * longer than the policy allows or than the time left is not slept through: the error is thrown now.
	 */
	private delayBefore(attemptNumber: number, error: Error, description: RequestDescription): number {
		const left = this.msLeft();
		if (error instanceof RateLimitError && error.retryAfterSeconds !== undefined) {
			const wait = error.retryAfterSeconds * 1000;
			if (wait > this.policy.maxRetryAfterMs || wait >= left) {
				throw new RateLimitError(error.retryAfterSeconds, description, {secondsLeft: Number.isFinite(left) ? Math.max(0, Math.floor(left / 1000)) : undefined});
			}

			return wait;
		}

		const ceiling = Math.min(this.policy.maxDelayMs, this.policy.minDelayMs * 2 ** (attemptNumber - 1));
		const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
		if (delay >= left) {
			throw error;
		}

		return delay;
	}

	/** Milliseconds before the deadline; Infinity without one. */
	private msLeft(): number {
		return this.deadline === undefined ? Number.POSITIVE_INFINITY : this.deadline - Date.now();
	}


	private async send<T>(options: RequestOptions, description: RequestDescription): Promise<T> {
		const ofetch = await (ofetchInstance ??= loadOfetch());
		const url = `${this.baseUrl}${options.root ? '' : '/api/v1'}${options.path}`;
		const attemptMs = Math.max(1, Math.min(this.timeoutMs, this.msLeft()));
		const timeout = AbortSignal.timeout(attemptMs);
		const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
		const headers: Record<string, string> = {Accept: 'application/json'};
		if (!options.root) {
			headers.Authorization = `Bearer ${this.token}`;
		}

		if (options.body !== undefined) {
			headers['Content-Type'] = 'application/json';
		}

		let response: Response & {_data?: ReadableStream<Uint8Array>};
		let answer: Answer;
		let reuseKey: string | undefined;
		let last: {digest: string; value: unknown} | undefined;
		try {
			response = await ofetch.raw<ReadableStream<Uint8Array>, 'stream'>(url, {
				method: options.method,
				query: dropUndefined(options.query),
				body: options.body === undefined ? undefined : JSON.stringify(options.body),
				headers,
				responseType: 'stream',
				retry: 0,
				ignoreResponseError: true,
				signal,
			});
			reuseKey = options.reuseUnchanged === undefined ? undefined : `${options.reuseUnchanged} ${response.status}`;
			last = reuseKey === undefined ? undefined : this.lastAnswers.get(reuseKey);
			answer = await readAnswer(response._data, this.maxAnswerBytes, response.status >= 200 && response.status < 300 ? options.listFields : undefined, {
				hashing: reuseKey !== undefined,
				mayReuse: last !== undefined,
			});
		} catch (error) {
			if (error instanceof AnswerTooLarge) {
				throw new AnswerTooLargeError(this.maxAnswerBytes, description, response!.status);
			}

			throw this.toTransportError(error, description, timeout, options.signal);
		}

		// Bytes equal to the last answer's (before the scrub: the same bytes scrub the same) need no more work.
		if (last && last.digest === answer.digest) {
			return last.value as T;
		}

		const {digest} = answer;
		const bodyText = this.scrub(answer.text());
		if (response.status >= 200 && response.status < 300) {
			if (options.text) {
				return terminalSafe(bodyText.trim()) as T;
			}

			// Every string of the answer is made terminal-safe here, once, before anything reads it.
			const parsed = terminalSafeJson(parseJson(bodyText, description, response.status), bodyText);
			const value = options.parse ? options.parse(parsed, description, response.status) : parsed;
			if (reuseKey !== undefined) {
				this.lastAnswers.set(reuseKey, {digest: digest!, value: freezeShallowList(value)});
			}

			return value as T;
		}

		throw this.toHttpError(response, bodyText, description);
	}

	private toTransportError(error: unknown, description: RequestDescription, timeout: AbortSignal, userSignal?: AbortSignal): Error {
		if (userSignal?.aborted) {
			return userSignal.reason instanceof Error ? userSignal.reason : new Error('request cancelled');
		}

		if (timeout.aborted) {
			return new RequestTimeoutError(Math.round(this.timeoutMs / 1000), description, {deadlineReached: this.msLeft() <= 0});
		}

		return new UnreachableError(this.baseUrl, networkErrorCode(error), description);
	}

	private toHttpError(response: Response, bodyText: string, description: RequestDescription): CoolifyError {
		const body = terminalSafeJson(tryParseJson(bodyText));
		const message = typeof body?.message === 'string' ? body.message : '';
		const {status} = response;
		if (status === 401) {
			return new UnauthorizedError(message || 'Unauthenticated.', description);
		}

		if (status === 403) {
			return new ForbiddenError(message || 'Forbidden.', description);
		}

		if (status === 404) {
			return new NotFoundError(message, description);
		}

		if (status === 409) {
			return new ConflictError(message || 'Conflict.', Array.isArray(body?.conflicts) ? body.conflicts : [], description);
		}

		if (status === 422) {
			return new ValidationError(message || 'Validation failed.', normaliseFieldErrors(body?.errors), description);
		}

		if (status === 429) {
			return new RateLimitError(parseRetryAfter(response.headers.get('retry-after')), description);
		}

		if (status >= 500) {
			return new ServerError(status, message, description);
		}

		if (!body && bodyText.trim().startsWith('<')) {
			return new BadResponseError(`HTTP ${status} with an HTML page`, description, status);
		}

		return new BadRequestError(status, message, description);
	}
}

/** `drop`: these keys' values become `null`; `keep`: only these members are kept, the others removed whole. */
export type ListFields = {drop?: readonly string[]; keep?: readonly string[]};

type Answer = {
	/** SHA-1 of the bytes as they came (before any field was dropped), when the request may be reused. */
	digest: string | undefined;
	text: () => string;
};

/**
 * Reads the body; with `hashing`, hashes its bytes as they arrive, so an answer equal to the last one is known
 * without making text of it. A list is thinned as it arrives (a dropped value, a build log, is never held)
 * unless it may equal the last answer and has only members to leave out; then, as with any other answer, the
 * bytes are kept and decoded (and thinned) only when asked: an unchanged poll of 1,000 applications makes no
 * text at all.
 */
async function readAnswer(
	body: ReadableStream<Uint8Array> | null | undefined,
	limit: number,
	listFields: ListFields | undefined,
	{hashing, mayReuse}: {hashing: boolean; mayReuse: boolean},
): Promise<Answer> {
	// node:crypto loads here, at the first answer hashed, not before the dashboard's first frame (2 ms).
	const hash = hashing ? process.getBuiltinModule('node:crypto').createHash('sha1') : undefined;
	if (!body) {
		return {digest: hash?.digest('base64'), text: () => ''};
	}

	const dropper = listFields ? new FieldDropper(listFields) : undefined;
	const decoder = new TextDecoder();
	const thin = (text: string) => (dropper ? dropper.feed(text) : text);
	// Decoded as it comes when thinning must not wait (no last answer to equal, or a value that must go unheld);
	// otherwise held. (Decoding every other answer as it comes too measured 3-4 MB more at the session's peak.)
	const holding = dropper === undefined || (mayReuse && (listFields?.drop?.length ?? 0) === 0);
	const chunks: Uint8Array[] = [];
	let text = '';
	let size = 0;
	// Leaving the loop early (the throw) cancels the stream: nothing more is read.
	for await (const chunk of body) {
		hash?.update(chunk);
		if (holding) {
			size += chunk.byteLength;
			// A chunk may be a view of a larger read buffer (64 KiB for a few KiB of data): kept, it would keep that.
			chunks.push(chunk.byteLength * 2 < chunk.buffer.byteLength ? chunk.slice() : chunk);
		} else {
			const decoded = decoder.decode(chunk, {stream: true});
			const droppedBefore = dropper?.droppedLength ?? 0;
			text += thin(decoded);
			// A dropped value (a build log) does not count towards the cap.
			size += dropper ? decoded.length - (dropper.droppedLength - droppedBefore) : chunk.byteLength;
		}

		if (size > limit) {
			throw new AnswerTooLarge();
		}
	}

	const digest = hash?.digest('base64');
	if (!holding) {
		const whole = text + thin(decoder.decode());
		return {digest, text: () => whole};
	}

	return {
		digest,
		text() {
			if (!dropper) {
				// Nothing to thin: decoded at once. Decoding chunk by chunk and joining made every 64 KiB piece a
				// short-lived string the collector copied before the join (a 32 MB build log: 44 MB of them).
				const whole = Buffer.concat(chunks, size);
				chunks.length = 0;
				return decoder.decode(whole);
			}

			// Chunk by chunk, letting go of each as it is read: the whole text of a list is never held.
			const parts: string[] = [];
			for (let index = 0; index < chunks.length; index++) {
				parts.push(thin(decoder.decode(chunks[index], {stream: true})));
				chunks[index] = empty;
			}

			parts.push(thin(decoder.decode()));
			return parts.join('');
		},
	};
}

const empty = new Uint8Array(0);

class AnswerTooLarge extends Error {}

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
export class FieldDropper {
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

function mayHaveBeenProcessed(error: CoolifyError): boolean {
	if (error instanceof UnreachableError) {
		return error.mayHaveReachedServer;
	}

	return !(error instanceof RateLimitError);
}

function dropUndefined(query: RequestOptions['query']): Record<string, string> | undefined {
	if (!query) {
		return undefined;
	}

	const result: Record<string, string> = {};
	for (const [key, value] of Object.entries(query)) {
		if (value !== undefined) {
			result[key] = String(value);
		}
	}

	return result;
}

/** A reused answer is shared by every caller: its list and each item are frozen so none can change it for the others. */
function freezeShallowList<T>(value: T): T {
	if (Array.isArray(value)) {
		for (const item of value) {
			Object.freeze(item);
		}
	}

	return Object.freeze(value);
}

function tryParseJson(text: string): Record<string, any> | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, any>) : undefined;
	} catch {
		return undefined;
	}
}

function parseJson(text: string, description: RequestDescription, status: number): unknown {
	try {
		return JSON.parse(text);
	} catch {
		const trimmed = text.trim();
		const problem = trimmed.startsWith('<') ? 'an HTML page instead of JSON' : trimmed === '' ? 'an empty body' : 'invalid or truncated JSON';
		throw new BadResponseError(problem, description, status);
	}
}

/** `Retry-After` is seconds or an HTTP date. */
export function parseRetryAfter(header: string | null): number | undefined {
	if (!header) {
		return undefined;
	}

	const seconds = Number(header);
	if (Number.isFinite(seconds) && seconds >= 0) {
		return Math.ceil(seconds);
	}

	const date = Date.parse(header);
	return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function networkErrorCode(error: unknown): string {
	let current: any = error;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) {
			return current.code;
		}

		current = current.cause;
	}

	return 'network error';
}
