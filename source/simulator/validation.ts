/**
 * A small Laravel-style validator: the same rules, order and messages as Coolify's `customApiValidator`.
 * Each field's errors are an array of strings; Coolify's hand-written checks (base64, port uniqueness)
 * answer a single string instead, which is the mixed-shape quirk clients must tolerate.
 */
export type Rule =
	| 'required'
	| 'nullable'
	| 'string'
	| 'boolean'
	| 'integer'
	| 'numeric'
	| 'array'
	| {regex: RegExp}
	| {max: number}
	| {min: number}
	| {in: readonly string[]};

export type Rules = Record<string, readonly Rule[]>;

export type FieldErrors = Record<string, string[] | string>;

type Input = Record<string, unknown>;

function attributeName(field: string): string {
	return field.replaceAll('_', ' ');
}

function isNumeric(value: unknown): boolean {
	return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));
}

function isEmpty(value: unknown): boolean {
	return value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function check(rule: Rule, value: unknown, attribute: string): string | undefined {
	if (rule === 'string') {
		return typeof value === 'string' ? undefined : `The ${attribute} field must be a string.`;
	}

	if (rule === 'boolean') {
		return [true, false, 0, 1, '0', '1'].includes(value as never) ? undefined : `The ${attribute} field must be true or false.`;
	}

	if (rule === 'integer') {
		return isNumeric(value) && Number.isInteger(Number(value)) ? undefined : `The ${attribute} field must be an integer.`;
	}

	if (rule === 'numeric') {
		return isNumeric(value) ? undefined : `The ${attribute} field must be a number.`;
	}

	if (rule === 'array') {
		// PHP arrays are also JSON objects.
		return typeof value === 'object' && value !== null ? undefined : `The ${attribute} field must be an array.`;
	}

	if (rule === 'required' || rule === 'nullable') {
		return undefined;
	}

	if ('regex' in rule) {
		return (typeof value === 'string' || isNumeric(value)) && rule.regex.test(String(value)) ? undefined : `The ${attribute} field format is invalid.`;
	}

	if ('max' in rule) {
		return typeof value === 'string' && value.length > rule.max ? `The ${attribute} field must not be greater than ${rule.max} characters.` : undefined;
	}

	if ('min' in rule) {
		return typeof value === 'string' && value.length < rule.min ? `The ${attribute} field must be at least ${rule.min} characters.` : undefined;
	}

	return rule.in.includes(String(value)) ? undefined : `The selected ${attribute} is invalid.`;
}

function validateValue(field: string, value: unknown, present: boolean, rules: readonly Rule[], errors: Record<string, string[]>) {
	const attribute = attributeName(field);
	if (rules.includes('required') && isEmpty(value)) {
		errors[field] = [`The ${attribute} field is required.`];
		return;
	}

	if (!present || (value === null && rules.includes('nullable'))) {
		return;
	}

	const messages = rules.map(rule => check(rule, value, attribute)).filter((message): message is string => message !== undefined);
	if (messages.length > 0) {
		errors[field] = messages;
	}
}

/** Runs `rules` over `input`; a `field.*` rule applies to every item of that array field. */
export function validateFields(input: Input, rules: Rules): Record<string, string[]> {
	const errors: Record<string, string[]> = {};
	for (const [field, fieldRules] of Object.entries(rules)) {
		if (field.endsWith('.*')) {
			const list = input[field.slice(0, -2)];
			if (Array.isArray(list)) {
				for (const [index, item] of list.entries()) {
					validateValue(`${field.slice(0, -2)}.${index}`, item, true, fieldRules, errors);
				}
			}

			continue;
		}

		validateValue(field, input[field], Object.hasOwn(input, field), fieldRules, errors);
	}

	return errors;
}

/** Adds `"This field is not allowed."` for every key outside `allowed`, after the rule errors (as Coolify does). */
export function addUnknownFieldErrors(input: Input, allowed: ReadonlySet<string>, errors: Record<string, string[]>) {
	for (const field of Object.keys(input)) {
		if (!allowed.has(field)) {
			errors[field] = [...(errors[field] ?? []), 'This field is not allowed.'];
		}
	}
}

/**
 * Laravel's global TrimStrings and ConvertEmptyStringsToNull middleware: strings are trimmed and `""`
 * becomes null before validation, so `"domains": ""` fails a plain `string` rule.
 */
export function normalizeInput(input: Input): Input {
	const normalize = (value: unknown): unknown => {
		if (typeof value === 'string') {
			const trimmed = value.trim();
			return trimmed === '' ? null : trimmed;
		}

		if (Array.isArray(value)) {
			return value.map(item => normalize(item));
		}

		if (typeof value === 'object' && value !== null) {
			return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalize(item)]));
		}

		return value;
	};

	return normalize(input) as Input;
}

/** PHP's `isBase64Encoded`: strict decode then re-encode must give the same text. */
export function isStrictBase64(value: unknown): value is string {
	if (typeof value !== 'string' || !/^[A-Za-z\d+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
		return false;
	}

	return Buffer.from(value, 'base64').toString('base64') === value;
}

/** ApplicationsController::create_application checks `mb_detect_encoding($decoded, 'UTF-8', true)`: valid UTF-8. */
export function decodeUtf8Base64(value: string): string | undefined {
	try {
		return new TextDecoder('utf-8', {fatal: true}).decode(Buffer.from(value, 'base64'));
	} catch {
		return undefined;
	}
}

/** Laravel's `$request->boolean()`: "1", "true", "on" and "yes" are true. */
export function queryBoolean(value: string | undefined, fallback: boolean): boolean {
	if (value === undefined) {
		return fallback;
	}

	return ['1', 'true', 'on', 'yes'].includes(value.toLowerCase());
}

/** `validateDataApplications` checks custom labels with `mb_detect_encoding($decoded, 'ASCII', true)`. */
export function decodeAsciiBase64(value: string): string | undefined {
	const decoded = Buffer.from(value, 'base64').toString('latin1');
	return /^[\u0000-\u007F]*$/.test(decoded) ? decoded : undefined;
}
