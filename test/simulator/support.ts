import {afterEach, beforeEach} from 'vitest';
import {type Simulator, type SimulatorOptions, startSimulator} from '../../source/simulator/index.js';
import type {BuildLogEntry} from '../../source/coolify/types.js';

export type Answer = {status: number; headers: Headers; text: string; json: any};

/** A fresh manual-clock simulator per test: `const context = useSimulator(); context.sim...`. */
export function useSimulator(options: SimulatorOptions = {}): {sim: Simulator} {
	const context = {} as {sim: Simulator};
	beforeEach(async () => {
		context.sim = await startSimulator({clock: 'manual', ...options});
	});
	afterEach(async () => {
		await context.sim.close();
	});
	return context;
}

type CallOptions = {body?: unknown; rawBody?: string; token?: string | null; headers?: Record<string, string>};

/** A request to `/api/v1<path>` (or to `path` as is when it starts with `/api`), with the simulator's token. */
export async function call(sim: Simulator, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
	const url = path.startsWith('/api') || path.startsWith('/login') || path === '/' ? `${sim.baseUrl}${path}` : `${sim.baseUrl}/api/v1${path}`;
	const token = options.token === undefined ? sim.token : options.token;
	const hasBody = options.body !== undefined || options.rawBody !== undefined;
	const response = await fetch(url, {
		method,
		redirect: 'manual',
		headers: {
			accept: 'application/json',
			...(token === null ? {} : {authorization: `Bearer ${token}`}),
			...(hasBody ? {'content-type': 'application/json'} : {}),
			...options.headers,
		},
		body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}

	return {status: response.status, headers: response.headers, text, json};
}

export function base64(text: string): string {
	return Buffer.from(text, 'utf8').toString('base64');
}

export function imageBody(sim: Simulator, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		project_uuid: sim.seed.projectUuid,
		server_uuid: sim.seed.serverUuid,
		environment_name: sim.seed.environmentName,
		environment_uuid: sim.seed.environmentUuid,
		docker_registry_image_name: 'nginx:1.27',
		ports_exposes: '80',
		...overrides,
	};
}

export const sampleDockerfile = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nEXPOSE 3000\nCMD ["node", "server.js"]\n';

export function dockerfileBody(sim: Simulator, dockerfile = sampleDockerfile, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		project_uuid: sim.seed.projectUuid,
		server_uuid: sim.seed.serverUuid,
		environment_name: sim.seed.environmentName,
		environment_uuid: sim.seed.environmentUuid,
		dockerfile: base64(dockerfile),
		...overrides,
	};
}

/** Creates a docker-image application and returns its uuid. */
export async function createImageApp(sim: Simulator, overrides: Record<string, unknown> = {}): Promise<string> {
	const answer = await call(sim, 'POST', '/applications/dockerimage', {body: imageBody(sim, overrides)});
	if (answer.status !== 201) {
		throw new Error(`create failed: ${answer.status} ${answer.text}`);
	}

	return answer.json.uuid as string;
}

export async function startApp(sim: Simulator, uuid: string, query = ''): Promise<Answer> {
	return call(sim, 'POST', `/applications/${uuid}/start${query}`);
}

export async function getDeployment(sim: Simulator, uuid: string): Promise<any> {
	return (await call(sim, 'GET', `/deployments/${uuid}`)).json;
}

export async function appStatus(sim: Simulator, uuid: string): Promise<string> {
	return (await call(sim, 'GET', `/applications/${uuid}`)).json.status as string;
}

/** `logs` is a JSON-encoded string: parse it a second time. */
export function buildLogEntries(deployment: {logs?: string | null}): BuildLogEntry[] {
	return deployment.logs ? (JSON.parse(deployment.logs) as BuildLogEntry[]) : [];
}
