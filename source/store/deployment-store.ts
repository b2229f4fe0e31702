import {chmod, readdir, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {Low} from 'lowdb';
import {missingFileSignature, parseTempFileName, toFileSignature, type FileSignature} from './atomic-write.js';
import {DataFileAdapter, keepCopy, loadDataFile} from './data-file.js';
import {toWriteError} from './errors.js';
import {isProcessAlive, mutexFor, withFileLock, type LockOptions, type Mutex} from './lock.js';
import {checkDataPath} from './data-path.js';
import {dataFileMode, ensureDataFolder} from './paths.js';
import {
	addRecord,
	applyPatch,
	editRecord,
	findRecordIn,
	patchChangesRecord,
	type DeploymentPatch,
	type NewDeploymentRecord,
} from './records.js';
import {checkChanges, hasChanged} from './changes.js';
import {filterRecords, type RecordFilter} from '../domain/records.js';
import {createDefaultData, type StoreData} from './schema.js';
import type {DeploymentRecord} from '../domain/records.js';
import {watchDataFile, type WatchOptions} from './watch.js';

/** Options of `DeploymentStore.open`. */
export type DeploymentStoreOptions = LockOptions & {
	/** Clock for timestamps. @default () => new Date() */
	now?: () => Date;
};

/** A patch, or a function of the current record (read under the lock) that returns one. */
export type DeploymentPatchInput = DeploymentPatch | ((record: DeploymentRecord) => DeploymentPatch | undefined);

// How many of our own writes the watcher can trace back through.
const ownWriteMemory = 32;

/**
 * The data file shared by the dashboard, one-shot commands and scripts. Every read goes to disk
 * (other processes write too); every change is a read-modify-write under an in-process mutex and a
 * cross-process lock file, written atomically, and skipped when nothing changed.
 */
export class DeploymentStore {
	/** Opens (creating, checking and migrating as needed) the data file at `filePath`. */
	static async open(filePath: string, options: DeploymentStoreOptions = {}): Promise<DeploymentStore> {
		const checked = await checkDataPath(path.resolve(filePath));
		const store = new DeploymentStore(checked.path, options);
		store.notes.push(...checked.notes);
		await store.#initialise();
		return store;
	}

	/** One-line notes for the user from open(): a link followed, a new data file created (and where). */
	readonly notes: string[] = [];

	/** Absolute path of the data file. */
	readonly path: string;
	/** Path of the cross-process lock file. */
	readonly lockPath: string;
	#migratedFrom: number | undefined;
	#migrationBackupPath: string | undefined;
	readonly #options: DeploymentStoreOptions;
	readonly #adapter: DataFileAdapter;
	readonly #db: Low<StoreData>;
	readonly #mutex: Mutex;
	#writeCount = 0;
	#lastRead: {signature: FileSignature; data: StoreData} | undefined;
	#highestNextId = 1;
	// Signature after each of our writes -> signature of the file that write replaced.
	readonly #ownWrites = new Map<FileSignature, FileSignature>();

	private constructor(filePath: string, options: DeploymentStoreOptions) {
		this.path = filePath;
		this.lockPath = `${filePath}.lock`;
		this.#options = options;
		this.#adapter = new DataFileAdapter(filePath);
		this.#db = new Low(this.#adapter, createDefaultData());
		this.#mutex = mutexFor(filePath);
	}

	/** The schema version open() migrated the file from, or undefined when it needed no migration. */
	get migratedFrom(): number | undefined {
		return this.#migratedFrom;
	}

	/** Where open() kept the file as it was before migrating it. */
	get migrationBackupPath(): string | undefined {
		return this.#migrationBackupPath;
	}

	/**
	 * Resolves once the changes queued on this data file in this process are written, or after
	 * `timeoutMs`, whichever is first (for a clean quit: writes are atomic, so leaving early is safe).
	 */
	async settle(timeoutMs: number): Promise<void> {
		let timer: NodeJS.Timeout | undefined;
		const bound = new Promise<void>(resolve => {
			timer = setTimeout(resolve, timeoutMs);
		});
		try {
			await Promise.race([this.#mutex.run(async () => undefined), bound]);
		} finally {
			clearTimeout(timer);
		}
	}

	/** How many times this instance wrote the file. */
	get writeCount(): number {
		return this.#writeCount;
	}

	/**
	 * The data on disk now, as a frozen (read-only) snapshot: change records with `update` or
	 * `patchRecord`. An unchanged file (same inode, size and mtime: every write renames a new file into
	 * place) is not parsed and checked again, and its snapshot is shared: a dashboard reads the file
	 * after every poll, and with 1,000 records that was most of its idle CPU (BENCHMARKS.md).
	 */
	async read(): Promise<StoreData> {
		return (await this.#readSnapshot()).data;
	}

	/**
	 * Lets `mutate` change the data under the locks, then writes it back, checked and atomically. No
	 * write happens when nothing changed or `mutate` throws. `mutate` must be synchronous: the lock is
	 * held while it runs. Returns what `mutate` returned.
	 *
	 * `data` and its `deployments` array are `mutate`'s own, but the records in it are the frozen
	 * records of the last snapshot: replace a record to change it (`editRecord` does), never change
	 * it in place. So an update costs what it changes, not a parse, check and copy of every record
	 * (BENCHMARKS.md: one update of a 1,000-record file went from 39 ms to a few).
	 */
	async update<T>(mutate: (data: StoreData) => T): Promise<T> {
		return this.#exclusive(async () => {
			const snapshot = await this.#readSnapshot();
			const data: StoreData = {...snapshot.data, deployments: [...snapshot.data.deployments]};
			if (snapshot.signature === missingFileSignature) {
				// The file vanished since we last saw it: never hand out an id again.
				data.nextId = Math.max(data.nextId, this.#highestNextId);
			}

			const result = mutate(data);
			if (result instanceof Promise) {
				throw new TypeError('DeploymentStore.update() takes a synchronous function; nothing was written');
			}

			if (hasChanged(snapshot.data, data)) {
				await this.#write(checkChanges(snapshot.data, data, this.path), snapshot.signature);
			}

			this.#highestNextId = Math.max(this.#highestNextId, data.nextId);
			return result;
		});
	}

	/** Adds a record with the next id, timestamps and a first status history entry. */
	async createRecord(input: NewDeploymentRecord): Promise<DeploymentRecord> {
		return this.update(data => structuredClone(addRecord(data, input, this.#timestamp())));
	}

	/**
	 * Changes a record and returns it as it is now, or undefined when there is no such record. Sets
	 * `updatedAt` and appends to the status history only when something changed; writes nothing
	 * otherwise. A function patch sees the record as it is under the lock.
	 */
	async patchRecord(id: number, patch: DeploymentPatchInput): Promise<DeploymentRecord | undefined> {
		return this.update(data => {
			const record = data.deployments.find(candidate => candidate.id === id);
			if (record === undefined) {
				return undefined;
			}

			const changes = typeof patch === 'function' ? patch(structuredClone(record)) : patch;
			if (changes === undefined || !patchChangesRecord(record, changes)) {
				return structuredClone(record);
			}

			return structuredClone(editRecord(data, id, copy => applyPatch(copy, changes, this.#timestamp())));
		});
	}

	/** Removes a record; its id is not handed out again. Returns whether there was one. */
	async removeRecord(id: number): Promise<boolean> {
		return this.update(data => {
			const index = data.deployments.findIndex(record => record.id === id);
			if (index === -1) {
				return false;
			}

			data.deployments.splice(index, 1);
			return true;
		});
	}

	/** The record with local id `id`, hidden or not, from a fresh read. */
	async getRecord(id: number): Promise<DeploymentRecord | undefined> {
		const data = await this.read();
		return data.deployments.find(record => record.id === id);
	}

	/** By local id when `idOrUuid` is all digits, else by Coolify application (then deployment) uuid. */
	async findRecord(idOrUuid: string): Promise<DeploymentRecord | undefined> {
		return findRecordIn((await this.read()).deployments, idOrUuid);
	}

	/** Records matching `filter`, in id order; deleted and cleaned-up ones only with `includeHidden`. */
	async listRecords(filter?: RecordFilter): Promise<DeploymentRecord[]> {
		return filterRecords((await this.read()).deployments, filter);
	}

	/**
	 * Calls `onChange` (debounced) when another process, or another store instance, changes the
	 * file; this instance's own writes are not reported. Returns a function that stops watching.
	 */
	watch(onChange: () => void, options?: WatchOptions): () => void {
		return watchDataFile(
			{filePath: this.path, onChange, isOwnChange: (from, to) => this.#isOwnChange(from, to)},
			options,
		);
	}

	async #initialise(): Promise<void> {
		const createdFolder = await ensureDataFolder(path.dirname(this.path));
		await this.#exclusive(async () => {
			const loaded = await loadDataFile(this.path);
			if (loaded === undefined) {
				await this.#write(createDefaultData(), missingFileSignature);
				// A mistyped --data must not pass for an empty history.
				this.notes.push(`no data file at ${this.path}: created a new, empty one${createdFolder === undefined ? '' : ` (and the folder ${createdFolder})`}`);
				return;
			}

			this.#highestNextId = loaded.data.nextId;
			const invalid = loaded.data.invalidRecords ?? [];
			if (invalid.length > 0) {
				const first = invalid[0]!.reason;
				const more = invalid.length > 1 ? ` and ${invalid.length - 1} more` : '';
				this.notes.push(
					`${invalid.length} record${invalid.length === 1 ? ' is' : 's are'} not valid and set aside (${first}${more}); ${invalid.length === 1 ? 'it is' : 'they are'} kept under "invalidRecords" in ${this.path}: fix and move ${invalid.length === 1 ? 'it' : 'them'} back into "deployments", or delete ${invalid.length === 1 ? 'it' : 'them'}`,
				);
			}

			// Migrated, or records newly set aside: written back at once (after a copy of the file as it was).
			if (loaded.migratedFrom !== undefined || loaded.setAside > 0) {
				this.#migratedFrom = loaded.migratedFrom;
				const label = loaded.migratedFrom === undefined ? 'before-set-aside' : `schema-${loaded.migratedFrom}`;
				const copyPath = await keepCopy(this.path, loaded.bytes, label).catch((error: unknown) => {
					throw toWriteError(error, this.path, `keep a copy of data file ${this.path} before rewriting it`);
				});
				if (loaded.migratedFrom !== undefined) {
					this.#migrationBackupPath = copyPath;
				}

				await this.#write(loaded.data, loaded.signature);
				return;
			}

			await tightenMode(this.path);
			// The first read() (the dashboard's first frame) then needs no second parse of the file.
			this.#lastRead = {signature: loaded.signature, data: deepFreeze(loaded.data)};
		});
		await removeLeftoverTempFiles(this.path);
	}

	// `data` is checked (checkChanges, or a whole load) and becomes the snapshot later reads share.
	async #write(data: StoreData, readSignature: FileSignature): Promise<void> {
		this.#db.data = deepFreeze(data);
		await this.#db.write();
		this.#writeCount += 1;
		const written = this.#adapter.lastWrittenSignature;
		if (written === undefined) {
			return;
		}

		this.#lastRead = {signature: written, data};
		this.#ownWrites.set(written, readSignature);
		if (this.#ownWrites.size > ownWriteMemory) {
			const oldest = this.#ownWrites.keys().next().value;
			if (oldest !== undefined) {
				this.#ownWrites.delete(oldest);
			}
		}
	}

	/** The data on disk now and the signature of the file it came from (`missing` when there is none). */
	async #readSnapshot(): Promise<{data: StoreData; signature: FileSignature}> {
		const signature = await currentSignature(this.path);
		if (signature !== undefined && signature === this.#lastRead?.signature) {
			return this.#lastRead;
		}

		await this.#db.read();
		const readSignature = this.#adapter.lastReadSignature;
		if (readSignature === undefined) {
			return {data: deepFreeze(createDefaultData()), signature: missingFileSignature};
		}

		this.#lastRead = {signature: readSignature, data: deepFreeze(this.#db.data)};
		return this.#lastRead;
	}

	#isOwnChange(from: FileSignature, to: FileSignature): boolean {
		let current = to;
		for (let step = 0; step <= ownWriteMemory; step += 1) {
			if (current === from) {
				return true;
			}

			const previous = this.#ownWrites.get(current);
			if (previous === undefined) {
				return false;
			}

			current = previous;
		}

		return false;
	}

	async #exclusive<T>(work: () => Promise<T>): Promise<T> {
		return this.#mutex.run(async () => withFileLock(this.lockPath, this.path, work, this.#options));
	}

	#timestamp(): string {
		return (this.#options.now?.() ?? new Date()).toISOString();
	}
}

// The file may predate coolify-tui's 0600 (copied in, or written by hand).
async function tightenMode(filePath: string): Promise<void> {
	try {
		const stats = await stat(filePath);
		if ((stats.mode & 0o777) !== dataFileMode && stats.uid === process.getuid?.()) {
			await chmod(filePath, dataFileMode);
		}
	} catch {
		// Only a precaution: a file we cannot chmod is still usable.
	}
}

// Temp files of writers that died between writing and renaming.
async function removeLeftoverTempFiles(filePath: string): Promise<void> {
	const folder = path.dirname(filePath);
	try {
		for (const name of await readdir(folder)) {
			const temp = parseTempFileName(name, path.basename(filePath));
			if (temp !== undefined && temp.pid !== process.pid && !isProcessAlive(temp.pid)) {
				await rm(path.join(folder, name), {force: true});
			}
		}
	} catch {
		// Leftovers are harmless.
	}
}

/** The file's signature now, or undefined when it cannot be read (read() then reports why). */
async function currentSignature(filePath: string): Promise<FileSignature | undefined> {
	try {
		return toFileSignature(await stat(filePath));
	} catch {
		return undefined;
	}
}

// Walked without Object.values, whose arrays (one per object, 7,000 for 1,000 records) made the freeze of a
// loaded file three times as slow, before the dashboard's first frame. The store's data is plain JSON objects.
function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
		if (Array.isArray(value)) {
			for (let index = 0; index < value.length; index++) {
				deepFreeze(value[index]);
			}
		} else {
			for (const key in value) {
				deepFreeze(value[key]);
			}
		}

		Object.freeze(value);
	}

	return value;
}
