import type {$Fetch} from 'ofetch';
import pRetry, {AbortError} from 'p-retry';
import {loadOfetch} from '../runtime/http-fetch.js';
import {
	BadRequestError,
	BadResponseError,
	ConflictError,
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
	/** `Retry-After` is honoured up to this. @default 60000 */
	maxRetryAfterMs: number;
};

export const defaultRetryPolicy: RetryPolicy = {retries: 3, minDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000};

export type TransportOptions = {
	/** Instance URL without `/api/v1`, possibly with a reverse-proxy path. */
	baseUrl: string;
	token: string;
	timeoutMs?: number;
	retry?: Partial<RetryPolicy>;
	/** Injected for tests. */
	sleep?: (ms: number) => Promise<void>;
	/** Called once per HTTP attempt (for request counting and debugging). */
	onAttempt?: (attempt: {method: string; path: string; attemptNumber: number}) => void;
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
};

const retryableStatuses = new Set([408, 425, 429]);

// Loaded at the first request: the dashboard's first frame, drawn from the data file alone, needs no HTTP.
let ofetchInstance: Promise<$Fetch> | undefined;

export class Transport {
	readonly baseUrl: string;
	private readonly token: string;
	private readonly timeoutMs: number;
	private readonly policy: RetryPolicy;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly onAttempt: TransportOptions['onAttempt'];

	constructor(options: TransportOptions) {
		this.baseUrl = options.baseUrl.replace(/\/+$/, '');
		this.token = options.token;
		this.timeoutMs = options.timeoutMs ?? 30_000;
		this.policy = {...defaultRetryPolicy, ...options.retry};
		this.sleep = options.sleep ?? (async ms => new Promise(resolve => {
			setTimeout(resolve, ms);
		}));
		this.onAttempt = options.onAttempt;
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
						await this.sleep(this.delayBefore(attemptNumber, error));
					}
				},
			},
		);
	}

	/** Exponential backoff with full jitter, replaced by the server's `Retry-After` when it sent one. */
	private delayBefore(attemptNumber: number, error: Error): number {
		if (error instanceof RateLimitError && error.retryAfterSeconds !== undefined) {
			return Math.min(error.retryAfterSeconds * 1000, this.policy.maxRetryAfterMs);
		}

		const ceiling = Math.min(this.policy.maxDelayMs, this.policy.minDelayMs * 2 ** (attemptNumber - 1));
		return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
	}

	private async send<T>(options: RequestOptions, description: RequestDescription): Promise<T> {
		const ofetch = await (ofetchInstance ??= loadOfetch());
		const url = `${this.baseUrl}${options.root ? '' : '/api/v1'}${options.path}`;
		const timeout = AbortSignal.timeout(this.timeoutMs);
		const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
		const headers: Record<string, string> = {Accept: 'application/json'};
		if (!options.root) {
			headers.Authorization = `Bearer ${this.token}`;
		}

		if (options.body !== undefined) {
			headers['Content-Type'] = 'application/json';
		}

		let response: Response & {_data?: ReadableStream<Uint8Array>};
		let text: string;
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
			text = await readText(response._data);
		} catch (error) {
			throw this.toTransportError(error, description, timeout, options.signal);
		}

		const bodyText = this.scrub(text);
		if (response.status >= 200 && response.status < 300) {
			if (options.text) {
				return bodyText.trim() as T;
			}

			return parseJson(bodyText, description, response.status) as T;
		}

		throw this.toHttpError(response, bodyText, description);
	}

	private toTransportError(error: unknown, description: RequestDescription, timeout: AbortSignal, userSignal?: AbortSignal): Error {
		if (userSignal?.aborted) {
			return userSignal.reason instanceof Error ? userSignal.reason : new Error('request cancelled');
		}

		if (timeout.aborted) {
			return new RequestTimeoutError(Math.round(this.timeoutMs / 1000), description);
		}

		return new UnreachableError(this.baseUrl, networkErrorCode(error), description);
	}

	private toHttpError(response: Response, bodyText: string, description: RequestDescription): CoolifyError {
		const body = tryParseJson(bodyText);
		const message = typeof body?.message === 'string' ? body.message : '';
		const {status} = response;
		if (status === 401) {
			return new UnauthorizedError(message || 'Unauthenticated.', description);
		}

		if (status === 403) {
			return new ForbiddenError(message || 'Forbidden.', description);
		}

		if (status === 404) {
			return new NotFoundError(message || 'Resource not found.', description);
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

/**
 * The body as text, decoded chunk by chunk as it arrives: reading it whole first (Response.text()) held every
 * chunk and a copy of them all until the next garbage collection, ~7 MB more for a poll's 2.4 MB answer.
 */
async function readText(body: ReadableStream<Uint8Array> | null | undefined): Promise<string> {
	if (!body) {
		return '';
	}

	const decoder = new TextDecoder();
	let text = '';
	for await (const chunk of body) {
		text += decoder.decode(chunk, {stream: true});
	}

	return text + decoder.decode();
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
