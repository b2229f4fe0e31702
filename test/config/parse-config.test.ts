import {describe, expect, it} from 'vitest';
import {ConfigError, parseConfig} from '../../source/config.js';
import {configFile, parse, parseError, token, validRaw} from './helpers.js';

describe('parseConfig: defaults', () => {
	it('fills every default for a minimal config', () => {
		const config = parse(validRaw());
		expect(config).toEqual({
			configPath: configFile,
			coolify: {
				baseUrl: 'http://127.0.0.1:8000',
				token,
				projectUuid: 'proj-1',
				serverUuid: 'srv-1',
				environmentName: 'production',
				timeoutSeconds: 30,
			},
			pollIntervalSeconds: 10,
			cleanup: {maxAgeHours: 24, intervalMinutes: 60, enabled: true},
			pipelines: [{id: 'web', name: 'web', dockerImage: 'nginx:1.27', env: {}, secrets: [], ports: [], autoStart: true}],
			warnings: [],
		});
		expect(config.coolify).not.toHaveProperty('environmentUuid');
		expect(config.coolify).not.toHaveProperty('destinationUuid');
	});

	it('reads the owner, trimmed, and refuses an empty or non-text one with the fix', () => {
		expect(parse({...validRaw(), owner: '  alice '}).owner).toBe('alice');
		expect(parseError({...validRaw(), owner: ''})).toMatch(/owner must not be empty/);
		expect(parseError({...validRaw(), owner: 42})).toMatch(/owner must be a name for whose test deployments/);
	});

	it('keeps every key that is set', () => {
		const raw = validRaw();
		raw.coolify = {
			...raw.coolify,
			token,
			environmentName: 'staging',
			environmentUuid: 'env-1',
			destinationUuid: 'dest-1',
			timeoutSeconds: 12.5,
		};
		raw.pollIntervalSeconds = 2;
		raw.cleanup = {maxAgeHours: 0, intervalMinutes: 5, enabled: false};
		const config = parse(raw, {});
		expect(config.coolify).toEqual({
			baseUrl: 'http://127.0.0.1:8000',
			token,
			projectUuid: 'proj-1',
			serverUuid: 'srv-1',
			environmentName: 'staging',
			environmentUuid: 'env-1',
			destinationUuid: 'dest-1',
			timeoutSeconds: 12.5,
		});
		expect(config.pollIntervalSeconds).toBe(2);
		expect(config.cleanup).toEqual({maxAgeHours: 0, intervalMinutes: 5, enabled: false});
	});

	it('accepts the range limits', () => {
		const raw = validRaw();
		raw.coolify.timeoutSeconds = 600;
		raw.pollIntervalSeconds = 3600;
		raw.cleanup = {intervalMinutes: 1};
		expect(parse(raw).coolify.timeoutSeconds).toBe(600);
		raw.pollIntervalSeconds = 1;
		expect(parse(raw).pollIntervalSeconds).toBe(1);
	});

	it('accepts a config without pipelines, with a warning', () => {
		const raw = validRaw();
		delete raw.pipelines;
		const config = parse(raw);
		expect(config.pipelines).toEqual([]);
		expect(config.warnings).toEqual([`${configFile}: no pipelines configured; add some under "pipelines" (see config.example.json)`]);
	});

	it('uses process.env when no env is given', () => {
		const previous = process.env.COOLIFY_API_TOKEN;
		process.env.COOLIFY_API_TOKEN = token;
		try {
			expect(parseConfig(validRaw(), {path: configFile}).coolify.token).toBe(token);
		} finally {
			if (previous === undefined) {
				delete process.env.COOLIFY_API_TOKEN;
			} else {
				process.env.COOLIFY_API_TOKEN = previous;
			}
		}
	});
});

describe('parseConfig: baseUrl', () => {
	it.each([
		['http://127.0.0.1:8000', 'http://127.0.0.1:8000'],
		['http://127.0.0.1:8000/', 'http://127.0.0.1:8000'],
		['https://coolify.example.com///', 'https://coolify.example.com'],
		['http://host/api', 'http://host'],
		['http://host/api/', 'http://host'],
		['http://host/api/v1', 'http://host'],
		['http://host/api/v1/', 'http://host'],
		['http://host/API/V1', 'http://host'],
		['http://host/coolify', 'http://host/coolify'],
		['http://host/coolify/', 'http://host/coolify'],
		['http://host/coolify/api/v1/', 'http://host/coolify'],
		['  https://HOST.example.com:8443/coolify/api  ', 'https://host.example.com:8443/coolify'],
		['http://host:80/', 'http://host'],
		['http://host/apiary', 'http://host/apiary'],
		['http://[::1]:8000', 'http://[::1]:8000'],
	])('normalises %j to %j', (input, expected) => {
		const raw = validRaw();
		raw.coolify.baseUrl = input;
		expect(parse(raw).coolify.baseUrl).toBe(expected);
	});

	it.each([
		['ftp://host', '"ftp://host"'],
		['127.0.0.1:8000', '"127.0.0.1:8000"'],
		['not a url', '"not a url"'],
		['file:///etc/passwd', '"file:///etc/passwd"'],
		['', '""'],
		[8000, '8000'],
		[null, 'null'],
		[['http://host'], 'an array'],
	])('rejects %j', (input, shown) => {
		const raw = validRaw();
		raw.coolify.baseUrl = input;
		expect(parseError(raw)).toBe(`${configFile}: coolify.baseUrl must be an http(s) URL such as "http://127.0.0.1:8000" (got ${shown}); give the address you open Coolify at`);
	});

	it('rejects credentials, a query and a fragment', () => {
		const raw = validRaw();
		raw.coolify.baseUrl = 'http://admin:hunter2@host';
		expect(parseError(raw)).toBe(`${configFile}: coolify.baseUrl must not contain a user name or password; the API token goes in COOLIFY_API_TOKEN`);
		raw.coolify.baseUrl = 'http://host/?team=1';
		expect(parseError(raw)).toContain('coolify.baseUrl must not have a query or fragment');
		raw.coolify.baseUrl = 'http://host/#x';
		expect(parseError(raw)).toContain('coolify.baseUrl must not have a query or fragment');
	});

	it('is required', () => {
		const raw = validRaw();
		delete raw.coolify.baseUrl;
		expect(parseError(raw)).toBe(`${configFile}: coolify.baseUrl is missing; set COOLIFY_BASE_URL, or add "baseUrl" under "coolify" in this file`);
	});
});

describe('parseConfig: token', () => {
	it('comes from the file when the environment has none', () => {
		const raw = validRaw();
		raw.coolify.token = `  ${token}  `;
		expect(parse(raw, {}).coolify.token).toBe(token);
	});

	it('is required', () => {
		expect(parseError(validRaw(), {})).toBe(`${configFile}: coolify.token is missing; set COOLIFY_API_TOKEN (preferred), or add "token" under "coolify" in this file`);
	});

	it.each([
		[42, 'must be a string (got a number); prefer the COOLIFY_API_TOKEN environment variable'],
		[[token], 'must be a string (got an array); prefer the COOLIFY_API_TOKEN environment variable'],
		['   ', 'is empty; prefer the COOLIFY_API_TOKEN environment variable'],
		[`${token.slice(0, 10)} ${token.slice(10)}`, 'contains whitespace or control characters; copy the token again, without spaces or line breaks'],
		[`${token}\u0007x`, 'contains whitespace or control characters; copy the token again, without spaces or line breaks'],
		// Not sendable in an HTTP header: fetch fails with ERR_INVALID_CHAR, which read as "Coolify is unreachable".
		[`${token}é€`, 'contains characters other than printable ASCII; copy the token again from Coolify (Keys & Tokens)'],
		// A server refuses a header this large with a bare 431.
		['x'.repeat(26_000), 'is 26000 characters long, more than a token (at most 1024); copy the token again from Coolify (Keys & Tokens)'],
	])('rejects a bad file token (%#)', (value, problem) => {
		const raw = validRaw();
		raw.coolify.token = value;
		expect(parseError(raw, {})).toBe(`${configFile}: coolify.token ${problem}`);
	});
});

describe('parseConfig: uuids, names and numbers', () => {
	it.each(['projectUuid', 'serverUuid'])('requires coolify.%s and says where to put it', key => {
		const raw = validRaw();
		delete raw.coolify[key];
		expect(parseError(raw)).toBe(`${configFile}: coolify.${key} is missing; add "${key}" under "coolify" in this file`);
	});

	it('says where to put a missing key when there is no file', () => {
		const message = parseError({}, {COOLIFY_API_TOKEN: token, COOLIFY_BASE_URL: 'http://host'}, null);
		expect(message).toBe('config: coolify.projectUuid is missing; put "projectUuid" under "coolify" in a config file (see config.example.json), or pass --config PATH');
	});

	it.each(['projectUuid', 'serverUuid', 'environmentUuid', 'destinationUuid'])('checks coolify.%s', key => {
		const raw = validRaw();
		for (const [value, shown] of [[7, '7'], ['has space', '"has space"'], ['a/b', '"a/b"'], [{}, 'an object']] as const) {
			raw.coolify[key] = value;
			expect(parseError(raw)).toMatch(new RegExp(`^${configFile}: coolify\\.${key} must be (a Coolify UUID: letters, digits, '-' and '_' \\(got ${escape(shown)}\\)|a Coolify UUID \\(got ${escape(shown)}\\))`));
		}

		raw.coolify[key] = '';
		expect(parseError(raw)).toBe(`${configFile}: coolify.${key} must not be empty; give a Coolify UUID or remove the key`);
	});

	it('checks coolify.environmentName', () => {
		const raw = validRaw();
		raw.coolify.environmentName = 'pre/prod';
		expect(parseError(raw)).toContain(`coolify.environmentName must be an environment name without '/'`);
		raw.coolify.environmentName = 3;
		expect(parseError(raw)).toBe(`${configFile}: coolify.environmentName must be an environment name such as "production" (got 3)`);
		raw.coolify.environmentName = ' ';
		expect(parseError(raw)).toContain('coolify.environmentName must not be empty');
	});

	it.each([
		['coolify.timeoutSeconds', 'a number of seconds greater than 0 and at most 600', [[0, '0'], [-1, '-1'], [601, '601'], ['30', '"30"'], [null, 'null'], [true, 'true']]],
		['pollIntervalSeconds', 'a number of seconds from 1 to 3600', [[0, '0'], [0.5, '0.5'], [3601, '3601'], ['10', '"10"']]],
		['cleanup.maxAgeHours', 'a number of hours, 0 or more (0 removes every test deployment at the next sweep)', [[-0.5, '-0.5'], ['24', '"24"'], [false, 'false']]],
		['cleanup.intervalMinutes', 'a number of minutes from 1 to 10080 (one week)', [[0, '0'], [0.9, '0.9'], [10_081, '10081'], [[], 'an array']]],
	] as const)('checks %s', (keyPath, rule, cases) => {
		for (const [value, shown] of cases) {
			const raw = validRaw();
			setPath(raw, keyPath, value);
			expect(parseError(raw)).toBe(`${configFile}: ${keyPath} must be ${rule} (got ${shown})`);
		}
	});

	it('checks cleanup.enabled', () => {
		const raw = validRaw();
		raw.cleanup = {enabled: 'yes'};
		expect(parseError(raw)).toBe(`${configFile}: cleanup.enabled must be true or false (got "yes")`);
	});

	it('checks the shape of the sections', () => {
		expect(parseError([])).toBe(`${configFile}: the top level must be a JSON object (got an array); see config.example.json`);
		expect(parseError('x')).toBe(`${configFile}: the top level must be a JSON object (got a string); see config.example.json`);
		expect(parseError(null)).toBe(`${configFile}: the top level must be a JSON object (got null); see config.example.json`);
		expect(parseError({coolify: 'http://host'})).toContain(`${configFile}: coolify must be an object such as {"baseUrl"`);
		expect(parseError({...validRaw(), cleanup: []})).toBe(`${configFile}: cleanup must be an object such as {"maxAgeHours": 24} (got an array)`);
		expect(parseError({...validRaw(), pipelines: {}})).toContain('pipelines must be an array such as [');
	});
});

describe('parseConfig: unknown keys', () => {
	it.each([
		[(raw: any) => { raw.pipelines[0].dockerimage = 'x'; delete raw.pipelines[0].dockerImage; }, 'unknown key "pipelines[0].dockerimage" (did you mean "dockerImage"?)'],
		[(raw: any) => { raw.coolify.baseURL = 'http://host'; }, 'unknown key "coolify.baseURL" (did you mean "baseUrl"?)'],
		[(raw: any) => { raw.coolify.enviromentName = 'x'; }, 'unknown key "coolify.enviromentName" (did you mean "environmentName"?)'],
		[(raw: any) => { raw.coolify.url = 'x'; }, 'unknown key "coolify.url" (did you mean "baseUrl"?)'],
		[(raw: any) => { raw.coolify.timeout = 5; }, 'unknown key "coolify.timeout" (did you mean "timeoutSeconds"?)'],
		[(raw: any) => { raw.polIntervalSeconds = 5; }, 'unknown key "polIntervalSeconds" (did you mean "pollIntervalSeconds"?)'],
		[(raw: any) => { raw.pipeline = []; }, 'unknown key "pipeline" (did you mean "pipelines"?)'],
		[(raw: any) => { raw.cleanup = {maxAge: 1}; }, 'unknown key "cleanup.maxAge" (did you mean "maxAgeHours"?)'],
		[(raw: any) => { raw.cleanup = {enable: true}; }, 'unknown key "cleanup.enable" (did you mean "enabled"?)'],
		[(raw: any) => { raw.token = 'x'; }, 'unknown key "token"; it belongs at "coolify.token"'],
		[(raw: any) => { raw.baseUrl = 'x'; }, 'unknown key "baseUrl"; it belongs at "coolify.baseUrl"'],
		[(raw: any) => { raw.coolify.pollIntervalSeconds = 5; }, 'unknown key "coolify.pollIntervalSeconds"; it belongs at "pollIntervalSeconds"'],
		[(raw: any) => { raw.coolify.dockerImage = 'x'; }, 'unknown key "coolify.dockerImage"; it belongs at "pipelines[].dockerImage"'],
		[(raw: any) => { raw.maxAgeHours = 1; }, 'unknown key "maxAgeHours"; it belongs at "cleanup.maxAgeHours"'],
		[(raw: any) => { raw.pipelines[0].memory = '1g'; }, 'unknown key "pipelines[0].memory"; it belongs at "pipelines[0].limits.memory"'],
		[(raw: any) => { raw.pipelines[0].image = 'x'; }, 'unknown key "pipelines[0].image" (did you mean "dockerImage"?)'],
		[(raw: any) => { raw.pipelines[0].port = []; }, 'unknown key "pipelines[0].port" (did you mean "ports"?)'],
		[(raw: any) => { raw.pipelines[0].secret = []; }, 'unknown key "pipelines[0].secret" (did you mean "secrets"?)'],
		[(raw: any) => { raw.pipelines[0].autostart = true; }, 'unknown key "pipelines[0].autostart" (did you mean "autoStart"?)'],
		[(raw: any) => { raw.pipelines[0].ports = [{containerPort: 80, hostport: 8080}]; }, 'unknown key "pipelines[0].ports[0].hostport" (did you mean "hostPort"?)'],
		[(raw: any) => { raw.pipelines[0].limits = {cpu: '1'}; }, 'unknown key "pipelines[0].limits.cpu" (did you mean "cpus"?)'],
		[(raw: any) => { raw.pipelines[0]['my key'] = 1; }, 'unknown key "pipelines[0]["my key"]"; known keys here: id, name, dockerImage, dockerfile, env, secrets, ports, autoStart, domains, ttlHours, limits, projectUuid, serverUuid, environmentName, destinationUuid'],
		[(raw: any) => { raw.zzz = 1; }, 'unknown key "zzz"; known keys here: coolify, owner, pollIntervalSeconds, cleanup, pipelines'],
		[(raw: any) => { Object.defineProperty(raw, '__proto__', {value: {}, enumerable: true}); }, 'unknown key "__proto__"; known keys here: coolify, owner, pollIntervalSeconds, cleanup, pipelines'],
	])('rejects unknown key %#', (mutate, expected) => {
		const raw = validRaw();
		mutate(raw);
		expect(parseError(raw)).toBe(`${configFile}: ${expected}`);
	});
});

describe('parseConfig: environment overrides', () => {
	it('lets the environment override the file', () => {
		const raw = validRaw();
		raw.coolify.token = 'file-token-value';
		raw.cleanup = {maxAgeHours: 48};
		const config = parse(raw, {COOLIFY_BASE_URL: 'https://env.example.com/api/v1/', COOLIFY_API_TOKEN: token, COOLIFY_AUTO_CLEANUP_HOURS: '1.5'});
		expect(config.coolify.baseUrl).toBe('https://env.example.com');
		expect(config.coolify.token).toBe(token);
		expect(config.cleanup.maxAgeHours).toBe(1.5);
	});

	it('accepts COOLIFY_AUTO_CLEANUP_HOURS=0 and treats empty variables as unset', () => {
		expect(parse(validRaw(), {COOLIFY_API_TOKEN: token, COOLIFY_AUTO_CLEANUP_HOURS: '0'}).cleanup.maxAgeHours).toBe(0);
		const raw = validRaw();
		raw.coolify.token = token;
		const config = parse(raw, {COOLIFY_API_TOKEN: '', COOLIFY_BASE_URL: '', COOLIFY_AUTO_CLEANUP_HOURS: ''});
		expect(config.coolify.baseUrl).toBe('http://127.0.0.1:8000');
		expect(config.coolify.token).toBe(token);
		expect(config.cleanup.maxAgeHours).toBe(24);
	});

	it('builds the connection from the environment alone, apart from the uuids', () => {
		const config = parse({coolify: {projectUuid: 'p', serverUuid: 's'}}, {COOLIFY_BASE_URL: 'http://host:8000', COOLIFY_API_TOKEN: token}, null);
		expect(config.configPath).toBeNull();
		expect(config.coolify.baseUrl).toBe('http://host:8000');
	});

	it.each([
		[{COOLIFY_BASE_URL: 'ftp://host'}, 'environment: COOLIFY_BASE_URL must be an http(s) URL such as "http://127.0.0.1:8000" (got "ftp://host"); fix the variable or unset it'],
		[{COOLIFY_BASE_URL: 'host:8000'}, 'environment: COOLIFY_BASE_URL must be an http(s) URL such as "http://127.0.0.1:8000" (got "host:8000"); fix the variable or unset it'],
		[{COOLIFY_API_TOKEN: ' '}, 'environment: COOLIFY_API_TOKEN is empty; create a token in Coolify under Keys & Tokens'],
		[{COOLIFY_API_TOKEN: `${token}\nmore`}, 'environment: COOLIFY_API_TOKEN contains whitespace or control characters; copy the token again, without spaces or line breaks'],
		[{COOLIFY_API_TOKEN: `${token}😀`}, 'environment: COOLIFY_API_TOKEN contains characters other than printable ASCII; copy the token again from Coolify (Keys & Tokens)'],
		[{COOLIFY_AUTO_CLEANUP_HOURS: '-1'}, 'environment: COOLIFY_AUTO_CLEANUP_HOURS must be a number of hours, 0 or more (0 removes every test deployment at the next sweep) (got "-1"); fix the variable or unset it'],
		[{COOLIFY_AUTO_CLEANUP_HOURS: '1d'}, 'environment: COOLIFY_AUTO_CLEANUP_HOURS must be a number of hours, 0 or more (0 removes every test deployment at the next sweep) (got "1d"); fix the variable or unset it'],
		[{COOLIFY_AUTO_CLEANUP_HOURS: 'Infinity'}, 'environment: COOLIFY_AUTO_CLEANUP_HOURS must be a number of hours, 0 or more (0 removes every test deployment at the next sweep) (got "Infinity"); fix the variable or unset it'],
	])('names the variable when it is invalid (%#)', (env, expected) => {
		const error = parseError(validRaw(), {COOLIFY_API_TOKEN: token, ...env});
		expect(error).toBe(expected);
	});

	it('still validates the file value the environment overrides', () => {
		const raw = validRaw();
		raw.coolify.baseUrl = 'ftp://typo';
		expect(parseError(raw, {COOLIFY_API_TOKEN: token, COOLIFY_BASE_URL: 'http://host'})).toContain('coolify.baseUrl must be an http(s) URL');
		const cleanup = validRaw();
		cleanup.cleanup = {maxAgeHours: '24h'};
		expect(parseError(cleanup, {COOLIFY_API_TOKEN: token, COOLIFY_AUTO_CLEANUP_HOURS: '1'})).toContain('cleanup.maxAgeHours must be a number of hours');
		const tokenTypo = validRaw();
		tokenTypo.coolify.token = 5;
		expect(parseError(tokenTypo, {COOLIFY_API_TOKEN: token})).toContain('coolify.token must be a string (got a number)');
	});

	it('reports errors as ConfigError with the key path', () => {
		const raw = validRaw();
		raw.pollIntervalSeconds = 0;
		try {
			parse(raw);
			expect.unreachable();
		} catch (error) {
			expect(error).toBeInstanceOf(ConfigError);
			expect((error as ConfigError).name).toBe('ConfigError');
			expect((error as ConfigError).keyPath).toBe('pollIntervalSeconds');
			expect((error as ConfigError).file).toBe(configFile);
		}
	});
});

function setPath(target: any, keyPath: string, value: unknown): void {
	const parts = keyPath.split('.');
	let current = target;
	for (const part of parts.slice(0, -1)) {
		current[part] ??= {};
		current = current[part];
	}

	current[parts.at(-1)!] = value;
}

function escape(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
