/** The text of a log saved to a file: a header naming what it is, then the lines, secrets masked. */
import {groupDigits} from '../format.js';

export type LogSaveInput = {
	lines: readonly string[];
	deployment: {id: number; applicationName: string};
	logType: 'build' | 'runtime' | 'combined';
	/** When it was saved (ms since epoch). */
	savedAt: number;
	/** True when older lines were dropped before they reached us. */
	truncated?: boolean;
	/** Masks secrets (source/services/redaction.ts `createRedactor`); lines from a record are masked already. */
	redact?: (text: string) => string;
};

export function logSaveText(input: LogSaveInput): string {
	const {lines, deployment, logType, savedAt, truncated, redact} = input;
	const count = `${groupDigits(lines.length)} ${lines.length === 1 ? 'line' : 'lines'}`;
	const header = [
		`# coolify-tui: ${logType} log of #${deployment.id} ${deployment.applicationName}`,
		`# saved ${new Date(savedAt).toISOString()}, ${count}${truncated ? ' (older lines were dropped)' : ''}, secrets masked as ***`,
		'',
	].join('\n');
	const body = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
	// Masking the joined text once costs one pass per secret instead of one per line and secret.
	return header + '\n' + (redact ? redact(body) : body);
}

/** A file name that says what it holds and sorts by time: `coolify-tui-3-api-test-3-build-20261202-061358.log`. */
export function logFileName(input: Pick<LogSaveInput, 'deployment' | 'logType' | 'savedAt'>): string {
	const stamp = new Date(input.savedAt).toISOString().replace(/\.\d+Z$/, '').replaceAll('-', '').replaceAll(':', '').replace('T', '-');
	const name = input.deployment.applicationName.replaceAll(/[^\w.-]+/g, '_').replace(/^[.-]+/, '').slice(0, 60);
	return `coolify-tui-${input.deployment.id}-${name}-${input.logType}-${stamp}.log`;
}
