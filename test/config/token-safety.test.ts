import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ConfigError, loadConfig, parseConfig} from '../../source/config.js';
import {makeTempDir, token, validRaw} from './helpers.js';

/** Every way we know to make the config fail while the token is around. */
const breakers: Array<[string, (raw: any) => void]> = [
	['bad base URL', raw => { raw.coolify.baseUrl = 'ftp://host'; }],
	['base URL holding the token as password', raw => { raw.coolify.baseUrl = `http://user:${token}@host`; }],
	['base URL holding the token in the query', raw => { raw.coolify.baseUrl = `http://host/?token=${token}`; }],
	['base URL that is the token', raw => { raw.coolify.baseUrl = token; }],
	['token of the wrong type', raw => { raw.coolify.token = [token]; }],
	['token with a line break', raw => { raw.coolify.token = `${token}\n`; raw.coolify.token += 'x'; }],
	['token with a space inside', raw => { raw.coolify.token = `${token} ${token}`; }],
	['missing project', raw => { delete raw.coolify.projectUuid; }],
	['token pasted as a uuid', raw => { raw.coolify.projectUuid = token; }],
	['token pasted as a pipeline name', raw => { raw.pipelines[0].name = 5; raw.pipelines[0].id = token; }],
	['token pasted into domains', raw => { raw.pipelines[0].domains = token; }],
	['token pasted as an image', raw => { raw.pipelines[0].dockerImage = token; }],
	['token as an env value of the wrong type', raw => { raw.pipelines[0].env = {TOKEN: [token]}; }],
	['secret missing from env', raw => { raw.pipelines[0].env = {TOKEN: token}; raw.pipelines[0].secrets = ['OTHER']; }],
	['unknown key', raw => { raw.coolify.tokn = token; }],
	['bad timeout', raw => { raw.coolify.timeoutSeconds = token; }],
];

describe('the token never appears in a ConfigError', () => {
	const envs: Array<[string, Record<string, string>]> = [
		['token in the environment', {COOLIFY_API_TOKEN: token}],
		['token in the environment with spaces around it', {COOLIFY_API_TOKEN: `  ${token}  `}],
		['token only in the file', {}],
	];

	for (const [envName, env] of envs) {
		it.each(breakers)(`${envName}: %s`, (_name, breakIt) => {
			const raw = validRaw();
			if (!('COOLIFY_API_TOKEN' in env)) {
				raw.coolify.token = token;
			}

			breakIt(raw);
			let caught: unknown;
			try {
				parseConfig(raw, {path: '/home/u/coolify-tui.json', env});
			} catch (error) {
				caught = error;
			}

			expect(caught).toBeInstanceOf(ConfigError);
			const {message} = caught as ConfigError;
			expect(message).not.toContain(token);
			expect(message).not.toContain(token.slice(2));
			expect(message).not.toContain('\n');
		});
	}

	it.each([
		['the token variable itself is invalid', {COOLIFY_API_TOKEN: `${token}\t${token}`}],
		['another variable holds the token', {COOLIFY_API_TOKEN: token, COOLIFY_BASE_URL: token}],
		['the cleanup variable holds the token', {COOLIFY_API_TOKEN: token, COOLIFY_AUTO_CLEANUP_HOURS: token}],
	])('%s', (_name, env) => {
		expect(() => parseConfig(validRaw(), {path: null, env})).toThrow(ConfigError);
		try {
			parseConfig(validRaw(), {path: null, env});
		} catch (error) {
			expect((error as Error).message).not.toContain(token);
		}
	});
});

describe('the token never appears in a ConfigError from a file', () => {
	let temp: ReturnType<typeof makeTempDir>;
	beforeEach(() => {
		temp = makeTempDir();
	});
	afterEach(() => {
		temp.remove();
	});

	it.each([
		`{"coolify": {"token": "${token}",}}`,
		`{"coolify": {"token": ${token}}}`,
		`{"coolify": {"token": "${token}" "baseUrl": "x"}}`,
		`{"coolify": {"token": "${token}\n"}}`,
		`{"coolify": {"token": "${token}"}, "coolify": {}}`,
		`{"coolify": {"token": '${token}'}}`,
		`{"coolify": {"token": "${token}"`,
		`["${token}"]`,
		`"${token}"`,
	])('invalid file %#', text => {
		const path = temp.write('coolify-tui.json', text);
		let caught: unknown;
		try {
			loadConfig({configPath: path, env: {}, cwd: temp.dir, homeDir: temp.dir});
		} catch (error) {
			caught = error;
		}

		expect(caught).toBeInstanceOf(ConfigError);
		expect((caught as Error).message).not.toContain(token);
		expect((caught as Error).message).not.toContain(token.slice(2, 12));
	});

	it('keeps the token out of warnings', () => {
		const raw = validRaw();
		raw.coolify.token = token;
		raw.pipelines = [];
		const path = temp.write(join('sub', 'coolify-tui.json'), JSON.stringify(raw), 0o666);
		const config = loadConfig({configPath: path, env: {}});
		expect(config.warnings.length).toBeGreaterThan(0);
		expect(config.warnings.join(' ')).not.toContain(token);
	});
});
