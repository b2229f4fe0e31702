import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {expect} from 'vitest';
import {ConfigError, parseConfig, type AppConfig} from '../../source/config.js';

/** A token shaped like Coolify's; no error message or warning may ever contain it. */
export const token = '7|Tk9sEcReT4a1b2c3d4e5f6g7h8i9j0kLmNoPqRs';

export const configFile = '/home/u/coolify-tui.json';

/** A minimal valid config file body; each call returns a fresh copy to mutate. */
export function validRaw(): any {
	return {
		coolify: {baseUrl: 'http://127.0.0.1:8000', projectUuid: 'proj-1', serverUuid: 'srv-1'},
		pipelines: [{id: 'web', dockerImage: 'nginx:1.27'}],
	};
}

export function parse(raw: unknown, env: Record<string, string | undefined> = {COOLIFY_API_TOKEN: token}, path: string | null = configFile): AppConfig {
	return parseConfig(raw, {path, env});
}

/** Runs `action`, expects a one-line ConfigError without the token, and returns its message. */
export function errorOf(action: () => unknown): string {
	let caught: unknown;
	try {
		action();
	} catch (error) {
		caught = error;
	}

	expect(caught, 'expected a ConfigError').toBeInstanceOf(ConfigError);
	const {message} = caught as ConfigError;
	expect(message).not.toContain('\n');
	expect(message).not.toContain(token);
	return message;
}

export function parseError(raw: unknown, env: Record<string, string | undefined> = {COOLIFY_API_TOKEN: token}, path: string | null = configFile): string {
	return errorOf(() => parse(raw, env, path));
}

/** A fresh temporary directory; call the returned cleanup in afterEach. */
export function makeTempDir(): {dir: string; write: (relative: string, content: string, mode?: number) => string; remove: () => void} {
	const dir = mkdtempSync(join(tmpdir(), 'coolify-tui-config-'));
	return {
		dir,
		write(relative, content, mode = 0o600) {
			const path = join(dir, relative);
			mkdirSync(dirname(path), {recursive: true});
			writeFileSync(path, content);
			chmodSync(path, mode);
			return path;
		},
		remove() {
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
