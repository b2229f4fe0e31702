import type {DeploymentRecord} from '../domain/records.js';
import type {ServiceContext} from './context.js';
import {createRedactor, mask, secretValues, type Redactor} from './redaction.js';

/** The secret values known for an application, or why some could not be known (then output must fail closed). */
export type ApplicationSecrets = {
	values: string[];
	/** Set when a secret's value could not be read back: which keys and why. Nothing live may be shown then. */
	unknown?: {keys: string[]; reason: string};
};

// Answers that gave every value are kept (context.secretsCache); a failed read (503, 429, no read:sensitive)
// only a few seconds, so one command does not ask twice but the next refresh asks again: a failure never
// turns masking off.
const failureMemoryMs = 5000;

/**
 * Secret values set on a record's application that this process may not know: values given with
 * `deploy --env` are stored nowhere (the record keeps them masked), yet a container may print them.
 * They are read back from Coolify (only for records with masked values), with any value Coolify marks
 * as shown once.
 */
export async function applicationSecrets(context: ServiceContext, record: DeploymentRecord): Promise<ApplicationSecrets> {
	const stored = record.environmentVariables ?? {};
	const maskedKeys = Object.keys(stored).filter(key => stored[key]!.includes(mask));
	const uuid = record.coolifyApplicationId;
	// Made on another machine: nothing here says which values are secret, so every value is.
	const isAdopted = record.origin === 'adopted';
	if ((maskedKeys.length === 0 && !isAdopted) || !uuid || record.deletedAt || record.cleanedAt) {
		return {values: []};
	}

	const {known, recentFailures} = context.secretsCache;
	const cached = known.get(uuid);
	if (cached) {
		return {values: cached};
	}

	const failed = recentFailures.get(uuid);
	if (failed && context.now() - failed.at < failureMemoryMs) {
		return {values: [], unknown: failed.unknown};
	}

	const fail = (unknown: NonNullable<ApplicationSecrets['unknown']>): ApplicationSecrets => {
		recentFailures.set(uuid, {at: context.now(), unknown});
		return {values: [], unknown};
	};

	let variables;
	try {
		variables = await context.client.listEnvironmentVariables(uuid);
	} catch (error) {
		return fail({keys: maskedKeys, reason: context.redact(error instanceof Error ? error.message : String(error))});
	}

	const values: Record<string, string> = {};
	const shownOnce: string[] = [];
	const hidden: string[] = [];
	const locked: string[] = [];
	for (const variable of variables) {
		const value = variable.real_value ?? variable.value;
		if (isAdopted || maskedKeys.includes(variable.key)) {
			if (typeof value === 'string') {
				// defineProperty: a key such as __proto__ must stay a plain entry.
				Object.defineProperty(values, variable.key, {value, enumerable: true});
			} else {
				(variable['is_shown_once'] === true ? locked : hidden).push(variable.key);
			}
		} else if (variable['is_shown_once'] === true && typeof value === 'string') {
			shownOnce.push(value);
		}
	}

	if (hidden.length > 0) {
		// Coolify leaves values out of its answer for a token without read:sensitive.
		return fail({keys: hidden, reason: 'Coolify did not send their values: the token needs the read:sensitive ability'});
	}

	if (locked.length > 0) {
		// ApplicationsController::removeSensitiveData hides a locked variable's value whatever the token.
		return fail({keys: locked, reason: 'they are locked in Coolify (shown once), and Coolify never sends a locked value back: unlock them to see the live log'});
	}

	// Keys stored as exactly *** are secrets; others hide a password inside a URL.
	const wholeKeys = isAdopted ? Object.keys(values) : maskedKeys.filter(key => stored[key] === mask);
	const secrets = [...secretValues(values, wholeKeys), ...shownOnce.filter(value => value.length > 0)];
	known.set(uuid, secrets);
	recentFailures.delete(uuid);
	return {values: secrets};
}

/** The one line said when live output is withheld because secret values are unknown. */
export function withheldNote(unknown: NonNullable<ApplicationSecrets['unknown']>): string {
	const keys = unknown.keys.join(', ');
	return `live log withheld: the values of ${keys} could not be read from Coolify to mask them (${unknown.reason})`;
}

/** The context's redactor plus the record's application secrets, and whether some are unknown. */
export async function redactorForRecord(context: ServiceContext, record: DeploymentRecord): Promise<{redact: Redactor; unknown?: ApplicationSecrets['unknown']}> {
	const secrets = await applicationSecrets(context, record);
	if (secrets.values.length === 0) {
		return {redact: context.redact, unknown: secrets.unknown};
	}

	const extra = createRedactor(secrets.values);
	return {redact: (text: string) => extra(context.redact(text)), unknown: secrets.unknown};
}
