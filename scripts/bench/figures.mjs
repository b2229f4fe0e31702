// The table of figures `npm run bench` prints and writes into BENCHMARKS.md: one entry per row. To add a
// figure, add an entry (and, when it needs data no measurement makes yet, a measurement in
// scripts/bench/measurements.mjs under the name its `needs` gives):
//
//   {needs, figure, unit, ours: results => samples, yardstick?: results => samples, against?, target}
//
// `ours` and `yardstick` give a number or an array of samples (their median is shown; the spread of `ours`
// beside it). Targets: {ratio: x}: median(ours) / median(yardstick) <= x, where the yardstick is measured in
// the same run, interleaved (timings: they scale with the machine); {max: x}: median(ours) <= x, for what does
// not depend on the machine's speed (memory, counts, bytes). A row may instead give `value` and `ok`
// (results => text, results => boolean) and a `target` text. Every verdict comes from these: the same code
// gives the same verdicts on a fast and a slow machine.
import {median, useFormat} from './report.mjs';

const megabyte = 1024 * 1024;
const times = samples => samples.map(sample => sample.ms);
const peaks = samples => samples.map(sample => sample.peakRss);

/**
 * Idle cost, in frames of the yardstick: CPU time per idle poll over the yardstick's CPU time per frame,
 * both measured in the same minute. 1 % of a core at the default 10 s poll interval is 100 ms of CPU per
 * poll. On the loaded machine of the latest results the yardstick took 28-49 ms of CPU per frame while bare
 * node took ~635 ms to print its line; scaled to the 44 ms bare node took where BENCHMARKS.md's first figures
 * were taken, that is 2-3.4 ms per frame there. At 4 ms (the cautious end), 25 frames per poll is 1 % of a
 * core on a machine that fast.
 */
export const idleFramesPerPoll = 25;

export const figures = [
	{
		needs: 'starts',
		figure: 'first full frame, cold, 1,000 records',
		unit: 'ms',
		ours: results => times(results.starts.ours),
		yardstick: results => times(results.starts.ink),
		against: 'minimal Ink app',
		target: {ratio: 1.1},
	},
	{
		needs: 'starts',
		figure: '`--demo` first full frame (in-process simulator)',
		unit: 'ms',
		ours: results => times(results.starts.demo),
		yardstick: results => times(results.starts.ours),
		against: 'the dashboard, 1,000 records',
		target: {ratio: 1.2},
	},
	{
		needs: 'starts',
		figure: 'first full frame, 1,000 records, tunings off',
		unit: 'ms',
		ours: results => times(results.starts.untuned),
		yardstick: results => times(results.starts.ours),
		against: 'the dashboard, tuned',
	},
	{
		needs: 'starts',
		figure: 'peak RSS at the first full frame',
		unit: 'MB',
		ours: results => peaks(results.starts.ours),
		yardstick: results => peaks(results.starts.ink),
		against: 'minimal Ink app',
		target: {max: 90 * megabyte},
	},
	{
		needs: 'starts',
		figure: 'peak RSS at the first full frame, tunings off',
		unit: 'MB',
		ours: results => peaks(results.starts.untuned),
		yardstick: results => peaks(results.starts.ours),
		against: 'the dashboard, tuned',
	},
	{
		needs: 'keys',
		figure: 'key press to frame: log pane (k, PgUp, j, PgDn)',
		unit: 'ms',
		ours: results => results.keys.logs.map(sample => sample.frame),
		yardstick: results => results.keys.yardstick,
		against: 'minimal Ink app (j/k)',
		target: {ratio: 1.5},
	},
	{
		needs: 'keys',
		figure: 'key press to frame: deployments pane (j, k), 1,000 rows',
		unit: 'ms',
		ours: results => results.keys.deployments.map(sample => sample.frame),
		yardstick: results => results.keys.yardstick,
		against: 'minimal Ink app (j/k)',
		target: {ratio: 1.5},
	},
	// No targets: what the memory tunings (source/runtime) cost the stack's floor itself, and what our code
	// costs over the floor under the same settings (BENCHMARKS.md, "Margins").
	{
		needs: 'keys',
		figure: 'key press to frame: minimal Ink app under our V8 settings',
		unit: 'ms',
		ours: results => results.keys.tunedYardstick,
		yardstick: results => results.keys.yardstick,
		against: 'minimal Ink app (j/k)',
	},
	{
		needs: 'keys',
		figure: 'key press to frame: log pane, same V8 settings',
		unit: 'ms',
		ours: results => results.keys.logs.map(sample => sample.frame),
		yardstick: results => results.keys.tunedYardstick,
		against: 'that app under our V8 settings',
	},
	{
		needs: 'keys',
		figure: 'key press to frame: deployments pane, same V8 settings',
		unit: 'ms',
		ours: results => results.keys.deployments.map(sample => sample.frame),
		yardstick: results => results.keys.tunedYardstick,
		against: 'that app under our V8 settings',
	},
	{
		needs: 'big-log',
		figure: 'opening a log of 100,000 lines (v: debug lines), to its frame',
		unit: 'ms',
		ours: results => results.bigLog.open,
		yardstick: results => results.bigLog.download,
		against: 'downloading and parsing its answers',
		target: {ratio: 1.5},
	},
	{
		needs: 'big-log',
		figure: 'key press to frame: log pane, 100,000 lines',
		unit: 'ms',
		ours: results => results.bigLog.keys,
		yardstick: results => results.bigLog.yardstick,
		against: 'minimal Ink app (j/k)',
		target: {ratio: 1.5},
	},
	{
		needs: 'big-log',
		figure: 'search over 100,000 lines to the first match highlighted',
		unit: 'ms',
		ours: results => results.bigLog.search,
		yardstick: results => results.bigLog.keys,
		against: 'a key press in the same log',
		target: {ratio: 3},
	},
	{
		needs: 'idle',
		figure: 'idle CPU per poll, nothing changing',
		unit: 'ms',
		ours: results => results.idle.cpuMs / Math.max(1, results.idle.polls),
		yardstick: results => results.idle.yardstickCpuPerFrame,
		against: 'CPU per frame of the minimal Ink app',
		target: {ratio: idleFramesPerPoll},
	},
	{
		needs: 'idle',
		figure: 'idle CPU, share of a core (10 s polls)',
		unit: '%',
		ours: results => results.idle.cpuPercent,
	},
	{
		needs: 'idle',
		figure: 'peak RSS over a 60 s session, 1,000 records',
		unit: 'MB',
		ours: results => results.idle.peakRss,
		target: {max: 80 * megabyte},
	},
	{
		needs: 'untuned-idle',
		figure: 'peak RSS over a 60 s session, tunings off',
		unit: 'MB',
		ours: results => results.untunedIdle.peakRss,
		yardstick: results => results.idle?.peakRss ?? Number.NaN,
		against: 'the same, tuned',
	},
	{
		needs: 'untuned-idle',
		figure: 'idle CPU per poll, tunings off',
		unit: 'ms',
		ours: results => results.untunedIdle.cpuMs / Math.max(1, results.untunedIdle.polls),
		yardstick: results => results.untunedIdle.yardstickCpuPerFrame,
		against: 'CPU per frame of the minimal Ink app',
	},
	{
		needs: 'idle',
		figure: 'bytes written to the terminal between polls',
		unit: 'B',
		ours: results => results.idle.bytesBetweenPolls,
		target: {max: 0},
	},
	...[
		['one', 'one build'],
		['many', '25 builds'],
	].flatMap(([part, label]) => [
		{
			needs: 'building',
			figure: `bytes written to the terminal per second, ${label} in flight`,
			unit: 'B',
			ours: results => results.building[part].map(sample => sample.bytesPerSecond),
			target: {max: 2048},
		},
		{
			needs: 'building',
			figure: `CPU per second, ${label} in flight`,
			unit: 'ms',
			ours: results => results.building[part].map(sample => sample.cpuMsPerSecond),
			yardstick: results => results.building.idle.map(sample => sample.cpuMsPerSecond),
			against: 'the same demo, nothing building',
			target: {ratio: 3},
		},
	]),
	{
		needs: 'services',
		figure: 'requests per poll tick, N = 1 / 10 / 100 active, no build ending',
		value: results => results.ticks.map(entry => median(entry.steady)).join(' / '),
		target: 'constant in N, <= 3',
		ok: results => results.ticks.every(entry => median(entry.steady) === median(results.ticks[0].steady) && median(entry.steady) <= 3),
	},
	{
		needs: 'services',
		figure: 'requests per poll tick, N = 1 / 10 / 100, while their builds end',
		value: results => results.ticks.map(entry => median(entry.life)).join(' / '),
		target: 'constant in N, <= 3',
		ok: results => results.ticks.every(entry => median(entry.life) <= 3 && Math.max(...entry.life) <= 3),
	},
	{
		needs: 'services',
		figure: "requests over one deployment's life (create to running)",
		value: results => results.life.map(entry => `${entry.requests} (${entry.pipeline})`).join(', '),
		target: '<= 8, ticks excluded',
		ok: results => results.life.every(entry => entry.requests <= 8 && entry.status === 'running'),
	},
	{
		needs: 'services',
		figure: 'data file write, one record of 1,000 (882 KB)',
		unit: 'ms',
		ours: results => results.write.times,
		yardstick: results => results.write.floorTimes,
		against: 'atomic write of the same bytes',
		target: {ratio: 3},
	},
	{
		needs: 'services',
		figure: 'data file update that changes nothing',
		value: results => (results.write.unchangedWrote ? 'wrote' : 'no write'),
		target: 'no write',
		ok: results => !results.write.unchangedWrote,
	},
	{
		needs: 'poll-bytes',
		figure: 'bytes one poll tick downloads, N = 1 / 10 / 50 builds with 5,000-line logs',
		value: results => results.pollBytes.rows.map(row => `${(row.bytes / megabyte).toFixed(1)} MB`).join(' / '),
		target: 'measured (Coolify sends every build log in GET /deployments)',
		ok: () => true,
	},
	{
		needs: 'poll-bytes',
		figure: 'poller peak heap during one tick, N = 1 / 10 / 50: logs dropped as they stream (read whole)',
		value: results => results.pollBytes.rows.map(row => `${row.streamed.heapMb.toFixed(1)} (${row.whole.heapMb.toFixed(0)}) MB`).join(' / '),
		target: 'logs never held: at N = 50 under a quarter of reading the answer whole',
		ok: results => {
			const last = results.pollBytes.rows.at(-1);
			return last.streamed.heapMb < last.whole.heapMb / 4;
		},
	},
	{
		needs: 'poll-bytes',
		figure: 'schema library (valibot): bundle size, load time with the answer schemas',
		value: results => `${results.pollBytes.schema.bundleKb.toFixed(1)} KB, ${results.pollBytes.schema.loadMs.toFixed(1)} ms`,
		target: 'measured; first frame and memory figures above include it',
		ok: () => true,
	},
];

const central = value => (Array.isArray(value) ? median(value) : value);

/** The figure's row: ours, the yardstick's, the ratio, and the verdict. */
export function evaluate(entry, results) {
	if (entry.value) {
		const ok = entry.ok(results);
		return {figure: entry.figure, ours: entry.value(results), target: entry.target, ok};
	}

	const oursSamples = entry.ours(results);
	const ours = central(oursSamples);
	const yardstick = entry.yardstick ? central(entry.yardstick(results)) : undefined;
	const ratio = yardstick === undefined ? undefined : ours / yardstick;
	let ok;
	let target = '';
	if (entry.target?.ratio !== undefined) {
		ok = ratio <= entry.target.ratio;
		target = `<= ${entry.target.ratio} x`;
	} else if (entry.target?.max !== undefined) {
		ok = ours <= entry.target.max;
		target = `<= ${format(entry.target.max, entry.unit)}`;
	}

	return {figure: entry.figure, unit: entry.unit, ours, oursSamples, yardstick, against: entry.against, ratio, target, ok};
}

export function format(value, unit) {
	if (!Number.isFinite(value)) {
		return '-';
	}

	switch (unit) {
		case 'ms': {
			return `${value.toFixed(value < 10 ? 1 : 0)} ms`;
		}

		case 'MB': {
			return `${(value / megabyte).toFixed(1)} MB`;
		}

		case '%': {
			return `${value.toFixed(2)} %`;
		}

		default: {
			return `${Math.round(value)} ${unit}`;
		}
	}
}

useFormat(format);
