/**
 * Validators built from Coolify's OpenAPI spec (../shared/coolify/openapi.yaml, never copied into the repo),
 * for checking the simulator's answers and the client's request bodies (via `sim.requests`).
 *
 * The spec is OpenAPI 3.1 (JSON Schema 2020-12) with some 3.0 habits, so each schema is prepared first:
 * - every `$ref` is inlined (a cycle becomes `{}`);
 * - `nullable: true` becomes a `null` member of `type` (and of `enum`);
 * - request bodies are strict: an object schema that lists `properties` and says nothing about
 *   `additionalProperties` gets `additionalProperties: false`, because Coolify answers 422
 *   "This field is not allowed." for unknown fields;
 * - responses accept `null` for every listed property by default (`nullable: 'all'`), because the real server
 *   serialises empty database columns as null whatever the spec says (`fqdn`, `description`, ...). Pass
 *   `{nullable: 'declared'}` to allow null only where the spec says `nullable: true`.
 *
 * Everything throws when the spec file is missing: guard suites with `hasOpenApi` (see `describeWithSpec`).
 */
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {Ajv2020, type ErrorObject} from 'ajv/dist/2020.js';
import {parse} from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Override with COOLIFY_OPENAPI_PATH. */
export const specPath = process.env.COOLIFY_OPENAPI_PATH ?? path.resolve(repoRoot, '../shared/coolify/openapi.yaml');

type SchemaNode = Record<string, unknown>;

type Operation = {
	requestBody?: {content?: Record<string, {schema?: SchemaNode}>};
	responses?: Record<string, SchemaNode>;
};

export type OpenApiSpec = {
	openapi: string;
	paths: Record<string, Record<string, Operation>>;
	components?: {schemas?: Record<string, SchemaNode>; responses?: Record<string, SchemaNode>};
};

export type ValidationResult = {valid: boolean; errors: string[]};

export type BodyValidator = (data: unknown) => ValidationResult;

export type ResponseValidatorOptions = {
	/** @default 'all' */
	nullable?: 'all' | 'declared';
	/** @default 'application/json', or the only media type the response has */
	mediaType?: string;
};

let cached: OpenApiSpec | null | undefined;

/** The parsed spec, or undefined when the file is missing. */
export function loadOpenApi(): OpenApiSpec | undefined {
	if (cached === undefined) {
		cached = existsSync(specPath) ? (parse(readFileSync(specPath, 'utf8')) as OpenApiSpec) : null;
	}

	return cached ?? undefined;
}

export const hasOpenApi = existsSync(specPath);

/** A note for skipped suites. */
export const missingSpecMessage = `openapi.yaml not found at ${specPath}; spec conformance tests skipped`;

function requireSpec(): OpenApiSpec {
	const spec = loadOpenApi();
	if (!spec) {
		throw new Error(missingSpecMessage);
	}

	return spec;
}

function resolvePointer(spec: OpenApiSpec, reference: string): SchemaNode {
	if (!reference.startsWith('#/')) {
		throw new Error(`only local $refs are supported, got ${reference}`);
	}

	let node: unknown = spec;
	for (const part of reference.slice(2).split('/')) {
		node = (node as Record<string, unknown> | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
	}

	if (!node || typeof node !== 'object') {
		throw new Error(`unresolvable $ref ${reference}`);
	}

	return node as SchemaNode;
}

function withNull(schema: SchemaNode): SchemaNode {
	const result = {...schema};
	if (typeof result.type === 'string' && result.type !== 'null') {
		result.type = [result.type, 'null'];
	} else if (Array.isArray(result.type) && !result.type.includes('null')) {
		result.type = [...result.type, 'null'];
	}

	if (Array.isArray(result.enum) && !result.enum.includes(null)) {
		result.enum = [...result.enum, null];
	}

	return result;
}

type PrepareMode = {strictObjects: boolean; nullableProperties: boolean};

function prepare(spec: OpenApiSpec, node: unknown, mode: PrepareMode, seen: string[] = []): unknown {
	if (Array.isArray(node)) {
		return node.map(item => prepare(spec, item, mode, seen));
	}

	if (!node || typeof node !== 'object') {
		return node;
	}

	const source = node as SchemaNode;
	if (typeof source.$ref === 'string') {
		return seen.includes(source.$ref) ? {} : prepare(spec, resolvePointer(spec, source.$ref), mode, [...seen, source.$ref]);
	}

	let result: SchemaNode = {};
	for (const [key, value] of Object.entries(source)) {
		if (key === 'properties' && value && typeof value === 'object') {
			result.properties = Object.fromEntries(
				Object.entries(value).map(([name, property]) => {
					const prepared = prepare(spec, property, mode, seen) as SchemaNode;
					return [name, mode.nullableProperties ? withNull(prepared) : prepared];
				}),
			);
		} else if (key !== 'example' && key !== 'nullable') {
			result[key] = prepare(spec, value, mode, seen);
		}
	}

	if (source.nullable === true) {
		result = withNull(result);
	}

	if (mode.strictObjects && result.properties && result.additionalProperties === undefined) {
		result.additionalProperties = false;
	}

	return result;
}

function collectFormats(node: unknown, formats: Set<string>) {
	if (Array.isArray(node)) {
		for (const item of node) {
			collectFormats(item, formats);
		}
	} else if (node && typeof node === 'object') {
		for (const [key, value] of Object.entries(node)) {
			if (key === 'format' && typeof value === 'string') {
				formats.add(value);
			} else {
				collectFormats(value, formats);
			}
		}
	}
}

let ajv: Ajv2020 | undefined;

function getAjv(): Ajv2020 {
	if (!ajv) {
		ajv = new Ajv2020({strict: false, allErrors: true, validateSchema: false});
		const formats = new Set<string>();
		collectFormats(requireSpec(), formats);
		for (const format of formats) {
			// Only date-time is checked; int32, float and the spec's own formats are informational.
			ajv.addFormat(format, format === 'date-time' ? /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i : true);
		}
	}

	return ajv;
}

function describeError(error: ErrorObject): string {
	const where = error.instancePath || '/';
	const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
	return `${where} ${error.message ?? error.keyword}${extra}`;
}

const compiled = new Map<string, BodyValidator>();

/** Compiles once per key: big schemas such as `Application` take a while. */
function cachedValidator(key: string, build: () => unknown): BodyValidator {
	let validator = compiled.get(key);
	if (!validator) {
		validator = compile(build());
		compiled.set(key, validator);
	}

	return validator;
}

function compile(schema: unknown): BodyValidator {
	const validate = getAjv().compile(schema as SchemaNode);
	return data => {
		const valid = validate(data) as boolean;
		return {valid, errors: valid ? [] : (validate.errors ?? []).map(error => describeError(error))};
	};
}

function getOperation(method: string, pathTemplate: string): Operation {
	const spec = requireSpec();
	const operation = spec.paths[pathTemplate]?.[method.toLowerCase()];
	if (!operation) {
		throw new Error(`the spec has no operation ${method.toUpperCase()} ${pathTemplate}`);
	}

	return operation;
}

/** Validates a request body the way Coolify's allowed-field lists do: unknown fields are errors. */
export function requestBodyValidator(method: string, pathTemplate: string, options: {strict?: boolean} = {}): BodyValidator {
	const spec = requireSpec();
	const content = getOperation(method, pathTemplate).requestBody?.content;
	const schema = content?.['application/json']?.schema;
	if (!schema) {
		throw new Error(`${method.toUpperCase()} ${pathTemplate} has no JSON request body in the spec`);
	}

	const strict = options.strict ?? true;
	return cachedValidator(`request ${method.toUpperCase()} ${pathTemplate} ${strict}`, () => prepare(spec, schema, {strictObjects: strict, nullableProperties: false}));
}

/** Validates a response body for one status; throws when the spec documents no schema for it. */
export function responseValidator(method: string, pathTemplate: string, status: number | string, options: ResponseValidatorOptions = {}): BodyValidator {
	const spec = requireSpec();
	const declared = getOperation(method, pathTemplate).responses?.[String(status)];
	if (!declared) {
		throw new Error(`the spec documents no ${status} answer for ${method.toUpperCase()} ${pathTemplate}`);
	}

	const response = typeof declared.$ref === 'string' ? resolvePointer(spec, declared.$ref) : declared;
	const content = (response.content ?? {}) as Record<string, {schema?: SchemaNode}>;
	const mediaTypes = Object.keys(content);
	const mediaType = options.mediaType ?? (mediaTypes.length === 1 ? mediaTypes[0] : 'application/json');
	const schema = content[mediaType]?.schema;
	if (!schema) {
		throw new Error(`the ${status} answer of ${method.toUpperCase()} ${pathTemplate} has no ${mediaType} schema`);
	}

	const nullable = options.nullable ?? 'all';
	return cachedValidator(`response ${method.toUpperCase()} ${pathTemplate} ${status} ${mediaType} ${nullable}`, () =>
		prepare(spec, schema, {strictObjects: false, nullableProperties: nullable === 'all'}),
	);
}

/** Validates against the shared `#/components/responses/<status>` (400, 401, 404, 422, 429). */
export function commonResponseValidator(status: number | string, options: ResponseValidatorOptions = {}): BodyValidator {
	const spec = requireSpec();
	const response = spec.components?.responses?.[String(status)];
	const schema = (response?.content as Record<string, {schema?: SchemaNode}> | undefined)?.[options.mediaType ?? 'application/json']?.schema;
	if (!schema) {
		throw new Error(`the spec has no shared ${status} response`);
	}

	const nullable = options.nullable ?? 'all';
	return cachedValidator(`common ${status} ${nullable}`, () => prepare(spec, schema, {strictObjects: false, nullableProperties: nullable === 'all'}));
}

/** Validates against `#/components/schemas/<name>` (e.g. `ApplicationDeploymentQueue`). */
export function schemaValidator(name: string, options: Pick<ResponseValidatorOptions, 'nullable'> = {}): BodyValidator {
	const spec = requireSpec();
	const schema = spec.components?.schemas?.[name];
	if (!schema) {
		throw new Error(`the spec has no component schema ${name}`);
	}

	const nullable = options.nullable ?? 'all';
	return cachedValidator(`schema ${name} ${nullable}`, () => prepare(spec, schema, {strictObjects: false, nullableProperties: nullable === 'all'}));
}

/** The spec's template for an actual API path (`/applications/abc` -> `/applications/{uuid}`), literal segments first. */
export function findPathTemplate(actualPath: string): string | undefined {
	const spec = requireSpec();
	const path = actualPath.replace(/^.*\/api\/v1(?=\/)/, '').replace(/\?.*$/, '');
	const candidates = Object.keys(spec.paths).filter(template => {
		const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
		return pattern.test(path);
	});
	const literalCount = (template: string) => template.split('/').filter(part => part && !part.startsWith('{')).length;
	return candidates.sort((a, b) => literalCount(b) - literalCount(a))[0];
}
