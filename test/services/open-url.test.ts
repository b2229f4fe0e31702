import {spawn, type ChildProcess, type SpawnOptions} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {browserOpener, checkOpenableUrl, openUrl} from '../../source/services/open-url.js';

type Call = {command: string; args: readonly string[]; options: SpawnOptions};

function fakeSpawn(outcome: 'spawn' | NodeJS.ErrnoException) {
	const calls: Call[] = [];
	let unrefs = 0;
	const spawnFake = (command: string, args: readonly string[], options: SpawnOptions) => {
		calls.push({command, args, options});
		const child = Object.assign(new EventEmitter(), {unref: () => unrefs++});
		setImmediate(() => (outcome === 'spawn' ? child.emit('spawn') : child.emit('error', outcome)));
		return child as unknown as ChildProcess;
	};

	return {calls, spawn: spawnFake, unrefs: () => unrefs};
}

const desktop = {DISPLAY: ':0'};

describe('checkOpenableUrl', () => {
	it.each<[string, string | null]>([
		['http://api-test-2.example.com', 'http://api-test-2.example.com/'],
		['https://x.test/a b?q="1"', 'https://x.test/a%20b?q=%221%22'],
		['  https://x.test/path  ', 'https://x.test/path'],
		['--help', null],
		['-http://x', null],
		['file:///etc/passwd', null],
		['javascript:alert(1)', null],
		['/tmp/x.html', null],
		['http://user:secret@x.test', null],
	])('%j', (text, expected) => {
		const checked = checkOpenableUrl(text);
		expect(checked.ok ? checked.url : null).toBe(expected);
	});
});

describe('openUrl', () => {
	it.each<[NodeJS.Platform, string, string[]]>([
		['linux', 'xdg-open', ['https://x.test/']],
		['darwin', 'open', ['https://x.test/']],
		['win32', 'rundll32', ['url.dll,FileProtocolHandler', 'https://x.test/']],
	])('on %s runs %s detached, with no terminal', async (platform, command, args) => {
		const fake = fakeSpawn('spawn');
		const result = await openUrl('https://x.test', {platform, env: desktop, spawn: fake.spawn});
		expect(result).toEqual({ok: true, message: `opening https://x.test/ in the browser (${command})`});
		expect(fake.calls).toEqual([{command, args, options: {detached: true, stdio: 'ignore', windowsHide: true}}]);
		expect(fake.unrefs()).toBe(1);
		expect(browserOpener(platform, 'https://x.test/')).toEqual({command, args});
	});

	it('says there is no opener and shows the URL when the command does not exist', async () => {
		const missing = Object.assign(new Error('spawn xdg-open ENOENT'), {code: 'ENOENT'});
		const result = await openUrl('http://api-test-2.example.com', {platform: 'linux', env: desktop, spawn: fakeSpawn(missing).spawn});
		expect(result).toEqual({ok: false, message: 'no browser opener found (xdg-open): the URL is http://api-test-2.example.com/'});
	});

	it('reports the real ENOENT of a command that is not installed', async () => {
		const realSpawnOfMissing = (_command: string, args: readonly string[], options: SpawnOptions) => spawn('coolify-tui-no-such-opener', args, options);
		const result = await openUrl('https://x.test', {platform: 'linux', env: desktop, spawn: realSpawnOfMissing});
		expect(result).toEqual({ok: false, message: 'no browser opener found (xdg-open): the URL is https://x.test/'});
	});

	it('never throws when spawn itself throws', async () => {
		const throwing = () => {
			throw new Error('EPERM');
		};

		expect(await openUrl('https://x.test', {platform: 'darwin', spawn: throwing})).toEqual({ok: false, message: 'open could not start (EPERM): the URL is https://x.test/'});
	});

	it('does not start anything for what is not an http(s) URL', async () => {
		const fake = fakeSpawn('spawn');
		expect(await openUrl('--version', {platform: 'linux', env: desktop, spawn: fake.spawn})).toEqual({ok: false, message: 'not opened: "--version" is not a URL'});
		expect(await openUrl('file:///etc/passwd', {platform: 'linux', env: desktop, spawn: fake.spawn})).toEqual({ok: false, message: 'not opened: only http and https URLs are opened, not file'});
		expect(fake.calls).toEqual([]);
	});

	it('on Linux without a graphical session says so instead of starting xdg-open', async () => {
		const fake = fakeSpawn('spawn');
		expect(await openUrl('https://x.test', {platform: 'linux', env: {SSH_CONNECTION: '1'}, spawn: fake.spawn})).toEqual({
			ok: false,
			message: 'no graphical session here (no DISPLAY or WAYLAND_DISPLAY): the URL is https://x.test/',
		});
		expect(fake.calls).toEqual([]);
	});
});
