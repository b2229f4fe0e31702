import {lstat, readlink, realpath, stat} from 'node:fs/promises';
import {StoreError, describeFsError, errorCode} from './errors.js';

/** The data file's path once links are followed, and what the user should be told about it. */
export type CheckedDataPath = {path: string; notes: string[]; exists: boolean};

/**
 * Looks at what is at the data file's path before anything opens it: a FIFO or a device would hang the
 * read or feed it forever, a folder is no file, and a symbolic link is followed to its target (said in a
 * note) so the atomic write replaces the target, never the link, and the lock sits next to the target.
 */
export async function checkDataPath(filePath: string): Promise<CheckedDataPath> {
	const notes: string[] = [];
	let resolved = filePath;
	let stats;
	try {
		stats = await lstat(filePath);
	} catch (error) {
		// ENOTDIR: creating the folder says what is in the way.
		if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') {
			return {path: filePath, notes, exists: false};
		}

		throw unusable(filePath, error);
	}

	if (stats.isSymbolicLink()) {
		const target = await readlink(filePath).catch(() => '?');
		try {
			resolved = await realpath(filePath);
			stats = await stat(resolved);
		} catch (error) {
			if (errorCode(error) === 'ENOENT') {
				throw new StoreError(
					'not-a-file',
					filePath,
					`data file ${filePath} is a symbolic link to ${target}, which does not exist; create the target or pass --data with a file path`,
					{cause: error},
				);
			}

			throw unusable(filePath, error);
		}

		notes.push(`data file ${filePath} is a symbolic link: following it to ${resolved} (the link is kept)`);
	}

	if (stats.isDirectory()) {
		throw new StoreError('not-a-file', filePath, `data file ${resolved} is a folder; pass --data with a file path`);
	}

	if (!stats.isFile()) {
		throw notRegular(resolved, stats);
	}

	return {path: resolved, notes, exists: true};
}

/** The error for a path that is there but is no regular file (a FIFO, a device, a socket). */
export function notRegular(filePath: string, stats: {isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean}): StoreError {
	const what = stats.isFIFO() ? 'a FIFO' : stats.isCharacterDevice() ? 'a character device' : stats.isBlockDevice() ? 'a block device' : stats.isSocket() ? 'a socket' : 'not a regular file';
	return new StoreError('not-a-file', filePath, `data file ${filePath} is ${what}, not a file; pass --data with the path of a JSON file`);
}

function unusable(filePath: string, error: unknown): StoreError {
	return new StoreError('unreadable', filePath, `cannot use data file ${filePath} (${describeFsError(error)}); fix its permissions or pass --data with another file`, {cause: error});
}
