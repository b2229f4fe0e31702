import {describe, expect, it} from 'vitest';
import {FieldDropper, type ListFields} from '../../source/coolify/field-dropper.js';

/** Feeds `json` in chunks of `size` characters (so keys, escapes and commas are cut across chunks). */
function thin(json: string, fields: ListFields, size: number): string {
	const dropper = new FieldDropper(fields);
	let out = '';
	for (let at = 0; at < json.length; at += size) {
		out += dropper.feed(json.slice(at, at + size));
	}

	return out;
}

const keep = {keep: ['uuid', 'name', 'status']};
const cases: Array<[string, unknown]> = [
	[
		'[{"a":1,"uuid":"x","b":{"c":[1,{"uuid":2}]},"name":"n\\"q","zz":"s,\\"}:","status":null}]',
		[{uuid: 'x', name: 'n"q', status: null}],
	],
	// A Laravel collection that kept its keys: the items are the object's values.
	['{"0":{"zz":1,"uuid":"u"},"1":{"uuid":"v","zz":[1,2]}}', {0: {uuid: 'u'}, 1: {uuid: 'v'}}],
	// Whitespace, items that are not objects (their strings are not keys), an empty object.
	['[ { "zz" : "a" , "uuid" : "b" , "q": true } , {"uuid":"c"}, ["uuid","x"], "s", 3, {} ]', [{uuid: 'b'}, {uuid: 'c'}, ['uuid', 'x'], 's', 3, {}]],
	['[{"zz":1}]', [{}]],
	// Escapes in keys and values, a key that only looks like a kept one, backslashes far apart.
	['[{"\\"uuid":"a","uu\\"id":2,"uuid":"x\\\\","name":"\\u0041"}]', [{uuid: 'x\\', name: 'A'}]],
	['[{"uuid":"a","logs":"big\\"log"}]', [{uuid: 'a'}]],
	// Escaped slashes as Laravel writes URLs, and runs of backslashes before quotes, in kept and removed members.
	['[{"fqdn":"http:\\/\\/a.b\\\\","uuid":"u\\\\\\"v","name":"\\\\","zz":"\\\\\\"\\\\"}]', [{uuid: 'u\\"v', name: '\\'}]],
	// A removed member whose value nests, with brackets, quotes and backslashes inside its strings.
	['[{"zz":{"a":"}]{[\\"\\\\","b":[{"c":"]\\\\"},[]]},"uuid":"k","yy":[["{"]]}]', [{uuid: 'k'}]],
];

describe('thinning list answers as they stream in', () => {
	for (const [json, expected] of cases) {
		it(`keeps only the named members of each item, whole, in ${json.slice(0, 40)}…`, () => {
			for (const size of [1, 2, 3, 7, 4096]) {
				expect(JSON.parse(thin(json, keep, size))).toEqual(expected);
			}
		});
	}

	it('drops values to null, and only at the item level', () => {
		for (const size of [1, 5, 4096]) {
			expect(JSON.parse(thin('[{"uuid":"a","logs":"x\\"}","n":{"logs":1}}]', {drop: ['logs']}, size))).toEqual([{uuid: 'a', logs: null, n: {logs: 1}}]);
		}
	});

	it('counts what a dropped value held, and nothing of a member removed whole', () => {
		const dropper = new FieldDropper({keep: ['uuid', 'logs'], drop: ['logs']});
		dropper.feed('[{"uuid":"a","logs":"0123456789","other":"abcdefghij"}]');
		expect(dropper.droppedLength).toBe('"0123456789"'.length);
	});

	it('passes broken JSON on broken, for the parser to refuse', () => {
		expect(() => JSON.parse(thin('[{"zz":1,}]', keep, 3))).toThrow();
		expect(() => JSON.parse(thin('[{"uuid":1,,"name":2}]', keep, 3))).toThrow();
	});
});
