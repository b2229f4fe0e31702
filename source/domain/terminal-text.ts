/**
 * Text from Coolify, a container or a file must reach the terminal as text: an escape sequence in an
 * application's URL could retitle the terminal, write the clipboard (OSC 52) or hide lines, and bidi
 * controls could show a name other than the one it is. Each boundary (the client's decoded answers,
 * the data file and the config as they load) passes its strings through here once.
 */

// ESC-introduced strings (OSC `]`, DCS `P`, SOS `X`, PM `^`, APC `_`) and their 8-bit forms run to BEL or
// ST (ESC \ or 0x9C). An unterminated one ends at the end of its line, so it cannot swallow later lines.
const controlString = /(?:\u001B[\]PX^_]|[\u0090\u0098\u009D\u009E\u009F])[^\u0007\u001B\u009C\n]*(?:\u0007|\u001B\\|\u009C)?/g;
// CSI (ESC [ or 0x9B, parameters, intermediates, a final byte), then any other escape: ESC, optional
// intermediates, one final byte (ESC 7 / ESC 8 cursor save and restore, ESC c reset, ESC ( B charset).
const otherEscape = /(?:\u001B\[|\u009B)[0-?]*[ -/]*[@-~]?|\u001B[ -/]*[0-~]?/g;
// C0 controls except tab and newline, DEL, C1 controls, and the bidi controls (LRM, RLM, ALM, embeddings,
// overrides, isolates).
const unsafeCharacter = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const anythingUnsafe = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** The text with escape sequences, control characters and bidi controls removed; keeps newlines and tabs; CR and CRLF become newlines. */
export function terminalSafe(text: string): string {
	if (!anythingUnsafe.test(text)) {
		return text;
	}

	return text.replace(controlString, '').replace(otherEscape, '').replace(/\r\n?/g, '\n').replace(unsafeCharacter, '');
}

/** `terminalSafe` as one line: line breaks and tabs become spaces. */
export function terminalSafeLine(text: string): string {
	return terminalSafe(text).replace(/[\n\t]/g, ' ');
}

// In JSON text, a string can hold an unsafe character only as a \u, \b, \f or \r escape or as the raw
// character (C1 and bidi controls need no escape). Matching an escaped backslash too only costs a walk.
const jsonMayHoldUnsafe = /\\[ubfr]|[\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/**
 * A copy of a decoded JSON value (or any tree of plain objects and arrays) with every string, keys
 * included, passed through `terminalSafe`. Untouched subtrees are returned as they are, not copied.
 * Given the JSON text it was parsed from, a text that cannot hold anything unsafe skips the walk (one
 * search of the text costs far less than visiting every string of a 1,000-record file).
 */
export function terminalSafeJson<T>(value: T, sourceText?: string): T {
	if (sourceText !== undefined && !jsonMayHoldUnsafe.test(sourceText)) {
		return value;
	}

	return cleanValue(value) as T;
}

function cleanValue(value: unknown): unknown {
	if (typeof value === 'string') {
		return terminalSafe(value);
	}

	if (Array.isArray(value)) {
		let copy: unknown[] | undefined;
		for (let index = 0; index < value.length; index++) {
			const cleaned = cleanValue(value[index]);
			if (cleaned !== value[index]) {
				copy ??= [...value];
				copy[index] = cleaned;
			}
		}

		return copy ?? value;
	}

	if (value !== null && typeof value === 'object') {
		let copy: Record<string, unknown> | undefined;
		const entries = Object.entries(value);
		for (const [key, item] of entries) {
			const cleanKey = terminalSafe(key);
			const cleaned = cleanValue(item);
			if (cleanKey !== key || cleaned !== item) {
				copy ??= {};
				break;
			}
		}

		if (!copy) {
			return value;
		}

		for (const [key, item] of entries) {
			// defineProperty: a key such as __proto__ must stay a plain entry.
			Object.defineProperty(copy, terminalSafe(key), {value: cleanValue(item), enumerable: true, writable: true, configurable: true});
		}

		return copy;
	}

	return value;
}
