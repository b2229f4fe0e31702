/**
 * Typed errors for everything that can go wrong talking to Coolify. Each message is one line that says
 * what happened and what the user can do next. Messages are built from server text that passed through
 * the transport's scrubber, so the API token never appears in them.
 */

/** The token abilities coolify-tui needs; named in every permission error. */
export const recommendedAbilities = ['read', 'read:sensitive', 'write', 'deploy'] as const;

export type CoolifyErrorKind =
	| 'unreachable'
	| 'timeout'
	| 'unauthorized'
	| 'forbidden'
	| 'api-disabled'
	| 'not-found'
	| 'validation'
	| 'conflict'
	| 'rate-limited'
	| 'server-error'
	| 'bad-request'
	| 'bad-response';

export type RequestDescription = {method: string; path: string};

export class CoolifyError extends Error {
	override name = 'CoolifyError';
	readonly kind: CoolifyErrorKind;
	readonly status: number | undefined;
	readonly request: RequestDescription;

	constructor(kind: CoolifyErrorKind, message: string, request: RequestDescription, status?: number) {
		super(message);
		this.kind = kind;
		this.request = request;
		this.status = status;
	}

	/** Whether Coolify refused the token or its abilities (401, 403, API disabled): asking again will not help until the token is fixed. */
	get isAuthorization(): boolean {
		return this.kind === 'unauthorized' || this.kind === 'forbidden' || this.kind === 'api-disabled';
	}

	/** Whether trying the same request again may succeed. */
	get isTransient(): boolean {
		return (
			this.kind === 'unreachable' ||
			this.kind === 'timeout' ||
			this.kind === 'rate-limited' ||
			this.kind === 'server-error' ||
			this.status === 408 ||
			this.status === 425
		);
	}
}

/** Connection refused, reset, DNS failure: the request may or may not have reached Coolify (see `mayHaveReachedServer`). */
export class UnreachableError extends CoolifyError {
	override name = 'UnreachableError';
	/** False only when the connection was refused or the host unknown: nothing was sent. */
	readonly mayHaveReachedServer: boolean;

	constructor(baseUrl: string, code: string, request: RequestDescription) {
		super(
			'unreachable',
			`Coolify at ${baseUrl} is unreachable (${code}): check that the instance is up and coolify.baseUrl is right`,
			request,
		);
		this.mayHaveReachedServer = !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code);
	}
}

export class RequestTimeoutError extends CoolifyError {
	override name = 'RequestTimeoutError';

	constructor(seconds: number, request: RequestDescription, options: {deadlineReached?: boolean} = {}) {
		super(
			'timeout',
			options.deadlineReached
				? `the time allowed for this command ran out before Coolify answered ${request.method} ${request.path}: the instance may be overloaded; allow more time (--timeout) or try again later`
				: `Coolify did not answer ${request.method} ${request.path} within ${seconds}s: the instance may be overloaded; raise coolify.timeoutSeconds if it is just slow`,
			request,
		);
	}
}

export class UnauthorizedError extends CoolifyError {
	override name = 'UnauthorizedError';

	constructor(serverMessage: string, request: RequestDescription) {
		super(
			'unauthorized',
			`Coolify rejected the API token (401 ${serverMessage}): create a token under Keys & Tokens -> API tokens and set COOLIFY_API_TOKEN`,
			request,
			401,
		);
	}
}

/** 403: a missing ability, the API switched off, the caller's IP not allowed, or a member-owned token. */
export class ForbiddenError extends CoolifyError {
	override name = 'ForbiddenError';
	/** The ability Coolify named, when it named one. */
	readonly ability: string | undefined;

	constructor(serverMessage: string, request: RequestDescription) {
		const ability = /missing required permissions:\s*([\w:]+)/i.exec(serverMessage)?.[1];
		const apiDisabled = /api is disabled/i.test(serverMessage);
		let advice: string;
		if (apiDisabled) {
			advice = 'turn the API on in Coolify under Settings -> Advanced';
		} else if (/not allowed to access the api/i.test(serverMessage)) {
			advice = "add this machine's IP to the API allowlist in Coolify under Settings -> Advanced";
		} else if (ability) {
			advice = `the token lacks the "${ability}" ability: create a token with ${recommendedAbilities.join(', ')} (or root)`;
		} else {
			advice = `use a token of a team admin or owner with ${recommendedAbilities.join(', ')}`;
		}

		super(apiDisabled ? 'api-disabled' : 'forbidden', `Coolify refused ${request.method} ${request.path} (403 ${serverMessage}): ${advice}`, request, 403);
		this.ability = ability;
	}
}

export class NotFoundError extends CoolifyError {
	override name = 'NotFoundError';
	/** Coolify's own words: `Not found.` from the catch-all route, `Application not found.` from a controller. */
	readonly serverMessage: string;

	constructor(serverMessage: string, request: RequestDescription) {
		// Coolify's 404s carry a message; one without is a proxy's or another server's: most likely a wrong path in the base URL.
		super(
			'not-found',
			serverMessage === ''
				? `${request.method} ${request.path} was not found (404 without Coolify's JSON message): check that coolify.baseUrl points at Coolify, with its proxy path if it has one`
				: `${serverMessage.replace(/\.$/, '')} (404 on ${request.method} ${request.path})`,
			request,
			404,
		);
		this.serverMessage = serverMessage;
	}

	/** Laravel's catch-all answered: the route does not exist on this server. */
	get isMissingRoute(): boolean {
		return this.serverMessage === 'Not found.';
	}

	/**
	 * Proof that the application does not exist: only Coolify's own controller answers this. Its actions spell
	 * it two ways: `application_by_uuid`, `action_*` and `logs_by_uuid` with a full stop, `delete_by_uuid`,
	 * `update_by_uuid`, the env actions and `DeployController::get_application_deployments` without. A catch-all
	 * 404, a proxy's page or another server's 404 says nothing about the application.
	 */
	get isApplicationNotFound(): boolean {
		return this.serverMessage === 'Application not found.' || this.serverMessage === 'Application not found';
	}
}

/** 422 with field errors normalised: Coolify sends each field's errors as an array or as one string. */
export class ValidationError extends CoolifyError {
	override name = 'ValidationError';
	readonly fieldErrors: Record<string, string[]>;

	constructor(serverMessage: string, fieldErrors: Record<string, string[]>, request: RequestDescription) {
		const details = Object.entries(fieldErrors)
			.map(([field, messages]) => (field ? `${field}: ${messages.join(' ')}` : messages.join(' ')))
			.join('; ');
		super('validation', `Coolify rejected the request (422 ${serverMessage}${details ? ` ${details}` : ''})`, request, 422);
		this.fieldErrors = fieldErrors;
	}
}

export class ConflictError extends CoolifyError {
	override name = 'ConflictError';
	readonly conflicts: unknown[];

	constructor(serverMessage: string, conflicts: unknown[], request: RequestDescription) {
		super('conflict', `Coolify reported a conflict (409 ${serverMessage}): pick another domain or name`, request, 409);
		this.conflicts = conflicts;
	}
}

export class RateLimitError extends CoolifyError {
	override name = 'RateLimitError';
	readonly retryAfterSeconds: number | undefined;

	/** `secondsLeft`: set when the wait was not slept through because it is longer than the time allowed. */
	constructor(retryAfterSeconds: number | undefined, request: RequestDescription, options: {secondsLeft?: number} = {}) {
		const wait = retryAfterSeconds === undefined ? 'a while' : `${retryAfterSeconds}s`;
		super(
			'rate-limited',
			retryAfterSeconds !== undefined && 'secondsLeft' in options
				? `Coolify asks to wait ${retryAfterSeconds} s (rate limit)${options.secondsLeft === undefined ? '' : `, longer than the ${options.secondsLeft} s left`}: try again later, or raise API_RATE_LIMIT on the instance`
				: `Coolify's rate limit was hit (429): wait ${wait}, or raise API_RATE_LIMIT on the instance`,
			request,
			429,
		);
		this.retryAfterSeconds = retryAfterSeconds;
	}
}

export class ServerError extends CoolifyError {
	override name = 'ServerError';

	constructor(status: number, serverMessage: string, request: RequestDescription) {
		super(
			'server-error',
			`Coolify is unavailable (${status}${serverMessage ? ` ${serverMessage}` : ''} on ${request.method} ${request.path}): it may be restarting; try again shortly`,
			request,
			status,
		);
	}
}

/** 400 and other 4xx answers with a plain message, such as "Application is not running.". */
export class BadRequestError extends CoolifyError {
	override name = 'BadRequestError';
	readonly serverMessage: string;

	constructor(status: number, serverMessage: string, request: RequestDescription) {
		super('bad-request', `${serverMessage || 'Bad request'} (${status} on ${request.method} ${request.path})`, request, status);
		this.serverMessage = serverMessage;
	}
}

/** A body we cannot use: an HTML page, truncated JSON, or JSON of the wrong shape. */
export class BadResponseError extends CoolifyError {
	override name = 'BadResponseError';

	constructor(problem: string, request: RequestDescription, status?: number) {
		super(
			'bad-response',
			`Coolify sent an unexpected answer to ${request.method} ${request.path} (${problem}): check that coolify.baseUrl points at Coolify, not at a proxy or login page`,
			request,
			status,
		);
	}
}

/**
 * Normalises Coolify's 422 `errors` object, whose values are arrays of strings or single strings. Some
 * checks (invalid domains) send a bare list of messages instead: those land under the empty field name.
 */
export function normaliseFieldErrors(errors: unknown): Record<string, string[]> {
	if (Array.isArray(errors)) {
		const messages = errors.filter(message => message !== undefined && message !== null).map(String);
		return messages.length > 0 ? {'': messages} : {};
	}

	if (!errors || typeof errors !== 'object') {
		return {};
	}

	const result: Record<string, string[]> = {};
	for (const [field, value] of Object.entries(errors as Record<string, unknown>)) {
		if (Array.isArray(value)) {
			result[field] = value.map(String);
		} else if (value !== undefined && value !== null) {
			result[field] = [String(value)];
		}
	}

	return result;
}

/**
 * Valid JSON of a shape coolify-tui cannot use: one line naming the request, what came and what was
 * expected ("Coolify answered GET /api/v1/deployments with a string; expected a list").
 */
export class UnexpectedAnswerError extends CoolifyError {
	override name = 'UnexpectedAnswerError';
	readonly received: string;
	readonly expected: string;

	constructor(received: string, expected: string, request: RequestDescription, status?: number) {
		super(
			'bad-response',
			`Coolify answered ${request.method} ${request.path} with ${received}; expected ${expected}: check that coolify.baseUrl points at Coolify and that its version is supported (4.2.0 or newer)`,
			request,
			status,
		);
		this.received = received;
		this.expected = expected;
	}
}

/** An answer larger than the cap: read no further, so memory stays bounded. */
export class AnswerTooLargeError extends CoolifyError {
	override name = 'AnswerTooLargeError';

	constructor(limitBytes: number, request: RequestDescription, status?: number) {
		super(
			'bad-response',
			`Coolify's answer to ${request.method} ${request.path} is larger than ${Math.round(limitBytes / 1024 / 1024)} MiB, coolify-tui's cap for one answer: it stopped reading; check that coolify.baseUrl points at Coolify`,
			request,
			status,
		);
	}
}

/**
 * A 404 from Laravel's catch-all route (`routes/api.php`, `Route::fallback`): this server has no such
 * route (an older Coolify), which is not the same as "the thing is gone" (a controller's `... not found.`).
 */
export function isMissingRoute(error: unknown): boolean {
	return error instanceof NotFoundError && error.serverMessage === 'Not found.';
}

/** A controller's 404 (`Application not found.`): the thing is gone. Not the catch-all's `Not found.`. */
export function isThingGone(error: unknown): boolean {
	return error instanceof NotFoundError && !error.isMissingRoute;
}
