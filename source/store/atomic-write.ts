import {open, rename, rm, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {dataFileMode} from './paths.js';

/** Identifies one version of a file: a new inode, size or mtime means someone wrote it. */
export type FileSignature = string;

export function toFileSignature(stats: {ino: number; size: number; mtimeMs: number}): FileSignature {
	return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

/** The signature of a file that does not exist. */
export const missingFileSignature: FileSignature = 'missing';

let writeCounter = 0;

/**
 * `digits` random hex digits, for names and tokens that must not collide between processes or hosts. Not a
 * secret, so not node:crypto, which takes 2 ms to load before the dashboard's first frame (its lock's token).
 */
export function randomHex(digits: number): string {
	let text = '';
	while (text.length < digits) {
		text += Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0');
	}

	return text.slice(0, digits);
}

/**
 * Writes `bytes` to `filePath` so that readers see either the old file or the new one, never part
 * of it: a temp file in the same folder, named uniquely per process and write (lowdb's writer
 * shares one temp name between processes, which broke with two writers), mode 0600, fsync, rename.
 * Returns the new file's signature, taken before the rename so a later write by another process
 * cannot be mistaken for ours.
 */
export async function writeFileAtomic(filePath: string, bytes: Buffer): Promise<FileSignature> {
	const folder = path.dirname(filePath);
	writeCounter += 1;
	const tempPath = path.join(
		folder,
		`.${path.basename(filePath)}.${process.pid}.${writeCounter}.${randomHex(8)}.tmp`,
	);
	let handle: FileHandle | undefined;
	try {
		handle = await open(tempPath, 'wx', dataFileMode);
		await handle.writeFile(bytes);
		// open()'s mode is filtered by the umask.
		await handle.chmod(dataFileMode);
		await handle.sync();
		const signature = toFileSignature(await handle.stat());
		await handle.close();
		handle = undefined;
		await rename(tempPath, filePath);
		await syncFolder(folder);
		return signature;
	} catch (error) {
		await handle?.close().catch(() => undefined);
		await rm(tempPath, {force: true}).catch(() => undefined);
		throw error;
	}
}

/** Names of temp files left by writeFileAtomic for `fileName`, with the writer's pid. */
export function parseTempFileName(fileName: string, dataFileName: string): {pid: number} | undefined {
	const prefix = `.${dataFileName}.`;
	if (!fileName.startsWith(prefix) || !fileName.endsWith('.tmp')) {
		return undefined;
	}

	const match = /^(\d+)\.\d+\.[\da-f]+\.tmp$/.exec(fileName.slice(prefix.length));
	return match ? {pid: Number(match[1])} : undefined;
}

// Makes the rename itself durable. Some platforms cannot open a folder; the write is done anyway.
async function syncFolder(folder: string): Promise<void> {
	let handle: FileHandle | undefined;
	try {
		handle = await open(folder, 'r');
		await handle.sync();
	} catch {
		// Best effort only.
	} finally {
		await handle?.close().catch(() => undefined);
	}
}
