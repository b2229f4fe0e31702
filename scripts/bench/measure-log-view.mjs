// Measures the log pane's pure work on a 100,000-line log (source/render/log-view, source/domain/log-search):
// building the view, taking a window, wrapping a window, scrolling, searching and stepping between matches.
// Run: node scripts/bench/measure-log-view.mjs  (prints the median of several runs, in ms)
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {bundleSource} from './bundle.mjs';

const folder = mkdtempSync(path.join(tmpdir(), 'coolify-tui-bench-log-view-'));
const outfile = await bundleSource(
	[
		"export * from './source/render/log-view/log-lines.ts';",
		"export * from './source/render/log-view/log-view.ts';",
		"export * from './source/domain/log-search.ts';",
	].join('\n'),
	{folder, name: 'log-view'},
);
const lib = await import(outfile);
rmSync(folder, {recursive: true, force: true});

const lineCount = 100_000;
const lines = [];
for (let index = 0; index < lineCount; index++) {
	if (index % 500 === 0) {
		lines.push(`#${index} ERROR Error response from daemon: pull access denied for registry.example.com/team/app-${index}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`.repeat(2));
	} else if (index % 97 === 0) {
		lines.push(`#${index} 日本語のログ行 with wide text and an emoji 🚀 ${'x'.repeat(index % 200)}`);
	} else {
		lines.push(`#${index} [stage-${index % 7}] RUN npm ci --omit=dev ${'added 1 package in 2s '.repeat(index % 9)}`);
	}
}

const text = `${lines.join('\n')}\n`;
const viewport = {rows: 33, width: 118};

function median(runs, work) {
	const times = [];
	let result;
	for (let run = 0; run < runs; run++) {
		const started = performance.now();
		result = work(run);
		times.push(performance.now() - started);
	}

	times.sort((a, b) => a - b);
	return {ms: times[Math.floor(times.length / 2)], result};
}

const figures = [];
const record = (name, {ms}) => figures.push([name, ms]);

record('build view from text (split, 100,000 lines, follow at end)', median(9, () => {
	const log = lib.LogLines.fromText(text);
	return lib.initialLogViewState(log, viewport);
}));

const log = lib.LogLines.fromText(text);
let state = lib.initialLogViewState(log, viewport);
record('window extraction (33 rows, no wrap, random top)', median(201, run => lib.visibleRows(log, {...state, following: false, top: (run * 7919) % (lineCount - 40)}, viewport)));
record('scroll one page up (no wrap)', median(201, () => lib.scrollRows(log, state, -viewport.rows, viewport)));
record('scroll sideways (no wrap)', median(201, () => lib.scrollColumns(log, state, 20, viewport)));
record('wrap toggle at the end (cold cache)', median(21, () => lib.toggleWrap(lib.LogLines.fromText(lines.slice(-200).join('\n')), state, viewport)));

const wrapped = {...state, wrap: true, following: false};
record('wrap of a window (33 rows, cold lines, random top)', median(201, run => {
	const top = ((run + 1) * 104_729) % (lineCount - 40);
	return lib.visibleRows(log, {...wrapped, top, topSegment: 0}, viewport);
}));
record('scroll one page down in wrap mode', median(201, run => lib.scrollRows(log, {...wrapped, top: (run * 31) % 90_000, topSegment: 0}, viewport.rows, viewport)));

record('append 100 lines and stay following', median(51, () => {
	const grown = log.appended(lines.slice(0, 100));
	return lib.syncWithLog(grown, state, viewport);
}));

record('search "denied" on a fresh copy of the lines', median(5, () => lib.searchLines([...log.lines], 'denied')));
const insensitive = median(9, () => lib.searchLines(log.lines, 'denied'));
record(`search "denied" over 100,000 lines (${insensitive.result.matches.length} matches)`, insensitive);
const sensitive = median(9, () => lib.searchLines(log.lines, 'ERROR'));
record(`search "ERROR" (smart case: exact, ${sensitive.result.matches.length} matches)`, sensitive);
const many = median(9, () => lib.searchLines(log.lines, 'npm'));
record(`search "npm" (capped: ${many.result.capped}, ${many.result.matches.length} listed)`, many);
const absent = median(9, () => lib.searchLines(log.lines, 'no-such-text'));
record('search with no match', absent);

const search = insensitive.result;
record('search 100 appended lines only', median(51, () => lib.extendSearch(insensitive.result, [...lines, ...lines.slice(0, 100)], lineCount)));
record('first match from the top line', median(201, run => lib.firstMatchFrom(search, (run * 499) % lineCount)));
record('next match + reveal + window + highlight', median(201, run => {
	const current = lib.stepMatch(search, run % search.matches.length, 1);
	const match = search.matches[current];
	state = lib.revealLine(log, state, match.line, viewport);
	return lib.visibleRows(log, state, viewport).map(row => lib.highlightParts(log.lines[row.line], row.line, row.start, row.end, search, current));
}));

for (const [name, ms] of figures) {
	console.log(`${ms.toFixed(3).padStart(9)} ms  ${name}`);
}
