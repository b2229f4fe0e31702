import type {SimulatorState} from './state.js';

/** Token abilities a route needs (`root` passes every check). */
export type Ability = 'read' | 'write' | 'deploy';

export type RouteContext = {
	state: SimulatorState;
	now: number;
	params: Record<string, string>;
	query: URLSearchParams;
	/** Parsed JSON body; undefined when empty or not JSON (see `bodyProblem`). */
	body: unknown;
	bodyProblem: 'not-json' | 'invalid-json' | undefined;
	canReadSensitive: boolean;
};

export type RouteResponse = {status: number; json?: unknown; text?: string; headers?: Record<string, string>};

export type Route = {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
	/** Path under `/api/v1`, spelled exactly as in the OpenAPI spec (`/applications/{uuid}`). */
	template: string;
	ability: Ability;
	/** First Coolify version with this route; older versions answer the catch-all 404 (`routes/api.php`). */
	since?: string;
	handle(context: RouteContext): RouteResponse;
};

export function reply(status: number, json: unknown): RouteResponse {
	return {status, json};
}

export function message(status: number, text: string): RouteResponse {
	return {status, json: {message: text}};
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

type CompiledRoute = Route & {pattern: RegExp; names: string[]};

function compile(route: Route): CompiledRoute {
	const names: string[] = [];
	const source = route.template.replace(/\{(\w+)\}|[^{}]+/g, (part, name: string | undefined) => {
		if (name) {
			names.push(name);
			return '([^/]+)';
		}

		return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
	});
	return {...route, pattern: new RegExp(`^${source}$`), names};
}

/** Matches in declaration order, so literal routes (`/applications/dockerimage`) must come before `{uuid}` ones. */
export function createRouter(routes: Route[]) {
	const compiled = routes.map(route => compile(route));
	return {
		match(method: string, path: string): {route: Route; params: Record<string, string>} | undefined {
			for (const route of compiled) {
				const found = route.method === method ? route.pattern.exec(path) : null;
				if (found) {
					const params = Object.fromEntries(route.names.map((name, index) => [name, safeDecode(found[index + 1])]));
					return {route, params};
				}
			}

			return undefined;
		},
	};
}
