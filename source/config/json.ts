/**
 * A strict JSON parser that reports line and column and rejects duplicate keys. JSON.parse keeps the
 * last of two equal keys silently, and V8's messages quote the source around the error, which could
 * put the API token into an error message; this parser never quotes file content.
 */

/** A syntax error at a 1-based line and column (in UTF-16 code units). */
export class JsonSyntaxError extends Error {
	override readonly name = 'JsonSyntaxError';

	constructor(
		readonly problem: string,
		readonly fix: string,
		readonly line: number,
		readonly column: number,
	) {
		super(`${problem} at line ${line} column ${column}`);
	}
}

const maxDepth = 64;
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const escapes: Record<string, string> = {'"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t'};

/** Parses `text` (a leading byte-order mark is ignored); throws JsonSyntaxError. */
export function parseJson(text: string): unknown {
	let index = text.startsWith('\uFEFF') ? 1 : 0;

	const fail = (problem: string, fix: string, at = index): never => {
		const before = text.slice(0, at);
		const line = before.split('\n').length;
		const column = at - (before.lastIndexOf('\n') + 1) + 1;
		throw new JsonSyntaxError(problem, fix, line, column);
	};

	const skipWhitespace = () => {
		while (index < text.length && ' \t\n\r'.includes(text[index])) {
			index++;
		}
	};

	const unexpected = (expected: string): never => {
		const char = text[index];
		if (char === undefined) {
			return fail('unexpected end of file', `the file ends before ${expected}`);
		}

		if (char === '/' && (text[index + 1] === '/' || text[index + 1] === '*')) {
			return fail('comments are not allowed in JSON', 'remove the comment');
		}

		if (expected === '":"') {
			return fail('missing ":" after the key', 'write "key": value');
		}

		if (expected.startsWith('","') && '"{[-0123456789tfn'.includes(char)) {
			return fail('missing comma', `add a comma before this ${expected.endsWith('"}"') ? 'key' : 'value'}`);
		}

		if (char === '\'') {
			return fail('single-quoted string', 'JSON strings use double quotes');
		}

		// Letters and digits may belong to a secret: describe them, never quote them.
		if (/[\p{L}\p{N}_$]/u.test(char)) {
			return fail(`unexpected text where ${expected} was expected`, 'strings need double quotes; true, false and null are lowercase');
		}

		const shown = char.charCodeAt(0) < 0x20 ? `U+${char.charCodeAt(0).toString(16).padStart(4, '0')}` : char === '"' ? '\'"\'' : `"${char}"`;
		return fail(`unexpected ${shown} where ${expected} was expected`, 'check the punctuation');
	};

	const parseString = (): string => {
		const start = index;
		index++;
		let result = '';
		for (;;) {
			const char = text[index];
			if (char === undefined) {
				return fail('unterminated string', 'close it with a double quote', start);
			}

			if (char === '"') {
				index++;
				return result;
			}

			if (char === '\\') {
				const escaped = text[index + 1];
				if (escaped === 'u' && /^[\da-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) {
					result += String.fromCharCode(Number.parseInt(text.slice(index + 2, index + 6), 16));
					index += 6;
					continue;
				}

				if (escaped !== undefined && escapes[escaped] !== undefined) {
					result += escapes[escaped];
					index += 2;
					continue;
				}

				return fail('invalid escape in string', 'write a backslash as \\\\');
			}

			if (char.charCodeAt(0) < 0x20) {
				return fail('control character or line break inside a string', 'write a line break as \\n and a tab as \\t');
			}

			result += char;
			index++;
		}
	};

	const parseValue = (depth: number): unknown => {
		skipWhitespace();
		if (depth > maxDepth) {
			return fail('nested too deeply', `keep nesting under ${maxDepth} levels`);
		}

		const char = text[index];
		if (char === '{') {
			return parseObject(depth);
		}

		if (char === '[') {
			return parseArray(depth);
		}

		if (char === '"') {
			return parseString();
		}

		for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
			if (text.startsWith(word, index)) {
				index += word.length;
				return value;
			}
		}

		numberPattern.lastIndex = index;
		const number = numberPattern.exec(text);
		if (number) {
			index += number[0].length;
			return Number(number[0]);
		}

		return unexpected('a value');
	};

	const parseObject = (depth: number): Record<string, unknown> => {
		const result: Record<string, unknown> = {};
		index++;
		skipWhitespace();
		if (text[index] === '}') {
			index++;
			return result;
		}

		for (;;) {
			skipWhitespace();
			if (text[index] === '}') {
				return fail('trailing comma before "}"', 'remove the last comma');
			}

			if (text[index] !== '"') {
				return unexpected('a double-quoted key');
			}

			const keyStart = index;
			const key = parseString();
			if (Object.hasOwn(result, key)) {
				return fail(`duplicate key ${JSON.stringify(key)}`, 'keep only one of them', keyStart);
			}

			skipWhitespace();
			if (text[index] !== ':') {
				return unexpected('":"');
			}

			index++;
			// defineProperty: a key named "__proto__" must stay a plain (and later rejected) key.
			Object.defineProperty(result, key, {value: parseValue(depth + 1), enumerable: true, writable: true, configurable: true});
			skipWhitespace();
			if (text[index] === ',') {
				index++;
				continue;
			}

			if (text[index] === '}') {
				index++;
				return result;
			}

			return unexpected('"," or "}"');
		}
	};

	const parseArray = (depth: number): unknown[] => {
		const result: unknown[] = [];
		index++;
		skipWhitespace();
		if (text[index] === ']') {
			index++;
			return result;
		}

		for (;;) {
			skipWhitespace();
			if (text[index] === ']') {
				return fail('trailing comma before "]"', 'remove the last comma');
			}

			result.push(parseValue(depth + 1));
			skipWhitespace();
			if (text[index] === ',') {
				index++;
				continue;
			}

			if (text[index] === ']') {
				index++;
				return result;
			}

			return unexpected('"," or "]"');
		}
	};

	skipWhitespace();
	if (index >= text.length) {
		return fail('the file is empty', 'see config.example.json for a starting point');
	}

	const value = parseValue(0);
	skipWhitespace();
	if (index < text.length) {
		return fail('unexpected content after the end of the JSON value', 'remove it, or wrap everything in one object');
	}

	return value;
}
