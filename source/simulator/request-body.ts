import {type RouteContext, type RouteResponse, reply} from './router.js';
import {normalizeInput} from './validation.js';

/**
 * Coolify's `validateIncomingRequest`: JSON content type, decodable, non-empty. Returns the body as Laravel
 * sees it (trimmed, empty strings as null) or the 400 answer.
 */
export function readJsonInput(context: RouteContext): {input: Record<string, unknown>} | {error: RouteResponse} {
	if (context.bodyProblem === 'not-json') {
		return {error: reply(400, {message: 'Invalid request.', error: 'Content-Type must be application/json.'})};
	}

	const {body} = context;
	if (context.bodyProblem === 'invalid-json' || !body || typeof body !== 'object' || (Array.isArray(body) && body.length === 0)) {
		// PHP's json_decode gives a falsy value for `[]`, `0`, `""` and broken text alike.
		return {error: reply(400, {message: 'Invalid request.', error: 'Invalid JSON.'})};
	}

	if (Object.keys(body).length === 0) {
		return {error: reply(400, {message: 'Invalid request.', error: 'Empty JSON.'})};
	}

	const record = Array.isArray(body) ? Object.fromEntries(body.entries()) : (body as Record<string, unknown>);
	return {input: normalizeInput(record)};
}
