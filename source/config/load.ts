import {closeSync, existsSync, openSync, readSync, statSync} from 'node:fs';
import {homedir} from 'node:os';
import {isAbsolute, join, resolve} from 'node:path';
import {terminalSafeJson} from '../domain/terminal-text.js';
import {ConfigError, type AppConfig, type LoadConfigOptions} from './types.js';
import {JsonSyntaxError, parseJson} from './json.js';
import {parseConfigWithContext} from './parse.js';

/** The file name looked for in the working directory. */
export const localConfigName = 'coolify-tui.json';

/**
 * The config file to use: `configPath` (--config), then $COOLIFY_TUI_CONFIG, then ./coolify-tui.json,
 * then $XDG_CONFIG_HOME/coolify-tui/config.json (~/.config/... when XDG_CONFIG_HOME is unset, empty
 * or relative). Returns an absolute path, or null when no implicit file exists. Throws ConfigError
 * when an explicitly named file does not exist.
 */
export function findConfigPath(options: LoadConfigOptions = {}): string | null {
	const env = options.env ?? process.env;
	const cwd = options.cwd ?? process.cwd();
	const explicit: Array<[string | undefined, string]> = [[options.configPath, '--config'], [env.COOLIFY_TUI_CONFIG, '$COOLIFY_TUI_CONFIG']];
	for (const [path, origin] of explicit) {
		if (path !== undefined && path !== '') {
			const absolute = resolve(cwd, expandHome(path, options));
			if (!existsSync(absolute)) {
				throw new ConfigError(`${absolute}: config file not found (named by ${origin}); check the path, or see config.example.json to create one`, {file: absolute});
			}

			return absolute;
		}
	}

	return implicitConfigPaths(options).find(path => existsSync(path)) ?? null;
}

/** The files looked for when none is named, in order. */
export function implicitConfigPaths(options: LoadConfigOptions = {}): string[] {
	const env = options.env ?? process.env;
	const xdg = env.XDG_CONFIG_HOME;
	// The XDG spec says to ignore a relative XDG_CONFIG_HOME.
	const configHome = xdg && isAbsolute(xdg) ? xdg : join(options.homeDir ?? homedir(), '.config');
	return [resolve(options.cwd ?? process.cwd(), localConfigName), join(configHome, 'coolify-tui', 'config.json')];
}

/** Finds, reads and validates the configuration; throws ConfigError with a one-line message. */
export function loadConfig(options: LoadConfigOptions = {}): AppConfig {
	const env = options.env ?? process.env;
	const path = findConfigPath(options);
	if (path === null) {
		return parseConfigWithContext({}, {path: null, env, searchedPaths: implicitConfigPaths(options)});
	}

	const raw = readConfigFile(path);
	const config = parseConfigWithContext(raw, {path, env});
	const warning = tokenFileWarning(path, raw);
	if (warning) {
		config.warnings.unshift(warning);
	}

	return config;
}

/** A config file is a few KB; reading stops past this, so a huge file or `--config /dev/zero` cannot exhaust memory. */
const maxConfigBytes = 4 * 1024 * 1024;

function readConfigFile(path: string): unknown {
	let text: string;
	try {
		const bytes = readAtMost(path, maxConfigBytes + 1);
		if (bytes.length > maxConfigBytes) {
			throw new ConfigError(`${path}: is larger than ${maxConfigBytes / 1024 / 1024} MiB, too large for a config file; point --config or $COOLIFY_TUI_CONFIG at the JSON config file`, {file: path});
		}

		text = bytes.toString('utf8');
	} catch (error) {
		if (error instanceof ConfigError) {
			throw error;
		}

		const code = (error as NodeJS.ErrnoException).code;
		const problem = code === 'EISDIR' ? 'is a directory, not a config file' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? String(error)})`;
		throw new ConfigError(`${path}: ${problem}; point --config or $COOLIFY_TUI_CONFIG at a readable JSON file`, {file: path});
	}

	try {
		// Every string of the file is made terminal-safe as it loads (names and URLs end up on screen).
		return terminalSafeJson(parseJson(text), text);
	} catch (error) {
		if (error instanceof JsonSyntaxError) {
			throw new ConfigError(`${path}: invalid JSON at line ${error.line} column ${error.column}: ${error.problem}; ${error.fix}`, {file: path});
		}

		throw error;
	}
}

/**
 * The first `limit` bytes of the file, or all of it when it is shorter (a pipe or device included), read in
 * pieces, so a config of a few KB does not cost a buffer of the limit at every start.
 */
function readAtMost(path: string, limit: number): Buffer {
	const descriptor = openSync(path, 'r');
	try {
		const pieces: Buffer[] = [];
		let length = 0;
		while (length < limit) {
			const piece = Buffer.allocUnsafe(Math.min(64 * 1024, limit - length));
			const count = readSync(descriptor, piece, 0, piece.length, null);
			if (count === 0) {
				break;
			}

			pieces.push(piece.subarray(0, count));
			length += count;
		}

		return Buffer.concat(pieces, length);
	} finally {
		closeSync(descriptor);
	}
}

/** A token in a file others can read is a token others can use. */
function tokenFileWarning(path: string, raw: unknown): string | undefined {
	const token = (raw as {coolify?: {token?: unknown}}).coolify?.token;
	if (process.platform === 'win32' || typeof token !== 'string' || token.trim() === '') {
		return undefined;
	}

	const mode = statSync(path).mode & 0o777;
	if ((mode & 0o077) === 0) {
		return undefined;
	}

	return `${path} holds coolify.token and is accessible by group or others (mode ${mode.toString(8).padStart(3, '0')}); run chmod 600 on it, or move the token to COOLIFY_API_TOKEN`;
}

function expandHome(path: string, options: LoadConfigOptions): string {
	return path === '~' || path.startsWith('~/') ? join(options.homeDir ?? homedir(), path.slice(1)) : path;
}
