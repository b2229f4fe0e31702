import type {DeploymentRecord} from '../store/index.js';
import type {ServiceContext} from './context.js';
import {createRedactor, mask, secretValues, type Redactor} from './redaction.js';

// Per client (so every context over it shares the answers) and application: one request each.
const cache = new WeakMap<object, Map<string, Promise<string[]>>>();

/**
 * Secret values set on a record's application that this process may not know: values given with
 * `deploy --env` are stored nowhere (the record keeps them masked), yet a container may print them.
 * They are read back from Coolify once per application (only for records with masked values).
 */
export async function applicationSecrets(context: ServiceContext, record: DeploymentRecord): Promise<string[]> {
	const stored = record.environmentVariables ?? {};
	const maskedKeys = Object.keys(stored).filter(key => stored[key]!.includes(mask));
	const isAdopted = record.origin === 'adopted';
	if ((maskedKeys.length === 0 && !isAdopted) || !record.coolifyApplicationId || record.deletedAt || record.cleanedAt) {
		return [];
	}

	try {
		const variables = await context.client.listEnvironmentVariables(record.coolifyApplicationId);
		if (isAdopted) {
			// Made on another machine: nothing here says which values are secret, so every value is.
			return secretValues(Object.fromEntries(variables.map(variable => [variable.key, variable.real_value ?? variable.value ?? ''])), variables.map(variable => variable.key));
		}

		const values: Record<string, string> = {};
		for (const variable of variables) {
			if (maskedKeys.includes(variable.key)) {
				// defineProperty: a key such as __proto__ must stay a plain entry.
				Object.defineProperty(values, variable.key, {value: variable.real_value ?? variable.value ?? '', enumerable: true});
			}
		}

		// Keys stored as exactly *** are secrets; others hide a password inside a URL.
		return secretValues(values, maskedKeys.filter(key => stored[key] === mask));
	} catch {
		// Without read:sensitive Coolify hides the values, and without Coolify there are no new logs.
		return [];
	}
}

/** `applicationSecrets`, asked of Coolify once per client and application. */
export async function cachedApplicationSecrets(context: ServiceContext, record: DeploymentRecord): Promise<string[]> {
	const uuid = record.coolifyApplicationId;
	if (!uuid) {
		return [];
	}

	let perClient = cache.get(context.client);
	if (!perClient) {
		perClient = new Map();
		cache.set(context.client, perClient);
	}

	let secrets = perClient.get(uuid);
	if (!secrets) {
		secrets = applicationSecrets(context, record);
		perClient.set(uuid, secrets);
	}

	return secrets;
}

/** The context's redactor plus the record's application secrets. */
export async function redactorForRecord(context: ServiceContext, record: DeploymentRecord): Promise<Redactor> {
	const secrets = await cachedApplicationSecrets(context, record);
	if (secrets.length === 0) {
		return context.redact;
	}

	const extra = createRedactor(secrets);
	return (text: string) => extra(context.redact(text));
}
