import {constants} from 'node:fs';
import {open, readdir, readFile, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import type {Adapter} from 'lowdb';
import {terminalSafeJson} from '../domain/terminal-text.js';
import {writeFileAtomic, toFileSignature, type FileSignature} from './atomic-write.js';
import {StoreError, describeCause, describeFsError, errorCode, toWriteError} from './errors.js';
import {migrateFromV0, schemaVersionOf} from './migrate.js';
import {notRegular} from './data-path.js';
import {dataFileMode} from './paths.js';
import {checkStoreData, createDefaultData, currentSchemaVersion, isPlainObject, describeType, shown, type StoreData} from './schema.js';

/** A data file as read from disk. */
export type LoadedDataFile = {
	data: StoreData;
	/** The schema version the file was in when it was older than ours, else undefined. */
	migratedFrom: number | undefined;
	/** How many records this load moved from `deployments` to `invalidRecords` (not yet written). */
	setAside: number;
	/** The file's exact bytes, to keep a copy before a migration overwrites them. */
	bytes: Buffer;
	signature: FileSignature;
};

/**
 * Reads, checks and (in memory) migrates the data file. Undefined when there is no file. A corrupt
 * file is copied aside, never changed, and reported with a StoreError naming the copy.
 */
export async function loadDataFile(filePath: string): Promise<LoadedDataFile | undefined> {
	const read = await readWhole(filePath);
	if (read === undefined) {
		return undefined;
	}

	const outcome = interpret(read.bytes, filePath);
	if ('reason' in outcome) {
		throw await corruptError(filePath, read.bytes, outcome.reason);
	}

	return {...outcome, bytes: read.bytes, signature: read.signature};
}

/** Writes the data file atomically; failures become a StoreError with the fix. */
export async function writeDataFile(filePath: string, data: StoreData): Promise<FileSignature> {
	try {
		return await writeFileAtomic(filePath, encodeStoreData(data));
	} catch (error) {
		throw toWriteError(error, filePath, `write data file ${filePath}`);
	}
}

// Bytes of each frozen (so never changing) record, as it sits in the file's deployments array.
const recordBytes = new WeakMap<object, Buffer>();
const recordsPlaceholder = '\u0000deployments\u0000';
const recordSeparator = Buffer.from(',\n');

/**
 * The file's bytes for `data`: exactly `JSON.stringify(data, null, '\t')` and a newline, in UTF-8,
 * but each frozen record is stringified and encoded once and its bytes reused, so writing one
 * change into a file of 1,000 records does not stringify the other 999 again (BENCHMARKS.md).
 */
export function encodeStoreData(data: StoreData): Buffer {
	const outline = JSON.stringify({...data, deployments: recordsPlaceholder}, null, '\t');
	const marker = `"deployments": ${JSON.stringify(recordsPlaceholder)}`;
	const at = outline.indexOf(marker);
	const parts: Buffer[] = [Buffer.from(`${outline.slice(0, at)}"deployments": [`)];
	if (data.deployments.length === 0) {
		parts.push(Buffer.from(']'));
	} else {
		parts.push(Buffer.from('\n'));
		for (const [index, record] of data.deployments.entries()) {
			if (index > 0) {
				parts.push(recordSeparator);
			}

			parts.push(bytesOf(record));
		}

		parts.push(Buffer.from('\n\t]'));
	}

	parts.push(Buffer.from(`${outline.slice(at + marker.length)}\n`));
	return Buffer.concat(parts);
}

function bytesOf(record: object): Buffer {
	let bytes = recordBytes.get(record);
	if (bytes === undefined) {
		bytes = Buffer.from(`\t\t${JSON.stringify(record, null, '\t').replaceAll('\n', '\n\t\t')}`);
		if (Object.isFrozen(record)) {
			recordBytes.set(record, bytes);
		}
	}

	return bytes;
}

/**
 * lowdb adapter over the checks above and an atomic write that is safe with several writer
 * processes. A missing file reads as fresh defaults (never `null`: lowdb would keep stale data).
 */
export class DataFileAdapter implements Adapter<StoreData> {
	/** Signature of the file as this adapter last read it; undefined when it was missing. (Only the
	 * signature: keeping the whole load would keep the file's bytes, ~900 KB, for as long as the store.) */
	lastReadSignature: FileSignature | undefined;
	/** Signature of the file as this adapter last wrote it. */
	lastWrittenSignature: FileSignature | undefined;

	constructor(readonly filePath: string) {}

	async read(): Promise<StoreData> {
		const loaded = await loadDataFile(this.filePath);
		this.lastReadSignature = loaded?.signature;
		return loaded?.data ?? createDefaultData();
	}

	async write(data: StoreData): Promise<void> {
		this.lastWrittenSignature = await writeDataFile(this.filePath, data);
	}
}

/**
 * Copies `bytes` next to the data file as `<file>.<label>-<timestamp>` (mode 0600), never replacing
 * an existing file. An existing copy with the same bytes is reused, so a dashboard that reads a
 * corrupt file on every poll keeps one copy, not hundreds.
 */
export async function keepCopy(filePath: string, bytes: Buffer, label: string): Promise<string> {
	const folder = path.dirname(filePath);
	const prefix = `${path.basename(filePath)}.${label}-`;
	for (const name of await readdir(folder)) {
		if (name.startsWith(prefix)) {
			const existing = await readFile(path.join(folder, name)).catch(() => undefined);
			if (existing?.equals(bytes)) {
				return path.join(folder, name);
			}
		}
	}

	const stamp = new Date().toISOString().replaceAll(/[:.]/g, '-');
	for (let attempt = 1; ; attempt += 1) {
		const copyPath = path.join(folder, `${prefix}${stamp}${attempt === 1 ? '' : `-${attempt}`}`);
		let handle: FileHandle;
		try {
			handle = await open(copyPath, 'wx', dataFileMode);
		} catch (error) {
			if (errorCode(error) === 'EEXIST') {
				continue;
			}

			throw error;
		}

		try {
			await handle.writeFile(bytes);
			await handle.chmod(dataFileMode);
			await handle.sync();
		} finally {
			await handle.close();
		}

		return copyPath;
	}
}

type Interpreted = {data: StoreData; migratedFrom: number | undefined; setAside: number} | {reason: string};

function interpret(bytes: Buffer, filePath: string): Interpreted {
	if (bytes.length === 0) {
		return {reason: 'the file is empty'};
	}

	let parsed: unknown;
	try {
		// A byte-order mark from a hand edit on Windows is harmless.
		// Hand edits and other programs write here too: every string is made terminal-safe as it loads.
		const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
		parsed = terminalSafeJson(JSON.parse(text), text);
	} catch (error) {
		return {reason: describeCause(error)};
	}

	if (!isPlainObject(parsed)) {
		return {reason: `expected an object, found ${describeType(parsed)}`};
	}

	const version = schemaVersionOf(parsed);
	if (version === undefined) {
		return {reason: `schemaVersion is ${shown(parsed['schemaVersion'])}, expected a whole number, 0 or more`};
	}

	if (version > currentSchemaVersion) {
		throw new StoreError(
			'newer-schema',
			filePath,
			`data file ${filePath} was written by a newer coolify-tui (schema ${version}); upgrade coolify-tui or use --data with another file`,
		);
	}

	let current: unknown = parsed;
	if (version === 0) {
		const migrated = migrateFromV0(parsed);
		if (!migrated.ok) {
			return {reason: migrated.reason};
		}

		current = migrated.data;
	}

	// An invalid record is set aside (kept under invalidRecords) so the rest of the file still loads.
	const checked = checkStoreData(current, undefined, {setAsideInvalid: true});
	if (!checked.ok) {
		return {reason: version === currentSchemaVersion ? checked.reason : `${checked.reason} after migrating from schema ${version}`};
	}

	return {data: checked.data, migratedFrom: version === currentSchemaVersion ? undefined : version, setAside: checked.setAside};
}

async function corruptError(filePath: string, bytes: Buffer, reason: string): Promise<StoreError> {
	const fix = 'move it away or pass --data to use another file';
	try {
		const copyPath = await keepCopy(filePath, bytes, 'corrupt');
		return new StoreError('corrupt', filePath, `data file ${filePath} is corrupt (${reason}); a copy was kept at ${copyPath}; ${fix}`, {
			copyPath,
		});
	} catch (error) {
		return new StoreError(
			'corrupt',
			filePath,
			`data file ${filePath} is corrupt (${reason}); no copy could be kept (${describeFsError(error)}); ${fix}`,
			{cause: error},
		);
	}
}

// Reads through one handle so the signature belongs to the bytes read, even if a writer renames a
// new file into place meanwhile.
async function readWhole(filePath: string): Promise<{bytes: Buffer; signature: FileSignature} | undefined> {
	let handle: FileHandle | undefined;
	try {
		// O_NONBLOCK: a FIFO put in the file's place must not hang the open (then it is refused below).
		handle = await open(filePath, constants.O_RDONLY | constants.O_NONBLOCK);
		const stats = await handle.stat();
		if (stats.isDirectory()) {
			throw new StoreError('not-a-file', filePath, `data file ${filePath} is a folder; pass --data with a file path`);
		}

		if (!stats.isFile()) {
			throw notRegular(filePath, stats);
		}

		const bytes = await handle.readFile();
		return {bytes, signature: toFileSignature(stats)};
	} catch (error) {
		if (error instanceof StoreError) {
			throw error;
		}

		if (errorCode(error) === 'ENOENT') {
			return undefined;
		}

		if (errorCode(error) === 'EISDIR') {
			throw toWriteError(error, filePath, `read data file ${filePath}`);
		}

		throw new StoreError(
			'unreadable',
			filePath,
			`cannot read data file ${filePath} (${describeFsError(error)}); fix its permissions or pass --data with another file`,
			{cause: error},
		);
	} finally {
		await handle?.close();
	}
}
