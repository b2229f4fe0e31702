// Statistics and the results table, printed and written into BENCHMARKS.md between markers.
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';

export function quantile(values, q) {
	if (values.length === 0) {
		return Number.NaN;
	}

	const sorted = [...values].sort((a, b) => a - b);
	const position = (sorted.length - 1) * q;
	const low = Math.floor(position);
	const high = Math.ceil(position);
	return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export const median = values => quantile(values, 0.5);

const decimals = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

export const formatMs = value => `${decimals(value, value < 10 ? 1 : 0)} ms`;
export const formatMb = bytes => `${decimals(bytes / 1024 / 1024, 1)} MB`;

/** min–max of a few runs. */
export const range = (values, format) => (values.length > 1 ? `${format(Math.min(...values))}–${format(Math.max(...values))}` : 'one run');

/** p10–p90 of many samples. */
export const spread = (values, format) => `p10–p90 ${format(quantile(values, 0.1))}–${format(quantile(values, 0.9))}`;

export function machine() {
	const cpus = os.cpus();
	return `${os.availableParallelism()} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 1024 ** 3)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/** Rows: {figure, value, spread, target, ok (true/false/undefined), note?}. */
export function formatTable(rows) {
	const header = ['figure', 'median', 'spread', 'target', 'ok?'];
	const cells = rows.map(row => [row.figure, row.value, row.spread, row.target, row.ok === undefined ? '-' : row.ok ? 'yes' : 'NO']);
	const widths = header.map((title, column) => Math.max(title.length, ...cells.map(cell => cell[column].length)));
	const line = cell => cell.map((text, column) => text.padEnd(widths[column])).join('  ').trimEnd();
	return [line(header), line(widths.map(width => '-'.repeat(width))), ...cells.map(cell => line(cell))].join('\n');
}

export function markdownTable(rows) {
	const escape = text => text.replaceAll('|', '\\|');
	return [
		'| figure | median | spread | target | ok? |',
		'| --- | --- | --- | --- | --- |',
		...rows.map(row => `| ${escape(row.figure)} | ${escape(row.value)} | ${escape(row.spread)} | ${escape(row.target)} | ${row.ok === undefined ? '-' : row.ok ? 'yes' : '**no**'} |`),
	].join('\n');
}

const startMarker = '<!-- bench:results:start (written by npm run bench) -->';
const endMarker = '<!-- bench:results:end -->';

/** Replaces the generated section of BENCHMARKS.md (or appends one); the hand-written rest stays. */
export function writeResults(file, section) {
	const block = `${startMarker}\n${section.trim()}\n${endMarker}`;
	const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
	const start = current.indexOf(startMarker);
	const end = current.indexOf(endMarker);
	const next = start !== -1 && end > start ? `${current.slice(0, start)}${block}${current.slice(end + endMarker.length)}` : `${current.trimEnd()}\n\n${block}\n`;
	writeFileSync(file, next);
}
