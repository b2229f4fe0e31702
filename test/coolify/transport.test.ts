import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {CoolifyClient} from '../../source/coolify/client.js';
import {
	BadResponseError,
	ForbiddenError,
	NotFoundError,
	RateLimitError,
	RequestTimeoutError,
	ServerError,
	UnauthorizedError,
	UnreachableError,
	ValidationError,
} from '../../source/coolify/errors.js';

// These tests drive the transport against a scripted node:http server, to count attempts and read the
// exact answers the retry policy sees. The client against the simulator is in client.test.ts.

type Handler = (request: IncomingMessage, response: ServerResponse, attempt: number) => void;

const token = '7|supersecrettokenvalue';
let server: Server | undefined;

async function serve(handler: Handler): Promise<{baseUrl: string; attempts: () => number; delays: number[]; client: CoolifyClient}> {
	let attempts = 0;
	server = createServer((request, response) => {
		attempts++;
		handler(request, response, attempts);
	});
	await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
	const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const delays: number[] = [];
	const client = new CoolifyClient({
		baseUrl,
		token,
		timeoutMs: 300,
		retry: {minDelayMs: 10, maxDelayMs: 40},
		sleep: async ms => {
			delays.push(ms);
		},
	});
	return {baseUrl, attempts: () => attempts, delays, client};
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	response.writeHead(status, {'Content-Type': 'application/json', ...headers});
	response.end(JSON.stringify(body));
}

afterEach(async () => {
	await new Promise<void>(resolve => {
		if (!server) {
			resolve();
			return;
		}

		server.closeAllConnections();
		server.close(() => resolve());
	});
	server = undefined;
});

describe('retry policy', () => {
	it('retries 503 at most 3 times with growing backoff, then reports the server as unavailable', async () => {
		const {client, attempts, delays} = await serve((_request, response) => json(response, 503, {message: 'Service Unavailable'}));
		await expect(client.listApplications()).rejects.toBeInstanceOf(ServerError);
		expect(attempts()).toBe(4);
		expect(delays).toHaveLength(3);
		// Full jitter between half and all of 10, 20, 40 ms.
		expect(delays[0]).toBeGreaterThanOrEqual(5);
		expect(delays[0]).toBeLessThanOrEqual(10);
		expect(delays[2]).toBeGreaterThanOrEqual(20);
		expect(delays[2]).toBeLessThanOrEqual(40);
	});

	it('recovers when a 500 burst ends before the retries run out', async () => {
		const {client, attempts} = await serve((_request, response, attempt) => {
			if (attempt <= 2) {
				json(response, 500, {message: 'Server Error'});
			} else {
				json(response, 200, []);
			}
		});
		await expect(client.listApplications()).resolves.toEqual([]);
		expect(attempts()).toBe(3);
	});

	it('waits as long as Retry-After says on 429; a wait longer than the policy allows is reported at once, not slept through', async () => {
		const {client, delays, attempts} = await serve((_request, response, attempt) => {
			if (attempt === 1) {
				json(response, 429, {message: 'Rate limit exceeded. Please try again later.'}, {'Retry-After': '7'});
			} else if (attempt === 2) {
				json(response, 429, {message: 'Rate limit exceeded. Please try again later.'}, {'Retry-After': '3600'});
			} else {
				json(response, 200, []);
			}
		});
		const error = await client.listApplications().catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(RateLimitError);
		expect((error as Error).message).toMatch(/^Coolify asks to wait 3600 s \(rate limit\): try again later/);
		expect(delays).toEqual([7000]);
		expect(attempts()).toBe(2);
	});

	it('with a deadline, a Retry-After longer than the time left is reported at once, saying how much was left', async () => {
		const {baseUrl, attempts} = await serve((_request, response) => json(response, 429, {message: 'Rate limit exceeded.'}, {'Retry-After': '30'}));
		const delays: number[] = [];
		const client = new CoolifyClient({baseUrl, token, timeoutMs: 300, deadline: Date.now() + 10_000, sleep: async ms => {
			delays.push(ms);
		}});
		const error = await client.listApplications().catch((error_: unknown) => error_);
		expect((error as Error).message).toMatch(/^Coolify asks to wait 30 s \(rate limit\), longer than the \d s left/);
		expect(delays).toEqual([]);
		expect(attempts()).toBe(1);
	});

	it('with a deadline already passed, nothing is sent and the error says the time ran out', async () => {
		const {baseUrl, attempts} = await serve((_request, response) => json(response, 200, []));
		const client = new CoolifyClient({baseUrl, token, deadline: Date.now() - 1});
		const error = await client.listApplications().catch((error_: unknown) => error_);
		expect((error as Error).message).toMatch(/^the time allowed for this command ran out before Coolify answered GET \/api\/v1\/applications/);
		expect(attempts()).toBe(0);
	});

	it('reports the wait when 429 persists', async () => {
		const {client} = await serve((_request, response) => json(response, 429, {message: 'Rate limit exceeded.'}, {'Retry-After': '2'}));
		const error = await client.listApplications().catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(RateLimitError);
		expect((error as RateLimitError).retryAfterSeconds).toBe(2);
		expect((error as Error).message).toContain('wait 2s');
	});

	it('does not retry 4xx answers other than 408, 425 and 429', async () => {
		const {client, attempts} = await serve((_request, response) => json(response, 404, {message: 'Application not found.'}));
		await expect(client.getApplication('nope')).rejects.toBeInstanceOf(NotFoundError);
		expect(attempts()).toBe(1);
	});

	it('retries 408 and 425', async () => {
		const {client, attempts} = await serve((_request, response, attempt) => json(response, attempt === 1 ? 408 : attempt === 2 ? 425 : 200, attempt > 2 ? [] : {message: 'x'}));
		await client.listProjects();
		expect(attempts()).toBe(3);
	});

	it('times out a hung request and retries it', async () => {
		const {client, attempts} = await serve(() => {
			// Never answers.
		});
		await expect(client.listApplications()).rejects.toBeInstanceOf(RequestTimeoutError);
		expect(attempts()).toBe(4);
	});

	it('never resends a create whose fate is unknown without first looking for the application', async () => {
		const seen: string[] = [];
		const {client} = await serve((request, response, attempt) => {
			seen.push(`${request.method} ${request.url}`);
			if (request.method === 'POST' && attempt === 1) {
				// The server created it, then the answer was lost.
				response.destroy();
				return;
			}

			if (request.method === 'GET') {
				// Another machine's application of the same name first: only the caller's own key identifies its own.
				json(response, 200, [
					{uuid: 'app-0', name: 'web-test-1', description: 'key=other', status: 'running', fqdn: null},
					{uuid: 'app-1', name: 'web-test-1', description: 'key=mine', status: 'exited', fqdn: null},
				]);
				return;
			}

			json(response, 201, {uuid: 'app-2'});
		});
		const created = await client.createDockerImageApplication(
			{
				project_uuid: 'p',
				server_uuid: 's',
				environment_name: 'production',
				environment_uuid: 'e',
				docker_registry_image_name: 'nginx',
				name: 'web-test-1',
			},
			{
				async findCreated() {
					const found = (await client.listOwnApplications()).find(application => application.description === 'key=mine');
					return found ? {uuid: found.uuid} : undefined;
				},
			},
		);
		expect(created.uuid).toBe('app-1');
		expect(seen).toEqual(['POST /api/v1/applications/dockerimage', 'GET /api/v1/applications?tag=coolify-tui']);
	});
});

describe('errors a user can act on', () => {
	it('names the fix for a refused connection, without retrying forever', async () => {
		const closed = createServer();
		await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
		const {port} = closed.address() as AddressInfo;
		await new Promise<void>(resolve => closed.close(() => resolve()));
		const client = new CoolifyClient({baseUrl: `http://127.0.0.1:${port}`, token, retry: {retries: 1, minDelayMs: 1}});
		const error = await client.listApplications().catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(UnreachableError);
		expect((error as Error).message).toMatch(/unreachable \(ECONNREFUSED\).*coolify\.baseUrl/);
	});

	it('maps 401 to the token fix', async () => {
		const {client} = await serve((_request, response) => json(response, 401, {message: 'Unauthenticated.'}));
		await expect(client.team()).rejects.toThrow(/401 Unauthenticated\..*COOLIFY_API_TOKEN/);
		await expect(client.team()).rejects.toBeInstanceOf(UnauthorizedError);
	});

	it('maps 403 to the missing ability and the abilities we recommend', async () => {
		const {client} = await serve((_request, response) => json(response, 403, {message: 'Missing required permissions: deploy'}));
		const error = (await client.startApplication('a').catch((error_: unknown) => error_)) as ForbiddenError;
		expect(error).toBeInstanceOf(ForbiddenError);
		expect(error.ability).toBe('deploy');
		expect(error.message).toContain('read, read:sensitive, write, deploy');
	});

	it('recognises the API being switched off', async () => {
		const {client} = await serve((_request, response) => json(response, 403, {success: true, message: 'API is disabled.'}));
		const error = (await client.team().catch((error_: unknown) => error_)) as ForbiddenError;
		expect(error.kind).toBe('api-disabled');
		expect(error.message).toContain('Settings -> Advanced');
	});

	it('normalises 422 field errors given as arrays or as single strings', async () => {
		const {client} = await serve((_request, response) =>
			json(response, 422, {
				message: 'Validation failed.',
				errors: {dockerfile: 'The dockerfile should be base64 encoded.', ports_exposes: ['The ports exposes format is invalid.']},
			}),
		);
		const error = (await client.updateApplication('a', {ports_exposes: '80'}).catch((error_: unknown) => error_)) as ValidationError;
		expect(error.fieldErrors).toEqual({
			dockerfile: ['The dockerfile should be base64 encoded.'],
			ports_exposes: ['The ports exposes format is invalid.'],
		});
		expect(error.message).toContain('dockerfile: The dockerfile should be base64 encoded.');
	});

	it('reports an HTML page where JSON was expected', async () => {
		const {client} = await serve((_request, response) => {
			response.writeHead(200, {'Content-Type': 'text/html'});
			response.end('<html><body>Login</body></html>');
		});
		await expect(client.listApplications()).rejects.toThrow(/HTML page instead of JSON/);
	});

	it('reports truncated JSON', async () => {
		const {client} = await serve((_request, response) => {
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end('[{"uuid": "a", "na');
		});
		await expect(client.listApplications()).rejects.toBeInstanceOf(BadResponseError);
	});

	it('says what to check when a 404 is not Coolify\'s (a wrong path in coolify.baseUrl, a proxy\'s page)', async () => {
		const {client} = await serve((_request, response) => {
			response.writeHead(404, {'Content-Type': 'text/html'});
			response.end('<!DOCTYPE html><html><body><h1>404</h1><p>Not Found</p></body></html>');
		});
		const error = (await client.listApplications().catch((error_: unknown) => error_)) as NotFoundError;
		expect(error).toBeInstanceOf(NotFoundError);
		expect(error.isMissingRoute).toBe(false);
		expect(error.isApplicationNotFound).toBe(false);
		expect(error.message).toBe(
			'GET /api/v1/applications was not found (404 without Coolify\'s JSON message): check that coolify.baseUrl points at Coolify, with its proxy path if it has one',
		);
	});

	it('never lets the token into an error message, even when the server echoes it', async () => {
		const {client} = await serve((_request, response) => json(response, 400, {message: `Invalid token ${token} supersecrettokenvalue.`}));
		const error = (await client.team().catch((error_: unknown) => error_)) as Error;
		expect(error.message).not.toContain('supersecrettokenvalue');
		expect(error.message).toContain('***');
	});
});

describe('requests', () => {
	it('sends the bearer token, JSON headers and a proxy path prefix', async () => {
		let seen: IncomingMessage | undefined;
		server = createServer((request, response) => {
			seen = request;
			json(response, 200, []);
		});
		await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
		const client = new CoolifyClient({baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/coolify/`, token});
		await client.listApplications({tag: 'coolify-tui'});
		expect(seen?.url).toBe('/coolify/api/v1/applications?tag=coolify-tui');
		expect(seen?.headers.authorization).toBe(`Bearer ${token}`);
		expect(seen?.headers.accept).toBe('application/json');
	});

	it('reads plain-text health and version, dropping a leading v', async () => {
		const {client} = await serve((request, response) => {
			response.writeHead(200, {'Content-Type': 'text/html; charset=UTF-8'});
			response.end(request.url === '/api/health' ? 'OK' : 'v4.3.11');
		});
		expect(await client.health()).toBe('OK');
		expect(await client.version()).toBe('4.3.11');
	});
});
