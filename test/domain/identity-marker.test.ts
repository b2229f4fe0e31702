import {describe, expect, it} from 'vitest';
import {applicationNameFor, isDeploymentKey, newDeploymentKey} from '../../source/domain/identity.js';
import {decodeMarker, encodeMarker, markerSafeOwner, type DeploymentMarker} from '../../source/domain/marker.js';
import {resolveOwner} from '../../source/domain/owner.js';
import {expiryFrom, isExpired, parseTtl, timeLeftMs} from '../../source/domain/ttl.js';

/** Coolify's web UI check on descriptions (app/Support/ValidationPatterns.php DESCRIPTION_PATTERN, max 255). */
const coolifyDescriptionPattern = /^[\p{L}\p{M}\p{N}\s\-_.,!?()'"+=*@/&]+$/u;

describe('deployment keys', () => {
	it('are six base36 characters, different each time', () => {
		const keys = new Set(Array.from({length: 200}, () => newDeploymentKey()));
		expect(keys.size).toBe(200);
		for (const key of keys) {
			expect(isDeploymentKey(key)).toBe(true);
			expect(key).toMatch(/^[\da-z]{6}$/);
		}
	});

	it('name the application after the pipeline and the key', () => {
		expect(applicationNameFor('web', 'k3x9q2')).toBe('web-test-k3x9q2');
	});

	it.each(['', 'ABCDEF', 'abc', 'abcdefghi', 'abc-de', 42])('refuses %j as a key', value => {
		expect(isDeploymentKey(value)).toBe(false);
	});
});

describe('the marker in the application description', () => {
	const marker: DeploymentMarker = {
		key: 'k3x9q2',
		pipeline: 'web',
		owner: 'github.com/acme/shop/actions/runs/123',
		createdAt: '2026-12-02T06:00:00.000Z',
		expiresAt: '2026-12-02T08:00:00.000Z',
	};

	it('round-trips and stays within what Coolify\'s UI accepts', () => {
		const description = encodeMarker(marker);
		expect(description.length).toBeLessThanOrEqual(255);
		expect(description).toMatch(coolifyDescriptionPattern);
		expect(description).toContain('Test deployment of web');
		expect(decodeMarker(description)).toEqual(marker);
	});

	it('keeps a marker that never expires', () => {
		expect(decodeMarker(encodeMarker({...marker, expiresAt: null}))).toEqual({...marker, expiresAt: null});
	});

	it('is found after text a person added before it', () => {
		expect(decodeMarker(`Please keep. ${encodeMarker(marker)}`)).toEqual(marker);
	});

	it('drops the human sentence rather than overflow 255 characters', () => {
		const long = {...marker, owner: 'x'.repeat(200)};
		const description = encodeMarker(long);
		expect(description.length).toBeLessThanOrEqual(255);
		expect(decodeMarker(description)?.owner).toBe('x'.repeat(120));
	});

	it.each([
		[null],
		[''],
		['made by hand'],
		['coolify-tui/v1 key=BAD pipeline=web owner=a created=20261202T060000Z expires=never'],
		['coolify-tui/v1 key=k3x9q2 pipeline=web owner=a created=yesterday expires=never'],
		['coolify-tui/v1 key=k3x9q2 pipeline=web owner=a created=20261202T060000Z expires=soon'],
		['coolify-tui/v1 key=k3x9q2 owner=a created=20261202T060000Z expires=never'],
		['coolify-tui/v1 key=k3x9q2 pipeline=web created=20261202T060000Z expires=never'],
		['coolify-tui/v1 key=k3x9q2 pipeline=web owner=a created=20261399T060000Z expires=never'],
	])('reads %j as no valid marker', description => {
		expect(decodeMarker(description)).toBeNull();
	});

	it.each([
		['https://gitlab.example.com/g/p/-/jobs/9', 'gitlab.example.com/g/p/-/jobs/9'],
		['ann smith@laptop', 'ann_smith@laptop'],
		['a:b{c}', 'a_b_c_'],
		['   ', 'unknown'],
	])('writes the owner %j as %j', (owner, safe) => {
		expect(markerSafeOwner(owner)).toBe(safe);
		expect(markerSafeOwner(owner)).toMatch(coolifyDescriptionPattern);
	});
});

describe('owners', () => {
	const base = {userName: 'ann', hostName: 'laptop'};
	it.each([
		[{COOLIFY_TUI_OWNER: 'team-qa', CI: 'true'}, 'cfg', 'team-qa', 'COOLIFY_TUI_OWNER'],
		[{}, 'cfg', 'cfg', 'config'],
		[{CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '77'}, undefined, 'https://github.com/acme/shop/actions/runs/77', 'github-actions'],
		[{CI: 'true', GITLAB_CI: 'true', CI_JOB_URL: 'https://gl/j/1'}, undefined, 'https://gl/j/1', 'gitlab-ci'],
		[{CI: 'true', BUILD_URL: 'https://jenkins/job/4'}, undefined, 'ci https://jenkins/job/4', 'ci'],
		[{CI: 'false'}, undefined, 'ann@laptop', 'user@host'],
		[{}, undefined, 'ann@laptop', 'user@host'],
	])('%j with config owner %j is %j', (env, configOwner, name, source) => {
		expect(resolveOwner({...base, env, configOwner})).toEqual({name, source});
	});
});

describe('TTLs', () => {
	it.each([
		['90m', 5_400_000],
		['2h', 7_200_000],
		['1d', 86_400_000],
		['1.5h', 5_400_000],
		['3', 10_800_000],
	])('reads %j as %d ms', (text, ms) => {
		expect(parseTtl(text)).toEqual({ok: true, ms});
	});

	it.each(['', 'soon', '-1h', '0m', '31d', '2w'])('refuses %j with a reason', text => {
		const parsed = parseTtl(text);
		expect(parsed.ok).toBe(false);
		expect(parsed.ok ? '' : parsed.reason).toMatch(/use/);
	});

	it('computes expiry and time left', () => {
		const expiry = expiryFrom('2026-12-02T06:00:00.000Z', 7_200_000);
		expect(expiry).toBe('2026-12-02T08:00:00.000Z');
		expect(timeLeftMs(expiry, Date.parse('2026-12-02T07:00:00Z'))).toBe(3_600_000);
		expect(isExpired(expiry, Date.parse('2026-12-02T07:59:59Z'))).toBe(false);
		expect(isExpired(expiry, Date.parse('2026-12-02T08:00:00Z'))).toBe(true);
		expect(isExpired(null, Date.now())).toBe(false);
		expect(timeLeftMs('garbage', 0)).toBeNull();
	});
});
