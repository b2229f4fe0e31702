import {describe, expect, it} from 'vitest';
import {JsonSyntaxError, parseJson} from '../../source/config/json.js';

function syntaxError(text: string): JsonSyntaxError {
	try {
		parseJson(text);
	} catch (error) {
		expect(error).toBeInstanceOf(JsonSyntaxError);
		return error as JsonSyntaxError;
	}

	throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseJson', () => {
	it.each([
		'{}', '[]', '0', '-0', '1.5e3', '-12.25E-2', '"x"', 'true', 'false', 'null',
		' \n\t{ "a" : [ 1 , {"b": null} , "c" ] }\r\n',
		String.raw`{"esc": "\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \ud83d\ude00"}`,
		'{"unicode": "é€😀"}',
		'{"nested": {"deeper": {"deepest": [[[]]]}}}',
		'[1e308, 123456789012345678901234567890, 0.1]',
		'{"": ""}',
	])('parses %j like JSON.parse', text => {
		expect(parseJson(text)).toEqual(JSON.parse(text));
	});

	it.each([
		'{', '}', '[1,]', '{"a":1,}', '01', '1.', '.5', '+1', '"\\x"', '"\\u12"', 'tru', 'nul', '{"a"}', '{a:1}',
		'[1 2]', '"a\u0001"', 'NaN', 'Infinity', '{"a":1}}', '\'a\'', '{"a": undefined}',
	])('rejects %j like JSON.parse', text => {
		expect(() => JSON.parse(text)).toThrow();
		expect(() => parseJson(text)).toThrow(JsonSyntaxError);
	});

	it('keeps "__proto__" as a plain own key', () => {
		const value = parseJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
		expect(Object.keys(value)).toEqual(['__proto__']);
		expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('rejects duplicate keys at their second occurrence', () => {
		const error = syntaxError('{\n  "a": 1,\n  "b": {"c": 1, "c": 2}\n}');
		expect([error.problem, error.line, error.column]).toEqual(['duplicate key "c"', 3, 17]);
	});

	it('counts lines and columns from 1', () => {
		const error = syntaxError('{\n\n   x');
		expect([error.line, error.column]).toEqual([3, 4]);
		expect(error.message).toBe('unexpected text where a double-quoted key was expected at line 3 column 4');
	});

	it('never quotes file content in its messages', () => {
		for (const text of ['{"token": SECRETVALUE}', '{"token": "SECRETVALUE",}', '{"token": "SECRETVALUE" "x": 1}', '{"SECRETVALUE"}', '"SECRETVALUE', 'SECRETVALUE']) {
			const error = syntaxError(text);
			expect(`${error.message} ${error.fix}`).not.toMatch(/SECRET|VALUE|S"/);
		}
	});

	it('limits nesting', () => {
		expect(syntaxError(`${'['.repeat(100)}${']'.repeat(100)}`).problem).toBe('nested too deeply');
		expect(parseJson(`${'['.repeat(30)}${']'.repeat(30)}`)).toBeInstanceOf(Array);
	});
});
