/** What went wrong with the data file; each kind has its own fix in the message. */
export type StoreErrorKind =
	| 'corrupt'
	| 'newer-schema'
	| 'unwritable'
	| 'unreadable'
	| 'no-space'
	| 'locked'
	| 'not-a-file';

/**
 * A data-file problem the user can act on. The message is always one line: it names the file, what
 * happened and what to do next, so the CLI and the dashboard can print it as it is.
 */
export class StoreError extends Error {
	override readonly name = 'StoreError';
	readonly kind: StoreErrorKind;
	/** The data file concerned. */
	readonly path: string;
	/** Where a corrupt file was copied before reporting it, when a copy could be made. */
	readonly copyPath: string | undefined;

	constructor(kind: StoreErrorKind, path: string, message: string, options: {cause?: unknown; copyPath?: string} = {}) {
		super(toOneLine(message), {cause: options.cause});
		this.kind = kind;
		this.path = path;
		this.copyPath = options.copyPath;
	}
}

const maxDetailLength = 160;

/** Collapses whitespace so messages from JSON.parse (which quote the file's text) stay on one line. */
export function toOneLine(text: string): string {
	return text.replaceAll(/\s+/g, ' ').trim();
}

/** A short, single-line reason taken from another error's message. */
export function describeCause(error: unknown): string {
	const text = toOneLine(error instanceof Error ? error.message : String(error));
	return text.length > maxDetailLength ? `${text.slice(0, maxDetailLength - 1)}…` : text;
}

const codeExplanations: Record<string, string> = {
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	EROFS: 'read-only file system',
	ENOSPC: 'no space left on device',
	EDQUOT: 'disk quota exceeded',
	ENOTDIR: 'a part of the path is a file, not a folder',
	EISDIR: 'it is a folder',
	ENOENT: 'no such file or folder',
	EMFILE: 'too many open files',
	EIO: 'input/output error',
};

/** The `code` of a Node file-system error, if it has one. */
export function errorCode(error: unknown): string | undefined {
	if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
		return error.code;
	}

	return undefined;
}

/** `EACCES: permission denied` for file-system errors, the plain message for anything else. */
export function describeFsError(error: unknown): string {
	const code = errorCode(error);
	if (code === undefined) {
		return describeCause(error);
	}

	return `${code}: ${codeExplanations[code] ?? describeCause(error)}`;
}

const noSpaceCodes = new Set(['ENOSPC', 'EDQUOT']);

/**
 * Turns a failed write of the data file (or its lock, temp file or folder) into a StoreError with the
 * fix. `whatFailed` completes "cannot ...", e.g. `write data file /x/db.json`.
 */
export function toWriteError(error: unknown, path: string, whatFailed: string): StoreError {
	if (error instanceof StoreError) {
		return error;
	}

	const code = errorCode(error);
	const reason = describeFsError(error);
	if (code !== undefined && noSpaceCodes.has(code)) {
		return new StoreError(
			'no-space',
			path,
			`cannot ${whatFailed} (${reason}); the data file was left unchanged; free some disk space or pass --data with a path on another disk`,
			{cause: error},
		);
	}

	if (code === 'EISDIR') {
		return new StoreError('not-a-file', path, `data file ${path} is a folder (EISDIR); pass --data with a file path`, {
			cause: error,
		});
	}

	return new StoreError(
		'unwritable',
		path,
		`cannot ${whatFailed} (${reason}); make the folder writable or pass --data with a writable path`,
		{cause: error},
	);
}
