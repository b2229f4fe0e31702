/**
 * Every answer the client uses is checked here, at the boundary, with valibot schemas: a mismatch is one
 * `UnexpectedAnswerError` naming the request, what came and what was expected. Objects stay loose (Coolify
 * sends many more fields than we read); only the fields coolify-tui relies on are checked.
 *
 * Lists are read as Coolify really sends them: an array, or an object whose values are the items. Laravel
 * serialises a collection that was sorted and never re-indexed as an object keyed by position
 * (`DeployController::deployments`, `->get()->sortBy('id')`; coollabsio/coolify#10077).
 */
import * as v from 'valibot';
import {UnexpectedAnswerError, type RequestDescription} from './errors.js';

const text = v.string();
const optionalText = v.optional(v.nullable(v.string()));
const optionalNumber = v.optional(v.nullable(v.number()));

export const teamSchema = v.looseObject({id: v.number(), name: text});

export const environmentSchema = v.looseObject({uuid: text, name: text, id: optionalNumber});

export const projectSchema = v.looseObject({
	uuid: text,
	name: text,
	description: optionalText,
	environments: v.optional(v.array(environmentSchema)),
});

export const serverSchema = v.looseObject({
	uuid: text,
	name: text,
	settings: v.optional(v.nullable(v.looseObject({is_reachable: v.optional(v.nullable(v.boolean())), is_usable: v.optional(v.nullable(v.boolean()))}))),
});

export const destinationSchema = v.looseObject({uuid: text, name: text, network: text});

export const applicationSchema = v.looseObject({
	uuid: text,
	name: text,
	status: text,
	description: optionalText,
	fqdn: optionalText,
});

/** `logs` is a JSON-encoded string; it is dropped from lists as they stream in (see transport `dropFields`). */
export const deploymentSchema = v.looseObject({
	deployment_uuid: text,
	status: text,
	application_name: optionalText,
	logs: optionalText,
	finished_at: optionalText,
});

export const environmentVariableSchema = v.looseObject({uuid: text, key: text});

export const messageSchema = v.looseObject({message: text});

export const startSchema = v.looseObject({message: text, deployment_uuid: v.optional(v.string())});

export const createdSchema = v.looseObject({uuid: v.optional(v.string()), domains: optionalText, message: v.optional(v.string())});

export const uuidSchema = v.looseObject({uuid: text});

export const logsSchema = v.looseObject({logs: v.optional(v.nullable(v.string()))});

export const cancelSchema = v.looseObject({message: text, deployment_uuid: v.optional(v.string()), status: v.optional(v.string())});

/** An array, or an object whose values are the items (a Laravel collection that kept its keys). */
export function listOf<T extends v.GenericSchema>(item: T) {
	return v.pipe(
		v.union([v.array(v.unknown()), v.record(v.string(), v.unknown())]),
		v.transform(value => (Array.isArray(value) ? value : Object.values(value))),
		v.array(item),
	);
}

/** `GET /deployments/applications/{uuid}`: really `{count, deployments}` (the spec says `Application[]`). */
export const applicationDeploymentsSchema = v.union([
	v.pipe(
		listOf(deploymentSchema),
		v.transform(deployments => ({count: deployments.length, deployments})),
	),
	v.pipe(
		v.looseObject({count: v.optional(v.number()), deployments: listOf(deploymentSchema)}),
		v.transform(page => ({count: page.count ?? page.deployments.length, deployments: page.deployments})),
	),
]);

/** What a reader calls the value: "a string", "a list", "null". */
export function kindOf(value: unknown): string {
	if (value === null) {
		return 'null';
	}

	if (Array.isArray(value)) {
		return 'a list';
	}

	switch (typeof value) {
		case 'object': {
			return 'an object';
		}

		case 'number':
		case 'boolean':
		case 'string': {
			return `a ${typeof value}`;
		}

		default: {
			return 'nothing';
		}
	}
}

const expectations: Record<string, string> = {array: 'a list', object: 'an object', string: 'a string', number: 'a number', boolean: 'a boolean'};

/**
 * Checks `value` against `schema`. On a mismatch at the top the error says what the whole answer was
 * ("with a string; expected a list"); deeper, it names the field ("with an item whose status is a number;
 * expected a string").
 */
export function parseAnswer<T extends v.GenericSchema>(schema: T, value: unknown, expected: string, request: RequestDescription, status?: number): v.InferOutput<T> {
	const result = v.safeParse(schema, value);
	if (result.success) {
		return result.output;
	}

	const issue = deepestIssue(result.issues[0]);
	const path = (issue.path ?? []).map(step => step.key).filter(key => typeof key === 'string') as string[];
	if (path.length === 0) {
		throw new UnexpectedAnswerError(kindOf(value), expected, request, status);
	}

	const inList = (issue.path ?? []).some(step => step.type === 'array');
	const field = path.join('.');
	throw new UnexpectedAnswerError(
		`${inList ? 'an item' : 'an object'} whose ${field} is ${kindOf(issue.input)}`,
		expectations[issue.expected?.replace(/^.*?(array|object|string|number|boolean).*$/, '$1') ?? ''] ?? (issue.expected ?? 'another shape'),
		request,
		status,
	);
}

type Issue = v.BaseIssue<unknown>;

/** A union's issue hides the interesting ones under `issues`: the one with the longest path tells most. */
function deepestIssue(issue: Issue): Issue {
	let best = issue;
	for (const nested of issue.issues ?? []) {
		const candidate = deepestIssue(nested);
		if ((candidate.path?.length ?? 0) > (best.path?.length ?? 0)) {
			best = candidate;
		}
	}

	return best;
}
