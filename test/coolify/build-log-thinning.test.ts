import {describe, expect, it} from 'vitest';
import {BuildLogThinner, type BuildLogEntries} from '../../source/coolify/build-log-thinning.js';
import {parseBuildLogs} from '../../source/services/build-logs.js';
import {phpJsonEncode} from '../../source/simulator/php-json.js';

/** Feeds `json` in pieces of `size` characters, as the transport feeds decoded chunks. */
function thin(json: string, entries: BuildLogEntries, size: number): {text: string; thinner: BuildLogThinner} {
	const thinner = new BuildLogThinner(entries);
	let text = '';
	for (let at = 0; at < json.length; at += size) {
		text += thinner.feed(json.slice(at, at + size));
	}

	return {text: text + thinner.finish(), thinner};
}

type Entry = Record<string, unknown>;
const entry = (order: number, fields: Entry = {}): Entry => ({
	command: null,
	output: `line ${order}`,
	type: 'stdout',
	timestamp: '2026-12-03T02:29:33.067000Z',
	hidden: order % 3 !== 0,
	batch: 1,
	order,
	...fields,
});

/** A deployment answer as Coolify encodes it (PHP's json_encode: `\/`), its log a JSON string inside. */
function answer(logs: unknown, extra: Entry = {}): string {
	return phpJsonEncode({id: 2, deployment_uuid: 'dep-1', status: 'finished', commit_message: 'x', logs, finished_at: null, ...extra});
}

const lines = (json: string) => parseBuildLogs((JSON.parse(json) as {logs: string | null}).logs).lines;
const withoutLogs = (json: string) => ({...(JSON.parse(json) as Entry), logs: undefined});

// Strings that look like the places the thinning cuts at, quotes and backslashes in every position.
const tricky = [
	'},{"order":1,"hidden":false}',
	'a},{\\"b',
	'ends with },{',
	'"quoted" \\ back\\slash \\\\" },{"',
	'http://example.test/a/b',
	'unicode é ✔ \u2028 \u001B[31mred\u001B[0m',
	'{"nested":{"a":[{"b":1},{"c":2}]}}',
];

const cases: Array<[string, string]> = [
	['a long log, some entries visible', answer(phpJsonEncode(Array.from({length: 300}, (_, index) => entry(index))))],
	['tricky text in outputs and commands', answer(phpJsonEncode(tricky.flatMap((text, index) => [entry(index * 2, {output: text, hidden: false}), entry(index * 2 + 1, {command: text, output: text, hidden: true})])))],
	['a nested value inside an entry', answer(phpJsonEncode([entry(1), {...entry(2), extra: [{a: 1}, {b: 2}]}, entry(3), entry(6)]))],
	['entries with keys in another order', answer(phpJsonEncode([{hidden: true, output: 'h'}, {output: 'v', hidden: false}, {order: 1, output: 'w'}]))],
	['an empty log', answer('[]')],
	['no log yet', answer(null)],
	['a log that is not JSON', answer('plain text, },{\\"x and all')],
	['a log with spaces in its JSON', answer(JSON.stringify([entry(1), entry(3)], null, 1))],
	['logs before a member that holds the boundary', phpJsonEncode({logs: phpJsonEncode([entry(3), entry(6), entry(9)]), commit_message: '},{"z":1}', id: 3})],
	['"logs":" inside an earlier string', phpJsonEncode({commit_message: 'a "logs":"[ here', logs: phpJsonEncode([entry(3), entry(4), entry(6)])})],
	// Not the build log: its hidden entries stay.
	['a nested "logs" member first', phpJsonEncode({meta: {logs: phpJsonEncode([entry(1), entry(2), entry(3)])}, logs: phpJsonEncode([entry(3), entry(4), entry(6)])})],
	['no logs member at all', phpJsonEncode({id: 1, status: 'queued'})],
];

describe('thinning a deployment\'s build log as the answer streams in', () => {
	for (const [name, json] of cases) {
		it(`means what the whole answer means: ${name}`, () => {
			for (const size of [1, 2, 3, 5, 8, 13, 64, 4096, json.length]) {
				const {text} = thin(json, 'visible', size);
				expect(withoutLogs(text)).toEqual(withoutLogs(json));
				expect(lines(text)).toEqual(lines(json));
			}
		});
	}

	it('keeps only the visible entries, and drops what it leaves out from the count against the cap', () => {
		const entries = Array.from({length: 3000}, (_, index) => entry(index));
		const json = answer(phpJsonEncode(entries));
		const {text, thinner} = thin(json, 'visible', 65_536);
		const kept = JSON.parse((JSON.parse(text) as {logs: string}).logs) as Entry[];
		// The last entry may come through as it was (the thinning keeps no entry it has not seen end).
		expect(kept.slice(0, -1).every(item => item.hidden === false)).toBe(true);
		expect(kept.length).toBeGreaterThanOrEqual(1000);
		expect(kept.length).toBeLessThanOrEqual(1001);
		expect(text.length).toBeLessThan(json.length / 2);
		expect(thinner.droppedLength).toBe(json.length - text.length);
	});

	it('goes on thinning past text that only looks like the place between two entries', () => {
		const json = answer(phpJsonEncode([...tricky.map((text, index) => entry(index, {output: text, command: text})), ...Array.from({length: 300}, (_, index) => entry(index + 10, {hidden: true}))]));
		for (const size of [1, 7, 4096]) {
			const {text} = thin(json, 'visible', size);
			expect(lines(text)).toEqual(lines(json));
			expect(text.length).toBeLessThan(json.length / 4);
		}
	});

	it('keeps no entry when only the status is wanted', () => {
		const json = answer(phpJsonEncode(Array.from({length: 500}, (_, index) => entry(index, {hidden: false}))));
		for (const size of [7, 4096]) {
			const {text} = thin(json, 'none', size);
			expect(withoutLogs(text)).toEqual(withoutLogs(json));
			expect((JSON.parse((JSON.parse(text) as {logs: string}).logs) as Entry[]).length).toBeLessThanOrEqual(1);
		}
	});

	it('passes a broken answer on broken: the parser refuses it, or a broken log reads as text as before', () => {
		const json = answer(phpJsonEncode([entry(3), entry(6), entry(9), entry(12)]));
		expect(() => JSON.parse(thin(json.slice(0, -1), 'visible', 5).text)).toThrow();
		for (const broken of [json.replace('},{', '},,{'), json.replace('\\"output\\"', '\\"output'), json.replace(/\}\]"/, '}"')]) {
			const {text} = thin(broken, 'visible', 5);
			expect(lines(text)).toEqual(lines(broken));
			expect(lines(text)).not.toEqual(lines(json));
		}
	});
});
