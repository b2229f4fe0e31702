import {validationFailed} from './application-input.js';
import {createUuid} from './ids.js';
import {readJsonInput} from './request-body.js';
import {type Route, type RouteContext, type RouteResponse, message, reply} from './router.js';
import {applicationNotFound} from './routes-applications.js';
import {serializeEnvironmentVariable} from './serialize.js';
import {type ApplicationRecord, type EnvironmentVariableRecord, findApplication, takeId} from './state.js';
import {type Rules, addUnknownFieldErrors, validateFields} from './validation.js';

const flags = ['is_preview', 'is_literal', 'is_multiline', 'is_shown_once', 'is_runtime', 'is_buildtime'] as const;

const envRules: Rules = {
	key: ['string', 'required'],
	value: ['string', 'nullable'],
	...Object.fromEntries(flags.map(flag => [flag, ['boolean']])),
	comment: ['string', 'nullable', {max: 256}],
};

const envFields = new Set(['key', 'value', ...flags, 'comment']);

const asBoolean = (value: unknown, fallback: boolean) => (value === undefined || value === null ? fallback : [true, 1, '1'].includes(value as never));

/** Creates or updates the variable with this key (preview and normal variables are separate). */
function upsert(application: ApplicationRecord, input: Record<string, unknown>, context: RouteContext): EnvironmentVariableRecord {
	const isPreview = asBoolean(input.is_preview, false);
	let env = application.envs.find(candidate => candidate.key === input.key && candidate.isPreview === isPreview);
	if (!env) {
		env = {
			id: takeId(context.state, 'env'),
			uuid: createUuid(),
			key: String(input.key),
			value: null,
			isPreview,
			isLiteral: false,
			isMultiline: false,
			isShownOnce: false,
			isRuntime: true,
			isBuildtime: true,
			comment: null,
			createdAt: context.now,
			updatedAt: context.now,
		};
		application.envs.push(env);
	}

	env.value = (input.value as string | null | undefined) ?? env.value;
	env.isLiteral = asBoolean(input.is_literal, env.isLiteral);
	env.isMultiline = asBoolean(input.is_multiline, env.isMultiline);
	env.isShownOnce = asBoolean(input.is_shown_once, env.isShownOnce);
	env.isRuntime = asBoolean(input.is_runtime, env.isRuntime);
	env.isBuildtime = asBoolean(input.is_buildtime, env.isBuildtime);
	env.comment = input.comment === undefined ? env.comment : (input.comment as string | null);
	env.updatedAt = context.now;
	return env;
}

function withApplication(handle: (context: RouteContext, application: ApplicationRecord, input: Record<string, unknown>) => RouteResponse) {
	return (context: RouteContext): RouteResponse => {
		const read = readJsonInput(context);
		if ('error' in read) {
			return read.error;
		}

		const application = findApplication(context.state, context.params.uuid);
		return application ? handle(context, application, read.input) : applicationNotFound({fullStop: false});
	};
}

function validateOne(input: Record<string, unknown>, rules: Rules, strict: boolean): RouteResponse | undefined {
	const errors = validateFields(input, rules);
	if (strict) {
		addUnknownFieldErrors(input, envFields, errors);
	}

	return Object.keys(errors).length > 0 ? validationFailed(errors) : undefined;
}

export const envRoutes: Route[] = [
	{
		method: 'GET',
		template: '/applications/{uuid}/envs',
		ability: 'read',
		handle(context) {
			const application = findApplication(context.state, context.params.uuid);
			if (!application) {
				return applicationNotFound({fullStop: false});
			}

			return reply(200, application.envs.map(env => serializeEnvironmentVariable(env, context.canReadSensitive, context.state.version)));
		},
	},
	{
		method: 'POST',
		template: '/applications/{uuid}/envs',
		ability: 'write',
		handle: withApplication((context, application, input) => {
			const invalid = validateOne(input, envRules, true);
			if (invalid) {
				return invalid;
			}

			const isPreview = asBoolean(input.is_preview, false);
			if (application.envs.some(env => env.key === input.key && env.isPreview === isPreview)) {
				return message(409, 'Environment variable already exists. Use PATCH request to update it.');
			}

			return reply(201, {uuid: upsert(application, input, context).uuid});
		}),
	},
	{
		method: 'PATCH',
		template: '/applications/{uuid}/envs',
		ability: 'write',
		handle: withApplication((context, application, input) => {
			const invalid = validateOne(input, {...envRules, value: ['string', 'required']}, true);
			if (invalid) {
				return invalid;
			}

			const isPreview = asBoolean(input.is_preview, false);
			if (!application.envs.some(env => env.key === input.key && env.isPreview === isPreview)) {
				return message(404, 'Environment variable not found.');
			}

			return reply(201, serializeEnvironmentVariable(upsert(application, input, context), context.canReadSensitive, context.state.version));
		}),
	},
	{
		method: 'PATCH',
		template: '/applications/{uuid}/envs/bulk',
		ability: 'write',
		handle: withApplication((context, application, input) => {
			const data = input.data;
			if (!Array.isArray(data) || data.length === 0) {
				return message(400, 'Bulk data is required.');
			}

			// Coolify keeps only the known keys of each item: unknown ones are dropped silently here.
			const items = data.map(item =>
				Object.fromEntries(Object.entries(typeof item === 'object' && item !== null ? item : {}).filter(([key]) => envFields.has(key))),
			);
			for (const item of items) {
				const invalid = validateOne(item, envRules, false);
				if (invalid) {
					return invalid;
				}
			}

			const saved = items.map(item => upsert(application, item, context));
			return reply(201, saved.map(env => serializeEnvironmentVariable(env, context.canReadSensitive, context.state.version)));
		}),
	},
	{
		method: 'DELETE',
		template: '/applications/{uuid}/envs/{env_uuid}',
		ability: 'write',
		handle(context) {
			const application = findApplication(context.state, context.params.uuid);
			if (!application) {
				return applicationNotFound();
			}

			const before = application.envs.length;
			application.envs = application.envs.filter(env => env.uuid !== context.params.env_uuid);
			return application.envs.length === before
				? message(404, 'Environment variable not found.')
				: message(200, 'Environment variable deleted.');
		},
	},
];
