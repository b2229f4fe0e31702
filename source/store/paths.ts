import {chmod, mkdir} from 'node:fs/promises';
import {homedir} from 'node:os';
import path from 'node:path';
import {toWriteError} from './errors.js';

/** Mode of the data folder when coolify-tui creates it: only the owner may list or enter it. */
export const dataFolderMode = 0o700;
/** Mode of the data file and every copy of it: it holds application settings and logs. */
export const dataFileMode = 0o600;

/** Where the data file lives, in order of precedence. */
export type DataPathInput = {
	/** `--data PATH` from the command line. */
	dataPath?: string | undefined;
	/** The process environment (`COOLIFY_TUI_DATA`, `XDG_DATA_HOME`). */
	env: Record<string, string | undefined>;
	/** Defaults to `os.homedir()`. */
	homeDir?: string | undefined;
};

/**
 * The absolute path of the data file: `--data`, then `$COOLIFY_TUI_DATA`, then
 * `$XDG_DATA_HOME/coolify-tui/db.json`, then `~/.local/share/coolify-tui/db.json`.
 */
export function resolveDataPath({dataPath, env, homeDir}: DataPathInput): string {
	const home = homeDir ?? homedir();
	const explicit = nonEmpty(dataPath) ?? nonEmpty(env['COOLIFY_TUI_DATA']);
	if (explicit !== undefined) {
		return path.resolve(expandHome(explicit, home));
	}

	// The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
	const xdgDataHome = nonEmpty(env['XDG_DATA_HOME']);
	const dataHome =
		xdgDataHome !== undefined && path.isAbsolute(xdgDataHome) ? xdgDataHome : path.join(home, '.local', 'share');
	return path.join(dataHome, 'coolify-tui', 'db.json');
}

/**
 * Creates the data file's folder (and missing parents) with mode 0700; returns the first folder it
 * created, if any. Folders that already exist
 * keep their mode: `--data /tmp/db.json` must not lock everyone else out of /tmp.
 */
export async function ensureDataFolder(folder: string): Promise<string | undefined> {
	let firstCreated: string | undefined;
	try {
		firstCreated = await mkdir(folder, {recursive: true, mode: dataFolderMode});
	} catch (error) {
		throw toWriteError(error, folder, `create data folder ${folder}`);
	}

	if (firstCreated === undefined) {
		return undefined;
	}

	// mkdir's mode is filtered by the umask; set it exactly on each folder we created.
	for (let current = folder; ; current = path.dirname(current)) {
		await chmod(current, dataFolderMode);
		if (current === firstCreated || current === path.dirname(current)) {
			break;
		}
	}

	return firstCreated;
}

function nonEmpty(value: string | undefined): string | undefined {
	return value === undefined || value.trim() === '' ? undefined : value;
}

// `--data=~/x.json` reaches us unexpanded (the shell expands `~` only at the start of a word).
function expandHome(value: string, home: string): string {
	if (value === '~') {
		return home;
	}

	return value.startsWith('~/') ? path.join(home, value.slice(2)) : value;
}
