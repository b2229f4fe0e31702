import {describe, expect, it} from 'vitest';
import {createServiceContext} from '../../source/services/context.js';
import {createRedactor, isSecretKey, mask, maskEnvironment, secretValues, tokenSecrets} from '../../source/services/redaction.js';
import {parseConfig} from '../../source/config.js';
import {DeploymentStore} from '../../source/store/index.js';

describe('isSecretKey', () => {
	it.each(['API_KEY', 'APIKEY', 'api_key', 'GITHUB_TOKEN', 'DB_PASSWORD', 'MYSQL_PWD', 'SMTP_PASSWD', 'CLIENT_SECRET', 'PRIVATE_KEY', 'AWS_ACCESS_KEY_ID', 'STRIPE_KEY', 'KEY', 'SESSION_ID', 'COOKIE_NAME', 'SENTRY_DSN', 'BASIC_AUTH', 'GPG_PASSPHRASE', 'PASSWORD_SALT', 'CREDENTIALS_FILE'])(
		'%s looks secret',
		key => {
			expect(isSecretKey(key)).toBe(true);
		},
	);

	it.each(['NODE_ENV', 'PORT', 'LOG_LEVEL', 'DATABASE_URL', 'KEYBOARD', 'MONKEY', 'HOSTNAME'])('%s does not', key => {
		expect(isSecretKey(key)).toBe(false);
	});

	it('treats declared secrets as secret whatever their name', () => {
		expect(isSecretKey('PLAIN', ['PLAIN'])).toBe(true);
		expect(isSecretKey('PLAIN', ['OTHER'])).toBe(false);
	});
});

describe('maskEnvironment and secretValues', () => {
	const env = {
		NODE_ENV: 'production',
		API_KEY: 'sk-live-123456',
		PLAIN: 'declared-secret',
		DATABASE_URL: 'postgres://app:pa55word@db:5432/app',
		REDIS_URL: 'redis://default:r3dis-pw@cache:6379/0,redis://other:second-pw@cache2:6379',
		PUBLIC_URL: 'https://example.com/path',
		EMPTY_TOKEN: '',
	};

	it('masks declared secrets, secret-looking keys and URL passwords; leaves the rest', () => {
		expect(maskEnvironment(env, ['PLAIN'])).toEqual({
			NODE_ENV: 'production',
			API_KEY: mask,
			PLAIN: mask,
			DATABASE_URL: 'postgres://app:***@db:5432/app',
			REDIS_URL: 'redis://default:***@cache:6379/0,redis://other:***@cache2:6379',
			PUBLIC_URL: 'https://example.com/path',
			EMPTY_TOKEN: mask,
		});
		expect(maskEnvironment(env).PLAIN).toBe('declared-secret');
	});

	it('lists every value never to show, without empty ones', () => {
		expect(secretValues(env, ['PLAIN']).sort()).toEqual(['declared-secret', 'pa55word', 'r3dis-pw', 'second-pw', 'sk-live-123456'].sort());
	});
});

describe('createRedactor', () => {
	it('replaces every occurrence of every secret', () => {
		const redact = createRedactor(['hunter2', 'sk-live-1']);
		expect(redact('a hunter2 b sk-live-1 c hunter2')).toBe('a *** b *** c ***');
	});

	it('replaces the longest secret first, so a secret inside another cannot leak a tail', () => {
		const redact = createRedactor(['abc', 'abcdef-long', 'def']);
		expect(redact('x abcdef-long y')).toBe('x *** y');
		expect(redact('x abc y def z')).toBe('x *** y *** z');
		// The order the secrets came in does not matter.
		expect(createRedactor(['def', 'abc', 'abcdef-long'])('x abcdef-long y')).toBe('x *** y');
	});

	it('ignores values too short to search for, duplicates and undefined', () => {
		const redact = createRedactor(['ab', undefined, 'secret', 'secret', '']);
		expect(redact('ab secret absolutely')).toBe('ab *** absolutely');
		expect(createRedactor([])('unchanged')).toBe('unchanged');
	});

	it('masks the token and its secret half', () => {
		const token = '12|AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd';
		expect(tokenSecrets(token)).toEqual([token, 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd']);
		expect(tokenSecrets('plain-token-without-id')).toEqual(['plain-token-without-id']);
		const redact = createRedactor(tokenSecrets(token));
		expect(redact(`Authorization: Bearer ${token}`)).toBe('Authorization: Bearer ***');
		expect(redact('secret half: AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd')).toBe('secret half: ***');
	});
});

describe('the services context redactor', () => {
	it('masks the token, every pipeline\'s secrets and extra secrets', async () => {
		const token = '3|tokensecretvalue0123456789';
		const config = parseConfig(
			{
				coolify: {baseUrl: 'http://127.0.0.1:9', token, projectUuid: 'p', serverUuid: 's', environmentName: 'production'},
				pipelines: [
					{id: 'web', dockerImage: 'nginx:1.27', env: {PLAIN: 'declared-value', NODE_ENV: 'test'}, secrets: ['PLAIN']},
					{id: 'api', dockerImage: 'node:20', env: {DB_PASSWORD: 'db-pass-value', DATABASE_URL: 'mysql://u:url-pass@db/x'}},
				],
			},
			{path: null, env: {}},
		);
		const context = createServiceContext({config, store: undefined as unknown as DeploymentStore, extraSecrets: ['extra-value']});
		const text = `${token} tokensecretvalue0123456789 declared-value db-pass-value url-pass extra-value test`;
		expect(context.redact(text)).toBe('*** *** *** *** *** *** test');
	});
});
