import type {$Fetch} from 'ofetch';
import pRetry, {AbortError} from 'p-retry';
import {terminalSafe, terminalSafeJson} from '../domain/terminal-text.js';
import {loadOfetch} from '../runtime/http-fetch.js';
import type {AnswerThinner} from './answer-thinner.js';
import {FieldDropper, type ListFields} from './field-dropper.js';
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
	/**
	 * Called when an answer held as bytes turned out equal to the last one and was let go (an unchanged poll
	 * of every application: 4.7 MB for 1,000). The dashboard collects garbage there (runtime/dashboard-flags.ts).
	 * Not for an answer thinned as it came (the poll of deployments, dropping their logs): nothing was held.
	 */
	afterUnchangedAnswer?: () => void;
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
	/** Any other thinning of a 2xx answer as it streams in (a deployment's build log: `BuildLogThinner`). */
	thinner?: () => AnswerThinner;
	/**
	 * A GET polled again and again (the lists a tick asks for): when an answer's bytes equal the last
	 * answer of the same request, the last checked value is returned again (frozen, shared) instead of
	 * parsing, sanitising and validating 1,000 applications once more. Names the request; same name, same answer.
	 */
	reuseUnchanged?: string;
};

/**
 * The most one answer may hold: a 100,000-line build log is 25-35 MB as Coolify encodes it (a JSON string
 * inside JSON). Past it the request fails at once instead of growing the process without bound. What a
 * thinner drops as the answer streams in is not held, and does not count.
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
	private readonly afterUnchangedAnswer: (() => void) | undefined;
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
		this.afterUnchangedAnswer = options.afterUnchangedAnswer;
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
			const isSuccess = response.status >= 200 && response.status < 300;
			const thinner = !isSuccess ? undefined : options.listFields ? new FieldDropper(options.listFields) : options.thinner?.();
			answer = await readAnswer(response._data, this.maxAnswerBytes, thinner, {
				hashing: reuseKey !== undefined,
				// A list that may equal the last answer and has only members to leave out is held as bytes.
				holding: thinner === undefined || (last !== undefined && options.listFields !== undefined && (options.listFields.drop?.length ?? 0) === 0),
			});
		} catch (error) {
			if (error instanceof AnswerTooLarge) {
				throw new AnswerTooLargeError(this.maxAnswerBytes, description, response!.status);
			}

			throw this.toTransportError(error, description, timeout, options.signal);
		}

		// Bytes equal to the last answer's (before the scrub: the same bytes scrub the same) need no more work.
		if (last && last.digest === answer.digest) {
			if (answer.release()) {
				this.afterUnchangedAnswer?.();
			}

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

type Answer = {
	/** SHA-1 of the bytes as they came (before any field was dropped), when the request may be reused. */
	digest: string | undefined;
	text: () => string;
	/** Lets go of the bytes held for `text`; whether there were any. */
	release: () => boolean;
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
	thinner: AnswerThinner | undefined,
	{hashing, holding}: {hashing: boolean; holding: boolean},
): Promise<Answer> {
	// node:crypto loads here, at the first answer hashed, not before the dashboard's first frame (2 ms).
	const hash = hashing ? process.getBuiltinModule('node:crypto').createHash('sha1') : undefined;
	if (!body) {
		return {digest: hash?.digest('base64'), text: () => '', release: () => false};
	}

	const decoder = new TextDecoder();
	const thin = (text: string) => (thinner ? thinner.feed(text) : text);
	// Held, the bytes are decoded only when asked; otherwise decoded (and thinned) as they come, when thinning
	// must not wait: no last answer to equal, or a value that must go unheld. (Decoding every other answer as it
	// comes too measured 3-4 MB more at the session's peak.)
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
			const droppedBefore = thinner?.droppedLength ?? 0;
			text += thin(decoded);
			// A dropped value (a build log) does not count towards the cap.
			size += thinner ? decoded.length - (thinner.droppedLength - droppedBefore) : chunk.byteLength;
		}

		if (size > limit) {
			throw new AnswerTooLarge();
		}
	}

	const digest = hash?.digest('base64');
	if (!holding) {
		const whole = text + thin(decoder.decode()) + (thinner?.finish() ?? '');
		return {digest, text: () => whole, release: () => false};
	}

	return {
		digest,
		release() {
			chunks.length = 0;
			return true;
		},
		text() {
			if (!thinner) {
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

			parts.push(thin(decoder.decode()), thinner.finish());
			return parts.join('');
		},
	};
}

const empty = new Uint8Array(0);

class AnswerTooLarge extends Error {}

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
