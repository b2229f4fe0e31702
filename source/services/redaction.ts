/** Masks secrets before anything is shown, cached or printed. */

export const mask = '***';

/** Env keys whose values are treated as secret even when the pipeline does not list them. */
const secretLookingKey = /(TOKEN|SECRET|PASSW(OR)?D|PASSPHRASE|PWD|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|_KEY$|^KEY$|CREDENTIAL|AUTH|SESSION|COOKIE|SALT|DSN)/i;

/** Values shorter than this are masked in env listings but not searched for in free text (they would mask everything). */
export const minimumRedactedLength = 3;

export function isSecretKey(key: string, declaredSecrets: readonly string[] = []): boolean {
	return declaredSecrets.includes(key) || secretLookingKey.test(key);
}

/** The password part of `scheme://user:password@host` URLs in a value, if any. */
function urlPasswords(value: string): string[] {
	const passwords: string[] = [];
	for (const match of value.matchAll(/[a-z][\w+.-]*:\/\/[^:/@\s]*:([^@\s/]+)@/gi)) {
		passwords.push(match[1]!);
	}

	return passwords;
}

/** Every value that must never be shown: declared secrets, secret-looking keys, URL passwords. */
export function secretValues(env: Record<string, string>, declaredSecrets: readonly string[] = []): string[] {
	const values: string[] = [];
	for (const [key, value] of Object.entries(env)) {
		if (isSecretKey(key, declaredSecrets)) {
			values.push(value);
		} else {
			values.push(...urlPasswords(value));
		}
	}

	return values.filter(value => value.length > 0);
}

/** A copy of `env` with secret values replaced by `***` (and passwords inside URLs). */
export function maskEnvironment(env: Record<string, string>, declaredSecrets: readonly string[] = []): Record<string, string> {
	const masked: Record<string, string> = {};
	for (const [key, value] of Object.entries(env)) {
		if (isSecretKey(key, declaredSecrets)) {
			masked[key] = mask;
		} else {
			let safe = value;
			for (const password of urlPasswords(value)) {
				safe = safe.split(`:${password}@`).join(`:${mask}@`);
			}

			masked[key] = safe;
		}
	}

	return masked;
}

export type Redactor = (text: string) => string;

/** Replaces each secret (longest first, so one secret inside another cannot leak a tail) with `***`. */
export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
	const unique = [...new Set([...secrets].filter((secret): secret is string => typeof secret === 'string' && secret.length >= minimumRedactedLength))];
	unique.sort((a, b) => b.length - a.length);
	if (unique.length === 0) {
		return text => text;
	}

	return text => {
		let result = text;
		for (const secret of unique) {
			if (result.includes(secret)) {
				result = result.split(secret).join(mask);
			}
		}

		return result;
	};
}

/** The API token and its secret half (tokens look like `<id>|<secret>`). */
export function tokenSecrets(token: string): string[] {
	const secretHalf = token.includes('|') ? token.slice(token.indexOf('|') + 1) : undefined;
	return [token, secretHalf].filter((value): value is string => Boolean(value));
}
