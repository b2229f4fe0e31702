import {randomInt} from 'node:crypto';

const letters = 'abcdefghijklmnopqrstuvwxyz';
const alphabet = `${letters}0123456789`;

function randomString(length: number, characters: string): string {
	let text = '';
	for (let index = 0; index < length; index++) {
		text += characters[randomInt(characters.length)];
	}

	return text;
}

/** A cuid2-looking id (24 lowercase letters and digits, starting with a letter), as Coolify uses for uuids. */
export function createUuid(): string {
	return randomString(1, letters) + randomString(23, alphabet);
}

/** A Sanctum-style plain-text token: `<id>|<secret>`. */
export function createToken(): string {
	return `${randomInt(1, 100)}|${randomString(40, alphabet + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}`;
}

/** Eloquent's JSON date format: `2025-01-31T12:00:00.000000Z`. */
export function toTimestamp(ms: number): string {
	return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Docker's `--timestamps` format: RFC 3339 with nanoseconds. */
export function toDockerTimestamp(ms: number): string {
	return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
