import {STATUS_CODES} from 'node:http';
import {phpJsonEncode} from './php-json.js';
import type {RouteResponse} from './router.js';

/** What goes on the wire: status, headers and the exact body text. */
export type Outgoing = {status: number; headers: Record<string, string>; body: string};

const laravelHeaders = {'cache-control': 'no-cache, private'};

export function toOutgoing(response: RouteResponse): Outgoing {
	if (response.text !== undefined) {
		// Laravel sends plain strings as text/html (health, version).
		return {status: response.status, headers: {...laravelHeaders, 'content-type': 'text/html; charset=UTF-8', ...response.headers}, body: response.text};
	}

	return {
		status: response.status,
		headers: {...laravelHeaders, 'content-type': 'application/json', ...response.headers},
		body: phpJsonEncode(response.json ?? null),
	};
}

/** An error as the layer that produces it would write it: Laravel JSON, or the proxy's plain text for 502/504. */
export function errorOutgoing(status: number): Outgoing {
	if (status === 502 || status === 504) {
		return {status, headers: {'content-type': 'text/plain; charset=utf-8'}, body: STATUS_CODES[status] ?? 'Bad Gateway'};
	}

	if (status === 429) {
		return toOutgoing({status, json: {message: 'Too Many Attempts.'}, headers: {'retry-after': '60'}});
	}

	const text = status === 500 ? 'Server Error' : status === 401 ? 'Unauthenticated.' : (STATUS_CODES[status] ?? 'Error');
	return toOutgoing({status, json: {message: text}});
}

function page(title: string, text: string): string {
	return `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body><h1>${title}</h1><p>${text}</p></body>\n</html>\n`;
}

/** `html`: the proxy's 502 page; `html-200`: Coolify's login page, as a wrong base URL would give. */
export function htmlOutgoing(mode: 'html' | 'html-200'): Outgoing {
	const headers = {'content-type': 'text/html; charset=UTF-8'};
	return mode === 'html'
		? {status: 502, headers, body: page('502 Bad Gateway', 'The upstream server did not answer.')}
		: {status: 200, headers, body: page('Coolify', 'Login | Coolify')};
}

export function truncate(outgoing: Outgoing): Outgoing {
	return {...outgoing, body: outgoing.body.slice(0, Math.max(1, Math.floor(outgoing.body.length / 2)))};
}

/** Paths outside the base path never reach Coolify: the reverse proxy answers. */
export const proxyNotFound: Outgoing = {status: 404, headers: {'content-type': 'text/plain; charset=utf-8'}, body: '404 page not found'};

/** Non-API paths of the Coolify web app. */
export function webOutgoing(path: string, basePath: string): Outgoing {
	if (path === '' || path === '/') {
		return {status: 302, headers: {location: `${basePath}/login`, 'content-type': 'text/html; charset=UTF-8'}, body: ''};
	}

	if (path === '/login') {
		return htmlOutgoing('html-200');
	}

	return {status: 404, headers: {'content-type': 'text/html; charset=UTF-8'}, body: page('404', 'Not Found')};
}
