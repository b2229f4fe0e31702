import {existsSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, runCli, type CliResult} from '../helpers/run-cli.js';
import {describeResult, everythingShown, parseJson, startCliFixture, type CliFixture} from './cli-fixture.js';

// Bad input never reaches Coolify: one line on stderr naming the fix, nothing on stdout, exit 64.

let fixture: CliFixture;
let recordId: number;

beforeAll(async () => {
	if (!existsSync(cliPath)) {
		throw new Error(`${cliPath} is missing: run npm run build first (npm test does)`);
	}

	fixture = await startCliFixture();
	const created = await fixture.run(['deploy', 'web', '--no-start', '--json']);
	expect(created.code, describeResult(created)).toBe(0);
	recordId = parseJson<{id: number}>(created).id;
});

afterAll(async () => {
	await fixture?.dispose();
});

function expectUsageError(result: CliResult, pattern: RegExp): void {
	expect(result.code, describeResult(result)).toBe(64);
	expect(result.stdout, describeResult(result)).toBe('');
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines, describeResult(result)).toHaveLength(1);
	expect(lines[0]).toMatch(/^coolify-tui: /);
	expect(lines[0]).toMatch(pattern);
}

describe('bad usage', () => {
	it.each([
		[['deploy', 'nope'], /unknown pipeline "nope": configured pipelines are web, api, broken/],
		[['deploy', 'web', '--env', '1BAD=value-never-echoed'], /--env "1BAD" is not a valid variable name/],
		[['deploy', 'web', '--env', 'NO_EQUALS'], /--env needs KEY=VALUE/],
		[['deploy', 'web', '--port', '70000'], /70000 is not a port number; use 1-65535/],
		[['deploy', 'web', '--port', '8080:80', '--port', '8080:81'], /host port 8080 is given twice/],
		[['deploy', 'web', '--port', 'http'], /must be HOST:CONTAINER/],
		[['deploy', 'web', '--timeout', 'soon', '--wait'], /--timeout needs a number/],
		[['deploy', 'web', '--timeout', '0', '--wait'], /--timeout must be a number of seconds greater than 0/],
		[['deploy', 'web', '--timeout', '5'], /--timeout only applies with --wait/],
		[['deploy', 'web', '--no-start', '--wait'], /--wait needs the deployment to start/],
		[['deploy', 'web', '--foo'], /^coolify-tui: unknown option --foo for "deploy"; valid: --name, --image, --env, --port, --no-start, --ttl, --wait, --wait-url, --timeout, --poll-interval, --json, --config, --data$/],
		[['list', '--lines', '3'], /unknown option --lines for "list"; valid: --mine, --team, --pipeline, --status, --all/],
		[['list', '--status', 'sleeping'], /--status must be one of pending, building, deploying, running, failed, stopped/],
		[['list', '--pipeline', 'nope'], /unknown pipeline "nope"/],
		[['logs', '1', '--type', 'everything'], /--type must be one of build, runtime, combined/],
		[['logs', '1', '--lines', '-3'], /--lines must be a whole number/],
		[['simulator', '--port', '-1'], /^coolify-tui: --port must be a port number from 0 \(any free port\) to 65535 \(got "-1"\)$/],
		[['simulator', '--port', '70000'], /--port must be a port number from 0 \(any free port\) to 65535 \(got 70000\)$/],
		[['logs', '1', '--type', 'runtime', '--debug'], /--debug adds the build log's hidden lines: use it with --type build or combined/],
		[['cleanup', '--age-hours', 'old'], /--age-hours needs a number.* \(got "old"\)$/],
		[['show'], /^coolify-tui: missing <id> for "show"; usage: coolify-tui show <id>/],
		[['deploy'], /missing <pipeline> for "deploy"; usage: coolify-tui deploy <pipeline> \[--name N\]/],
		[['stop', '1', '2'], /too many arguments for "stop"/],
		[['show', '999'], /no deployment "999": use a local id or an application uuid from coolify-tui list --all/],
		[['logs', 'no-such-uuid'], /no deployment "no-such-uuid"/],
		[['deploy', 'web', '--name', 'a', '--name', 'b'], /--name can only be set once/],
		[['frobnicate'], /unknown command "frobnicate"; commands: pipelines, deploy, list/],
		[['--wait'], /unknown option --wait for the dashboard/],
		[['--poll-interval', '0.5'], /--poll-interval must be a number of seconds from 1 to 3600 \(got 0\.5\)/],
		// An empty value is no number, not 0: `cleanup --age-hours "$UNSET"` must not mean "all of yours".
		[['cleanup', '--age-hours', '', '--dry-run'], /--age-hours needs a number of hours, 0 or more \(0 means every test deployment\) \(got ""\)$/],
		[['cleanup', '--age-hours=', '--dry-run'], /--age-hours needs a number of hours/],
		[['cleanup', '--age-hours', ' ', '--dry-run'], /--age-hours needs a number of hours/],
		[['deploy', 'web', '--wait', '--timeout', ''], /--timeout needs a number of seconds/],
		[['logs', '1', '--lines='], /--lines needs a whole number/],
		[['--poll-interval='], /--poll-interval needs a number of seconds/],
		// An `h` inside a value that looks like options is not -h: no help and exit 0 instead of the deployment asked for.
		[['deploy', 'web', '--ttl', '-1h'], /^coolify-tui: unknown option -1 for "deploy"/],
		[['--poll-interval', '-1h'], /^coolify-tui: unknown option -1 for the dashboard/],
		[['logs', '1', '--poll-interval', '4000', '--follow'], /--poll-interval must be a number of seconds greater than 0 and at most 3600 \(got 4000\)/],
	])('coolify-tui %j', async (args, pattern) => {
		expectUsageError(await fixture.run(args), pattern);
	});

	it('reports a bad config file in one line, exit 64', async () => {
		const result = await runCli(['list', '--config', `${fixture.folder}/missing.json`, '--data', fixture.dataPath], {env: fixture.env, cwd: fixture.folder});
		expectUsageError(result, /missing\.json: config file not found/);
	});

	it('refuses to delete without --yes when there is no terminal', async () => {
		const result = await fixture.run(['delete', String(recordId)]);
		expectUsageError(result, new RegExp(`refusing to delete #${recordId} web-test-[\\da-z]{6} without confirmation: pass --yes to delete without a terminal`));
		const record = parseJson<{deletedAt: string | null}>(await fixture.run(['show', String(recordId), '--json']));
		expect(record.deletedAt).toBeNull();
	});

	it('keeps each field of show on its line when a value holds a line break', async () => {
		const created = await fixture.run(['deploy', 'web', '--no-start', '--env', 'CERT=line-one\nstatus:      running', '--json']);
		expect(created.code, describeResult(created)).toBe(0);
		const shown = await fixture.run(['show', String(parseJson<{id: number}>(created).id)]);
		expect(shown.code, describeResult(shown)).toBe(0);
		expect(shown.stdout).toMatch(/^environment: .*CERT=line-one\\nstatus: {6}running( |$)/m);
		expect(shown.stdout.match(/^status:/gm)).toHaveLength(1);
	});

	it('prints per-command help', async () => {
		const result = await fixture.run(['logs', '--help']);
		expect(result.code, describeResult(result)).toBe(0);
		expect(result.stdout).toContain('Usage: coolify-tui logs <id> [--type build|runtime|combined] [--follow] [--lines N]');
		expect(result.stdout).toMatch(/^ {2}--follow +keep printing new lines/m);
	});

	it.each([[['help']], [['-h']], [['--help']]])('prints the program help for %j', async args => {
		const result = await fixture.run(args);
		expect(result.code, describeResult(result)).toBe(0);
		expect(result.stdout).toContain('$ coolify-tui help [command]');
		expect(result.stdout).toMatch(/^ {2,}deploy <pipeline> +create a test deployment/m);
		expect(result.stdout).toMatch(/^ {2,}--poll-interval SECONDS +seconds between polls/m);
	});

	it.each([[['help', 'deploy']], [['deploy', '-h']], [['deploy', '--help']]])('prints a command\'s help for %j', async args => {
		const result = await fixture.run(args);
		expect(result.code, describeResult(result)).toBe(0);
		expect(result.stdout).toContain('Usage: coolify-tui deploy <pipeline> [--name N]');
		expect(result.stdout).toMatch(/^ {2}--no-start +create the application without starting it/m);
	});

	it('names the commands when help is asked for one that does not exist', async () => {
		expectUsageError(await fixture.run(['help', 'nope']), /no command "nope"; commands: pipelines, deploy/);
	});

	it('never echoes a value given with --env', async () => {
		const shown = await everythingShown(fixture);
		expect(shown).not.toContain('value-never-echoed');
		for (const secret of fixture.secrets()) {
			expect(shown).not.toContain(secret);
		}
	});
});
