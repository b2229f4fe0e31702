import {link, open, readFile, rename, stat, unlink} from 'node:fs/promises';
import {hostname} from 'node:os';
import {randomHex} from './atomic-write.js';
import {StoreError, errorCode, toWriteError} from './errors.js';

/** Tuning of the cross-process lock. */
export type LockOptions = {
	/** Give up after this long. @default 5000 */
	timeoutMs?: number;
	/** A lock older than this is taken to be left by a hung or crashed process. @default 10000 */
	staleMs?: number;
};

const defaultTimeoutMs = 5000;
const defaultStaleMs = 10_000;

/** What a lock file holds. `token` tells this holder from an earlier one with the same pid. */
type LockContent = {pid: number; host: string; token: string; createdAt: string};

/** Serialises async work within this process. */
export class Mutex {
	#tail: Promise<void> = Promise.resolve();

	async run<T>(work: () => Promise<T>): Promise<T> {
		const previous = this.#tail;
		let release!: () => void;
		this.#tail = new Promise(resolve => {
			release = resolve;
		});
		await previous;
		try {
			return await work();
		} finally {
			release();
		}
	}
}

const mutexes = new Map<string, Mutex>();

/** One mutex per data file, shared by every store instance in this process. */
export function mutexFor(filePath: string): Mutex {
	let mutex = mutexes.get(filePath);
	if (mutex === undefined) {
		mutex = new Mutex();
		mutexes.set(filePath, mutex);
	}

	return mutex;
}

/**
 * Runs `work` while holding `lockPath`, a file created with O_EXCL that names its holder. Waits with
 * a short backoff while another process holds it, breaks it when the holder is dead or it is older
 * than `staleMs`, and always removes it afterwards. `dataPath` is only for error messages.
 */
export async function withFileLock<T>(
	lockPath: string,
	dataPath: string,
	work: () => Promise<T>,
	options: LockOptions = {},
): Promise<T> {
	const token = await acquire(lockPath, dataPath, options);
	try {
		return await work();
	} finally {
		await release(lockPath, token);
	}
}

async function acquire(lockPath: string, dataPath: string, options: LockOptions): Promise<string> {
	const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
	const staleMs = options.staleMs ?? defaultStaleMs;
	const content: LockContent = {
		pid: process.pid,
		host: hostname(),
		token: `${process.pid}-${randomHex(12)}`,
		createdAt: new Date().toISOString(),
	};
	const startedAt = Date.now();
	let delayMs = 5;
	for (;;) {
		if (await tryCreate(lockPath, dataPath, content)) {
			return content.token;
		}

		const holder = await inspect(lockPath).catch((error: unknown) => {
			throw error instanceof StoreError ? error : toWriteError(error, dataPath, `read lock file ${lockPath}`);
		});
		if (holder !== undefined && isStale(holder, staleMs)) {
			await breakLock(lockPath, holder);
			continue;
		}

		if (Date.now() - startedAt >= timeoutMs) {
			throw lockedError(lockPath, dataPath, holder);
		}

		await sleep(delayMs + Math.random() * delayMs);
		delayMs = Math.min(delayMs * 2, 100);
	}
}

async function tryCreate(lockPath: string, dataPath: string, content: LockContent): Promise<boolean> {
	let handle;
	try {
		handle = await open(lockPath, 'wx', 0o600);
	} catch (error) {
		if (errorCode(error) === 'EEXIST') {
			return false;
		}

		throw toWriteError(error, dataPath, `create lock file ${lockPath}`);
	}

	try {
		await handle.writeFile(JSON.stringify(content));
	} catch (error) {
		await handle.close().catch(() => undefined);
		await unlink(lockPath).catch(() => undefined);
		throw toWriteError(error, dataPath, `write lock file ${lockPath}`);
	}

	await handle.close();
	return true;
}

/** A lock file as found on disk. `content` is undefined while its holder has not written it yet. */
type LockHolder = {raw: string; content: LockContent | undefined; ino: number; ageMs: number};

async function inspect(lockPath: string): Promise<LockHolder | undefined> {
	try {
		const stats = await stat(lockPath);
		if (!stats.isFile()) {
			// A folder or a FIFO there is no lock anyone holds: it will never go away on its own.
			const what = stats.isDirectory() ? 'a folder' : 'not a file';
			throw new StoreError('not-a-file', lockPath, `the lock file ${lockPath} of the data file is ${what}; remove it, or pass --data with another path`);
		}

		const raw = await readFile(lockPath, 'utf8');
		return {raw, content: parseContent(raw), ino: stats.ino, ageMs: Date.now() - stats.mtimeMs};
	} catch (error) {
		if (errorCode(error) === 'ENOENT') {
			return undefined;
		}

		throw error;
	}
}

function parseContent(raw: string): LockContent | undefined {
	try {
		const value = JSON.parse(raw) as Partial<LockContent>;
		return typeof value.pid === 'number' && typeof value.token === 'string' ? (value as LockContent) : undefined;
	} catch {
		return undefined;
	}
}

function isStale(holder: LockHolder, staleMs: number): boolean {
	if (holder.ageMs > staleMs) {
		return true;
	}

	const content = holder.content;
	return content !== undefined && content.host === hostname() && !isProcessAlive(content.pid);
}

export function isProcessAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists but belongs to someone else.
		return errorCode(error) === 'EPERM';
	}
}

/**
 * Moves the stale lock aside instead of deleting it: if another process broke it first and took the
 * lock, what we moved is that new lock, and we put it back.
 */
async function breakLock(lockPath: string, holder: LockHolder): Promise<void> {
	const asidePath = `${lockPath}.stale-${process.pid}-${randomHex(8)}`;
	try {
		await rename(lockPath, asidePath);
	} catch (error) {
		if (errorCode(error) === 'ENOENT') {
			return;
		}

		throw error;
	}

	try {
		const moved = await inspect(asidePath);
		if (moved !== undefined && (moved.ino !== holder.ino || moved.raw !== holder.raw)) {
			await link(asidePath, lockPath).catch(() => undefined);
		}
	} finally {
		await unlink(asidePath).catch(() => undefined);
	}
}

async function release(lockPath: string, token: string): Promise<void> {
	try {
		const content = parseContent(await readFile(lockPath, 'utf8'));
		// Someone judged our lock stale and took it: it is theirs now.
		if (content?.token === token) {
			await unlink(lockPath);
		}
	} catch {
		// Already gone; a lock that cannot be removed is broken by the next writer once stale.
	}
}

function lockedError(lockPath: string, dataPath: string, holder: LockHolder | undefined): StoreError {
	const who = holder?.content === undefined ? 'another process' : `process ${holder.content.pid}`;
	const since = holder === undefined ? '' : ` for ${Math.round(holder.ageMs / 100) / 10} s`;
	return new StoreError(
		'locked',
		dataPath,
		`data file ${dataPath} is locked by ${who}${since} (${lockPath}); try again, or delete the lock file if no coolify-tui is running`,
	);
}

async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}
