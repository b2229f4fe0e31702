import {chmodSync, mkdirSync, symlinkSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {findConfigPath, implicitConfigPaths, loadConfig} from '../../source/config.js';
import {errorOf, makeTempDir, token, validRaw} from './helpers.js';

const body = JSON.stringify(validRaw());
const repoRoot = resolve(import.meta.dirname, '..', '..');

describe('findConfigPath: search order', () => {
	let temp: ReturnType<typeof makeTempDir>;
	let cwd: string;
	let home: string;
	let xdg: string;
	beforeEach(() => {
		temp = makeTempDir();
		cwd = join(temp.dir, 'project');
		home = join(temp.dir, 'home');
		xdg = join(temp.dir, 'xdg');
		mkdirSync(cwd);
		mkdirSync(home);
	});
	afterEach(() => {
		temp.remove();
	});

	function writeAll(): Record<'flag' | 'env' | 'cwd' | 'xdg' | 'home', string> {
		return {
			flag: temp.write('flag.json', body),
			env: temp.write('env.json', body),
			cwd: temp.write('project/coolify-tui.json', body),
			xdg: temp.write('xdg/coolify-tui/config.json', body),
			home: temp.write('home/.config/coolify-tui/config.json', body),
		};
	}

	it('prefers --config, then $COOLIFY_TUI_CONFIG, then ./coolify-tui.json, then XDG, then ~/.config', () => {
		const paths = writeAll();
		const find = (options: {configPath?: string; env?: Record<string, string>}) => findConfigPath({cwd, homeDir: home, env: {}, ...options});
		const env = {COOLIFY_TUI_CONFIG: paths.env, XDG_CONFIG_HOME: xdg};
		expect(find({configPath: paths.flag, env})).toBe(paths.flag);
		expect(find({env})).toBe(paths.env);
		expect(find({env: {XDG_CONFIG_HOME: xdg}})).toBe(paths.cwd);
		temp.remove();
		mkdirSync(cwd, {recursive: true});
		mkdirSync(home, {recursive: true});
		temp.write('xdg/coolify-tui/config.json', body);
		temp.write('home/.config/coolify-tui/config.json', body);
		expect(find({env: {XDG_CONFIG_HOME: xdg}})).toBe(paths.xdg);
		expect(find({env: {}})).toBe(paths.home);
	});

	it('uses ~/.config when XDG_CONFIG_HOME is unset, empty or relative, and only the XDG one when it is set', () => {
		const homeConfig = temp.write('home/.config/coolify-tui/config.json', body);
		for (const value of [undefined, '', 'relative/dir']) {
			expect(findConfigPath({cwd, homeDir: home, env: {XDG_CONFIG_HOME: value}})).toBe(homeConfig);
		}

		mkdirSync(xdg);
		expect(findConfigPath({cwd, homeDir: home, env: {XDG_CONFIG_HOME: xdg}})).toBeNull();
		expect(implicitConfigPaths({cwd, homeDir: home, env: {XDG_CONFIG_HOME: xdg}})).toEqual([join(cwd, 'coolify-tui.json'), join(xdg, 'coolify-tui', 'config.json')]);
	});

	it('returns null when no implicit file exists', () => {
		expect(findConfigPath({cwd, homeDir: home, env: {}})).toBeNull();
	});

	it('resolves relative and ~ paths', () => {
		const paths = writeAll();
		expect(findConfigPath({cwd, homeDir: home, env: {}, configPath: '../flag.json'})).toBe(paths.flag);
		expect(findConfigPath({cwd, homeDir: home, env: {COOLIFY_TUI_CONFIG: '../env.json'}})).toBe(paths.env);
		expect(findConfigPath({cwd, homeDir: home, env: {}, configPath: '~/.config/coolify-tui/config.json'})).toBe(paths.home);
	});

	it('treats an empty $COOLIFY_TUI_CONFIG as unset', () => {
		const paths = writeAll();
		expect(findConfigPath({cwd, homeDir: home, env: {COOLIFY_TUI_CONFIG: ''}})).toBe(paths.cwd);
	});

	it('fails when an explicitly named file does not exist, even if implicit ones do', () => {
		writeAll();
		const missing = join(temp.dir, 'missing.json');
		expect(errorOf(() => findConfigPath({cwd, homeDir: home, env: {}, configPath: missing})))
			.toBe(`${missing}: config file not found (named by --config); check the path, or see config.example.json to create one`);
		expect(errorOf(() => loadConfig({cwd, homeDir: home, env: {COOLIFY_TUI_CONFIG: missing, COOLIFY_API_TOKEN: token}})))
			.toBe(`${missing}: config file not found (named by $COOLIFY_TUI_CONFIG); check the path, or see config.example.json to create one`);
	});

	it('loads the file it finds and reports its path', () => {
		const paths = writeAll();
		const config = loadConfig({cwd, homeDir: home, env: {COOLIFY_API_TOKEN: token}});
		expect(config.configPath).toBe(paths.cwd);
		expect(config.coolify.projectUuid).toBe('proj-1');
	});
});

describe('loadConfig: without a file', () => {
	let temp: ReturnType<typeof makeTempDir>;
	beforeEach(() => {
		temp = makeTempDir();
	});
	afterEach(() => {
		temp.remove();
	});

	it('says what is missing and where to put it', () => {
		const cwd = temp.dir;
		const home = join(temp.dir, 'home');
		const message = errorOf(() => loadConfig({cwd, homeDir: home, env: {COOLIFY_BASE_URL: 'http://127.0.0.1:8000', COOLIFY_API_TOKEN: token}}));
		expect(message).toBe(`no config file found: coolify.projectUuid is missing; put "projectUuid" under "coolify" in ${join(cwd, 'coolify-tui.json')} or ${join(home, '.config', 'coolify-tui', 'config.json')} (see config.example.json), or pass --config PATH`);
	});

	it('asks for the base URL first, naming the variable', () => {
		const message = errorOf(() => loadConfig({cwd: temp.dir, homeDir: temp.dir, env: {}}));
		expect(message).toMatch(/^no config file found: coolify\.baseUrl is missing; set COOLIFY_BASE_URL, or put "baseUrl" under "coolify" in /);
	});

	it('validates the environment even without a file', () => {
		const message = errorOf(() => loadConfig({cwd: temp.dir, homeDir: temp.dir, env: {COOLIFY_BASE_URL: 'localhost'}}));
		expect(message).toBe('environment: COOLIFY_BASE_URL must be an http(s) URL such as "http://127.0.0.1:8000" (got "localhost"); fix the variable or unset it');
	});
});

describe('loadConfig: reading the file', () => {
	let temp: ReturnType<typeof makeTempDir>;
	beforeEach(() => {
		temp = makeTempDir();
	});
	afterEach(() => {
		temp.remove();
	});

	const load = (configPath: string, env: Record<string, string> = {COOLIFY_API_TOKEN: token}) => loadConfig({configPath, env, cwd: temp.dir, homeDir: temp.dir});

	it.each([
		['{\n\t"coolify": {\n\t\t"baseUrl": "http://host",\n\t}\n}', 4, 2, 'trailing comma before "}"; remove the last comma'],
		['{"coolify": {} "pipelines": []}', 1, 16, 'missing comma; add a comma before this key'],
		['{"a": [1 2]}', 1, 10, 'missing comma; add a comma before this value'],
		['{"a": 1]', 1, 8, 'unexpected "]" where "," or "}" was expected; check the punctuation'],
		['{"a" 1}', 1, 6, 'missing ":" after the key; write "key": value'],
		['', 1, 1, 'the file is empty; see config.example.json for a starting point'],
		['{\n  // comment\n}', 2, 3, 'comments are not allowed in JSON; remove the comment'],
		['{\'coolify\': {}}', 1, 2, 'single-quoted string; JSON strings use double quotes'],
		['{"a": 1, "a": 2}', 1, 10, 'duplicate key "a"; keep only one of them'],
		['{"a": [1, 2,]}', 1, 13, 'trailing comma before "]"; remove the last comma'],
		['{"a": "x\ny"}', 1, 9, 'control character or line break inside a string; write a line break as \\n and a tab as \\t'],
		['{"a": "unterminated}', 1, 7, 'unterminated string; close it with a double quote'],
		['{"a": 1', 1, 8, 'unexpected end of file; the file ends before "," or "}"'],
		['{} {}', 1, 4, 'unexpected content after the end of the JSON value; remove it, or wrap everything in one object'],
		['{"a": True}', 1, 7, 'unexpected text where a value was expected; strings need double quotes; true, false and null are lowercase'],
	])('reports invalid JSON with line and column (%#)', (text, line, column, problem) => {
		const path = temp.write('coolify-tui.json', text);
		expect(errorOf(() => load(path))).toBe(`${path}: invalid JSON at line ${line} column ${column}: ${problem}`);
	});

	it('ignores a byte-order mark', () => {
		const path = temp.write('coolify-tui.json', `\uFEFF${body}`);
		expect(load(path).coolify.projectUuid).toBe('proj-1');
	});

	it('rejects a file that is not an object', () => {
		const path = temp.write('coolify-tui.json', '[]');
		expect(errorOf(() => load(path))).toBe(`${path}: the top level must be a JSON object (got an array); see config.example.json`);
	});

	it('rejects a directory', () => {
		const path = join(temp.dir, 'dir.json');
		mkdirSync(path);
		expect(errorOf(() => load(path))).toBe(`${path}: is a directory, not a config file; point --config or $COOLIFY_TUI_CONFIG at a readable JSON file`);
	});

	it('stops reading a file too large to be a config, instead of holding all of it', () => {
		const path = temp.write('coolify-tui.json', `{"a": "${'x'.repeat(5 * 1024 * 1024)}"}`);
		expect(errorOf(() => load(path))).toBe(`${path}: is larger than 4 MiB, too large for a config file; point --config or $COOLIFY_TUI_CONFIG at the JSON config file`);
	});

	it.skipIf(process.platform !== 'linux')('stops reading an endless device (--config /dev/zero)', () => {
		expect(errorOf(() => load('/dev/zero'))).toBe('/dev/zero: is larger than 4 MiB, too large for a config file; point --config or $COOLIFY_TUI_CONFIG at the JSON config file');
	});

	it.skipIf(process.getuid?.() === 0 || process.platform === 'win32')('rejects an unreadable file', () => {
		const path = temp.write('coolify-tui.json', body, 0o000);
		expect(errorOf(() => load(path))).toContain('cannot be read (permission denied)');
	});

	it('follows a symlink', () => {
		const target = temp.write('real.json', body);
		const link = join(temp.dir, 'link.json');
		symlinkSync(target, link);
		expect(load(link).configPath).toBe(link);
	});
});

describe.skipIf(process.platform === 'win32')('loadConfig: token file permissions', () => {
	let temp: ReturnType<typeof makeTempDir>;
	beforeEach(() => {
		temp = makeTempDir();
	});
	afterEach(() => {
		temp.remove();
	});

	function writeWithToken(mode: number): string {
		const raw = validRaw();
		raw.coolify.token = token;
		return temp.write('coolify-tui.json', JSON.stringify(raw), mode);
	}

	it('warns when the file holding the token is readable by others (644)', () => {
		const path = writeWithToken(0o644);
		const config = loadConfig({configPath: path, env: {}});
		expect(config.coolify.token).toBe(token);
		expect(config.warnings).toEqual([`${path} holds coolify.token and is accessible by group or others (mode 644); run chmod 600 on it, or move the token to COOLIFY_API_TOKEN`]);
		expect(config.warnings.join('\n')).not.toContain(token);
	});

	it.each([0o640, 0o604, 0o660, 0o620])('warns for mode %o', mode => {
		const path = writeWithToken(mode);
		expect(loadConfig({configPath: path, env: {}}).warnings).toHaveLength(1);
	});

	it('does not warn for 600 or 400', () => {
		for (const mode of [0o600, 0o400]) {
			const path = writeWithToken(mode);
			expect(loadConfig({configPath: path, env: {}}).warnings).toEqual([]);
			chmodSync(path, 0o600);
		}
	});

	it('warns even when COOLIFY_API_TOKEN overrides the file token', () => {
		const path = writeWithToken(0o644);
		const config = loadConfig({configPath: path, env: {COOLIFY_API_TOKEN: 'env-token-value'}});
		expect(config.coolify.token).toBe('env-token-value');
		expect(config.warnings[0]).toContain('holds coolify.token');
	});

	it('does not warn about a readable file without a token', () => {
		const path = temp.write('coolify-tui.json', body, 0o644);
		expect(loadConfig({configPath: path, env: {COOLIFY_API_TOKEN: token}}).warnings).toEqual([]);
	});
});

describe('config.example.json', () => {
	it('loads with COOLIFY_API_TOKEN set', () => {
		const configPath = join(repoRoot, 'config.example.json');
		const config = loadConfig({configPath, env: {COOLIFY_API_TOKEN: token}, cwd: repoRoot, homeDir: repoRoot});
		expect(config.configPath).toBe(configPath);
		expect(config.coolify.baseUrl).toBe('http://127.0.0.1:8000');
		expect(config.coolify.token).toBe(token);
		expect(config.warnings).toEqual([]);
		expect(config.pipelines.map(pipeline => pipeline.id)).toEqual(['web', 'api', 'broken']);
		const [web, api, broken] = config.pipelines;
		expect(web).toMatchObject({dockerImage: 'nginx:1.27', ports: [{containerPort: 80, hostPortFrom: 8080}], secrets: ['API_KEY']});
		expect(Object.keys(web.env)).toEqual(['NODE_ENV', 'API_KEY']);
		expect(api).toMatchObject({dockerfile: join(repoRoot, 'examples', 'Dockerfile'), ports: [{containerPort: 3000}], secrets: ['DATABASE_PASSWORD']});
		expect(Object.keys(api.env)).toEqual(['DATABASE_URL', 'DATABASE_PASSWORD']);
		expect(api.limits).toBeDefined();
		expect(broken.dockerImage).toContain('broken');
	});

	it('holds no token', () => {
		const configPath = join(repoRoot, 'config.example.json');
		expect(errorOf(() => loadConfig({configPath, env: {}}))).toContain('coolify.token is missing; set COOLIFY_API_TOKEN');
	});

	it('points at a Dockerfile that exposes the port the example maps', async () => {
		const {readFileSync} = await import('node:fs');
		const dockerfile = readFileSync(join(repoRoot, 'examples', 'Dockerfile'), 'utf8');
		expect(dockerfile).toMatch(/^FROM node:20-alpine$/m);
		expect(dockerfile).toMatch(/^EXPOSE 3000$/m);
		// Coolify builds without a context: nothing may be copied in.
		expect(dockerfile).not.toMatch(/^(COPY|ADD) /m);
	});
});
