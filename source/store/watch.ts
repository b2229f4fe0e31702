import {statSync, watch, watchFile, unwatchFile, type FSWatcher} from 'node:fs';
import {stat} from 'node:fs/promises';
import path from 'node:path';
import {missingFileSignature, toFileSignature, type FileSignature} from './atomic-write.js';

/** Tuning of `watchDataFile`; the defaults suit the dashboard. */
export type WatchOptions = {
	/** Events within this window are reported once. @default 100 */
	debounceMs?: number;
	/** Interval of the polling fallback. @default 1000 */
	pollIntervalMs?: number;
	/** Poll even where fs.watch works (network file systems deliver no events). @default false */
	isPolling?: boolean;
};

type WatchTarget = {
	filePath: string;
	/** Called when someone else changed the file. */
	onChange: () => void;
	/** Whether the file went from `from` to `to` through our own writes alone. */
	isOwnChange: (from: FileSignature, to: FileSignature) => boolean;
};

/**
 * Watches the data file for writes by other processes. fs.watch on the folder, filtered by file
 * name, since every write replaces the file by a rename and a watch on the file itself would stay
 * on the old inode; fs.watchFile polling when fs.watch is unavailable or fails. Returns a function
 * that stops watching. Never keeps the process alive on its own.
 */
export function watchDataFile(target: WatchTarget, options: WatchOptions = {}): () => void {
	const debounceMs = options.debounceMs ?? 100;
	const pollIntervalMs = options.pollIntervalMs ?? 1000;
	const fileName = path.basename(target.filePath);
	let lastSeen = currentSignatureSync(target.filePath);
	let timer: NodeJS.Timeout | undefined;
	let isChecking = false;
	let isCheckAgain = false;
	let isStopped = false;
	let watcher: FSWatcher | undefined;
	let isPolling = false;

	const check = async (): Promise<void> => {
		if (isChecking) {
			isCheckAgain = true;
			return;
		}

		isChecking = true;
		try {
			const signature = await currentSignature(target.filePath);
			if (isStopped || signature === lastSeen) {
				return;
			}

			const previous = lastSeen;
			lastSeen = signature;
			if (!target.isOwnChange(previous, signature)) {
				target.onChange();
			}
		} finally {
			isChecking = false;
			if (isCheckAgain && !isStopped) {
				isCheckAgain = false;
				schedule();
			}
		}
	};

	// Reports within debounceMs of the first event, however many follow: a script writing every
	// 50 ms must not starve the dashboard.
	function schedule(): void {
		if (timer !== undefined || isStopped) {
			return;
		}

		timer = setTimeout(() => {
			timer = undefined;
			void check();
		}, debounceMs);
		timer.unref();
	}

	const onPoll = (): void => {
		schedule();
	};

	function startPolling(): void {
		if (isPolling || isStopped) {
			return;
		}

		isPolling = true;
		watchFile(target.filePath, {interval: pollIntervalMs, persistent: false}, onPoll);
	}

	if (options.isPolling === true) {
		startPolling();
	} else {
		try {
			watcher = watch(path.dirname(target.filePath), {persistent: false}, (_event, changed) => {
				if (changed === null || changed === fileName) {
					schedule();
				}
			});
			watcher.on('error', () => {
				watcher?.close();
				watcher = undefined;
				startPolling();
			});
		} catch {
			startPolling();
		}
	}

	return () => {
		isStopped = true;
		clearTimeout(timer);
		timer = undefined;
		watcher?.close();
		watcher = undefined;
		if (isPolling) {
			unwatchFile(target.filePath, onPoll);
		}
	};
}

async function currentSignature(filePath: string): Promise<FileSignature> {
	try {
		return toFileSignature(await stat(filePath));
	} catch {
		return missingFileSignature;
	}
}

// Synchronous once, at start: a change right after watch() returns must not become the baseline.
function currentSignatureSync(filePath: string): FileSignature {
	try {
		return toFileSignature(statSync(filePath));
	} catch {
		return missingFileSignature;
	}
}
