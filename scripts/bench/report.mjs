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

/** The columns of a row from scripts/bench/figures.mjs `evaluate`. */
function cellsOf(row) {
	const samples = Array.isArray(row.oursSamples) && row.oursSamples.length > 1 ? row.oursSamples : undefined;
	const format = value => formatValue(value, row.unit);
	const spreadText = samples ? (samples.length >= 20 ? spread(samples, format) : range(samples, format)) : '';
	return [
		row.figure,
		row.unit ? format(row.ours) : String(row.ours),
		spreadText,
		row.yardstick === undefined ? '' : `${format(row.yardstick)} (${row.against})`,
		row.ratio === undefined ? '' : `${row.ratio.toFixed(2)} x`,
		row.target ?? '',
		row.ok === undefined ? '-' : row.ok ? 'yes' : 'NO',
	];
}

let formatValue = (value, unit) => `${value} ${unit}`;
/** The unit formatting of scripts/bench/figures.mjs (set by it, to keep the import one way). */
export function useFormat(format) {
	formatValue = format;
}

const header = ['figure', 'ours (median)', 'spread', 'yardstick, same run', 'ratio', 'target', 'ok?'];

export function formatTable(rows) {
	const cells = rows.map(row => cellsOf(row));
	const widths = header.map((title, column) => Math.max(title.length, ...cells.map(cell => cell[column].length)));
	const line = cell => cell.map((text, column) => text.padEnd(widths[column])).join('  ').trimEnd();
	return [line(header), line(widths.map(width => '-'.repeat(width))), ...cells.map(cell => line(cell))].join('\n');
}

export function markdownTable(rows) {
	const escape = text => text.replaceAll('|', '\\|');
	return [
		`| ${header.join(' | ')} |`,
		`| ${header.map(() => '---').join(' | ')} |`,
		...rows.map(row => `| ${cellsOf(row).map((cell, column) => (column === 6 && cell === 'NO' ? '**no**' : escape(cell))).join(' | ')} |`),
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
