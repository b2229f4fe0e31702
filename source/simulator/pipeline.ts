import type {IncomingMessage, ServerResponse} from 'node:http';
import {setTimeout as delay} from 'node:timers/promises';
import type {SimulatorClock} from './clock.js';
import type {FaultInjector, FaultRequest} from './faults.js';
import {settle} from './lifecycle.js';
import type {RateDecision, RateLimiter} from './rate-limit.js';
import type {Recorder} from './recorder.js';
import {type Outgoing, errorOutgoing, htmlOutgoing, proxyNotFound, toOutgoing, truncate, webOutgoing} from './responses.js';
import type {RouteContext, createRouter} from './router.js';
import {type SimulatorState, versionAtLeast} from './state.js';

export type PipelineDependencies = {
	state: SimulatorState;
	clock: SimulatorClock;
	router: ReturnType<typeof createRouter>;
	faults: FaultInjector;
	limiter: RateLimiter;
	healthLimiter: RateLimiter;
	recorder: Recorder;
	basePath: string;
	/** Saves the state after a request that may have changed it (`--state FILE`). */
	persist?: () => void;
};

type Classified = {kind: 'outside' | 'web' | 'health' | 'api'; path: string};

function classify(pathname: string, basePath: string): Classified {
	if (basePath && pathname !== basePath && !pathname.startsWith(`${basePath}/`)) {
		return {kind: 'outside', path: pathname};
	}

	const path = pathname.slice(basePath.length).replace(/(.)\/+$/, '$1');
	if (path === '/api/health' || path === '/api/v1/health') {
		return {kind: 'health', path};
	}

	return path.startsWith('/api/v1/') ? {kind: 'api', path: path.slice('/api/v1'.length)} : {kind: 'web', path};
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	return new Promise(resolve => {
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
	});
}

function parseBody(contentType: string | undefined, raw: string): Pick<RouteContext, 'body' | 'bodyProblem'> & {recorded: unknown} {
	if (!/[/+]json/i.test(contentType ?? '')) {
		return {body: undefined, bodyProblem: 'not-json', recorded: raw === '' ? undefined : raw};
	}

	try {
		const body: unknown = JSON.parse(raw);
		return {body, bodyProblem: undefined, recorded: body};
	} catch {
		return {body: undefined, bodyProblem: 'invalid-json', recorded: raw === '' ? undefined : raw};
	}
}

function rateHeaders(decision: RateDecision): Record<string, string> {
	return {'x-ratelimit-limit': String(decision.limit), 'x-ratelimit-remaining': String(decision.remaining)};
}

function rateLimited(decision: RateDecision): Outgoing {
	// Laravel's ThrottleRequests middleware (`throttle:api` in bootstrap/app.php): its own words, not the spec's.
	const outgoing = toOutgoing({status: 429, json: {message: 'Too Many Attempts.'}});
	outgoing.headers = {
		...outgoing.headers,
		...rateHeaders(decision),
		'retry-after': String(decision.retryAfter),
		'x-ratelimit-reset': String(Math.ceil(decision.resetAt / 1000)),
	};
	return outgoing;
}

function bearerToken(request: IncomingMessage): string | undefined {
	return /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
}

/** The `/api/v1` stack in Laravel's order: throttle, catch-all 404, auth, API enabled, ability, controller. */
type RouteMatch = ReturnType<ReturnType<typeof createRouter>['match']>;

function answerApi(deps: PipelineDependencies, request: IncomingMessage, match: RouteMatch, url: URL, body: ReturnType<typeof parseBody>): Outgoing {
	const {state} = deps;
	const token = bearerToken(request);
	const isAuthenticated = token === state.token && !state.tokenRevoked;
	const decision = deps.limiter.hit(isAuthenticated ? `token:${token}` : `ip:${request.socket.remoteAddress ?? ''}`);
	if (!decision.allowed) {
		return rateLimited(decision);
	}

	const withRate = (outgoing: Outgoing): Outgoing => ({...outgoing, headers: {...outgoing.headers, ...rateHeaders(decision)}});
	// routes/api.php ends with `Route::any('/{any}', ...)`: 404 `{"message":"Not found."}` for any route this version lacks.
	if (!match || (match.route.since && !versionAtLeast(state, match.route.since))) {
		return withRate(toOutgoing({status: 404, json: {message: 'Not found.', docs: 'https://coolify.io/docs'}}));
	}

	if (!isAuthenticated) {
		return withRate(toOutgoing({status: 401, json: {message: 'Unauthenticated.'}}));
	}

	if (!state.apiEnabled) {
		return withRate(toOutgoing({status: 403, json: {success: true, message: 'API is disabled.'}}));
	}

	const abilities = new Set(state.abilities);
	const isRoot = abilities.has('root') || abilities.has('*');
	if (!isRoot && !abilities.has(match.route.ability)) {
		return withRate(toOutgoing({status: 403, json: {message: `Missing required permissions: ${match.route.ability}`}}));
	}

	const now = deps.clock.now();
	settle(state, now);
	const context: RouteContext = {
		state,
		now,
		params: match.params,
		query: url.searchParams,
		body: body.body,
		bodyProblem: body.bodyProblem,
		canReadSensitive: isRoot || abilities.has('read:sensitive'),
	};
	try {
		return withRate(toOutgoing(match.route.handle(context)));
	} catch (error) {
		console.error('coolify simulator: route failed', error);
		return withRate(errorOutgoing(500));
	}
}

function answer(
	deps: PipelineDependencies,
	request: IncomingMessage,
	target: Classified,
	match: RouteMatch,
	url: URL,
	body: ReturnType<typeof parseBody>,
): Outgoing {
	if (target.kind === 'outside') {
		return proxyNotFound;
	}

	if (target.kind === 'web') {
		return webOutgoing(target.path, deps.basePath);
	}

	if (target.kind === 'health') {
		const decision = deps.healthLimiter.hit(`ip:${request.socket.remoteAddress ?? ''}`);
		return decision.allowed ? toOutgoing({status: 200, text: 'OK'}) : rateLimited(decision);
	}

	return answerApi(deps, request, match, url, body);
}

function write(response: ServerResponse, outgoing: Outgoing) {
	if (response.destroyed || response.writableEnded) {
		return;
	}

	response.writeHead(outgoing.status, {...outgoing.headers, 'content-length': String(Buffer.byteLength(outgoing.body))});
	response.end(outgoing.body);
}

/** A queued failure's answer: its own JSON body when it has one, else the error page of its status. */
function failureOutgoing(failure: {status: number; json?: unknown}): Outgoing {
	return failure.json === undefined ? errorOutgoing(failure.status) : toOutgoing({status: failure.status, json: failure.json});
}

export function createPipeline(deps: PipelineDependencies) {
	return async (request: IncomingMessage, response: ServerResponse) => {
		const url = new URL(request.url ?? '/', 'http://simulator.invalid');
		const method = request.method ?? 'GET';
		const target = classify(url.pathname, deps.basePath);
		const match = target.kind === 'api' ? deps.router.match(method, target.path) : undefined;
		const route = target.kind === 'health' ? '/health' : (match?.route.template ?? '(unmatched)');
		const at = deps.clock.now();
		deps.recorder.count(method, route);
		const body = parseBody(request.headers['content-type'], await readBody(request));
		const closed = new Promise<void>(resolve => {
			response.on('close', () => resolve());
		});
		const finish = (outgoing: Outgoing | undefined) => {
			if (outgoing) {
				write(response, outgoing);
			}

			if (method !== 'GET' && target.kind === 'api') {
				try {
					deps.persist?.();
				} catch (error) {
					console.error('coolify simulator: cannot save its state', error);
				}
			}

			deps.recorder.record({
				method,
				route,
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				body: body.recorded,
				status: outgoing && !response.destroyed ? outgoing.status : 0,
				at,
			});
		};

		const faultRequest: FaultRequest = {method, route, path: url.pathname};
		const {faults} = deps;
		const isFaulty = faults.matches(faultRequest, target.kind === 'api');
		if (isFaulty && faults.latencyMs > 0) {
			await delay(faults.latencyMs);
		}

		if (isFaulty) {
			await faults.waitWhileHung(closed);
			if (response.destroyed) {
				finish(undefined);
				return;
			}
		}

		const failure = faults.takeFailure(faultRequest, target.kind === 'api');
		if (failure && !failure.afterHandling) {
			if (failure.noAnswer) {
				await closed;
			}

			finish(failure.noAnswer ? undefined : failureOutgoing(failure));
			return;
		}

		if (isFaulty && faults.takeRandomError()) {
			finish(errorOutgoing(faults.errorStatus));
			return;
		}

		if (isFaulty && (faults.malformed === 'html' || faults.malformed === 'html-200')) {
			finish(htmlOutgoing(faults.malformed));
			return;
		}

		let outgoing = answer(deps, request, target, match, url, body);
		if (failure?.noAnswer) {
			await closed;
			finish(undefined);
			return;
		}

		if (failure) {
			outgoing = failureOutgoing(failure);
		} else if (isFaulty && faults.malformed === 'truncated') {
			outgoing = truncate(outgoing);
		}

		finish(outgoing);
	};
}
