// The notes under the results table in BENCHMARKS.md: how each measurement was made, with its raw figures.
import {format} from './figures.mjs';
import {median, quantile, range} from './report.mjs';
import {terminalSize} from './terminal.mjs';

const ms = value => format(value, 'ms');

export function notes(results, settings) {
	const lines = [];
	if (results.starts) {
		const runs = name => results.starts[name].map(run => run.ms.toFixed(0)).join(', ');
		lines.push(`Cold starts: ${settings.runs} rounds, each starting (in rotating order) \`node dist/cli.js --config … --data <fresh copy of 1,000 records>\`, the same with \`COOLIFY_TUI_NO_TUNING=1\`, \`--demo\` with a fresh data file, the minimal Ink app and bare node, in a ${terminalSize.columns}x${terminalSize.rows} pseudo-terminal; the clock runs from spawn to the output that completes the first full frame (the dashboard: header, NAME heading and the row of record #1000; the demo: its empty table; the Ink app: its header and last row) or bare node's line. Runs (ms): dashboard ${runs('ours')}; untuned ${runs('untuned')}; demo ${runs('demo')}; Ink app ${runs('ink')}; bare node ${runs('node')}.`);
	}

	if (results.keys) {
		const {keys} = results;
		lines.push(`Key presses: ${keys.logs.length + keys.deployments.length} presses over ${keys.loadMs.length} sessions (${keys.missed} changed nothing on screen and are left out), each followed by a press of j or k in the minimal Ink app running beside it (${keys.yardstick.length} frames); the time runs from writing the key to the last byte of the burst of output it causes. The log pane holds ${keys.logLines} lines of a deployment whose build log has 100,015 entries and whose container wrote over 100,000 lines (the dashboard asks for the last 500; store/log-bounds.ts). Loading that log after start took ${range(keys.loadMs, ms)} (the build log answer is 32 MB).`);
	}

	if (results.bigLog) {
		const {bigLog} = results;
		lines.push(`Big log: ${bigLog.open.length} sessions of \`--lines 10000\` on a running deployment with a 100,015-entry build log; the log pane held ${bigLog.lines} lines with the build log's hidden lines shown (\`v\`, Coolify's "Show Debug Logs"). Opening it is timed from \`v\` to the frame that shows it (${range(bigLog.open, ms)}), beside downloading and parsing its two answers in the bench's own process first (${range(bigLog.download, ms)}). Then ${bigLog.keys.length} key presses in the log pane (k, PgUp, j), each followed by one in the minimal Ink app, and ${bigLog.search.length} searches (\`/\`, the text, Enter timed to the frame with the first match highlighted; the last found ${bigLog.matches}); ${bigLog.missed} presses or searches changed nothing on screen and are left out.`);
	}

	if (results.idle) {
		const {idle} = results;
		lines.push(`Idle: one ${Math.round(idle.seconds)} s session with the default 10 s poll interval, the simulated clock frozen and a stopped deployment selected, measured after the first poll and log fetch had settled: ${idle.polls} polls, ${idle.requests} requests, ${Math.round(idle.cpuMs)} ms of CPU (user + system), ${idle.bytes} B written in all. Meanwhile the minimal Ink app drew ${idle.yardstickFrames} frames at ${ms(idle.yardstickCpuPerFrame)} of CPU each. Output within 5 s after a poll's first request counts as the poll's. RSS at the end ${format(idle.rssAtEnd, 'MB')}.`);
	}

	if (results.untunedIdle) {
		const idle = results.untunedIdle;
		lines.push(`Idle with the tunings off: the same session with \`COOLIFY_TUI_NO_TUNING=1\`: ${idle.polls} polls, ${Math.round(idle.cpuMs)} ms of CPU (${idle.cpuPercent.toFixed(2)} % of a core), peak RSS ${format(idle.peakRss, 'MB')}, RSS at the end ${format(idle.rssAtEnd, 'MB')}.`);
	}

	if (results.ticks) {
		lines.push(`Poll ticks: \`pollOnce\` in-process against the simulator (rate limit off); N deployments created with \`createDeployment\`. First the simulated clock stands still (10 ticks: all N queued or building), then it moves 10 s per tick until all N run (${results.ticks.map(entry => entry.life.length).join(' / ')} ticks). A tick asks for the application list and the in-progress deployments, plus one request for each build that ended since the last tick, at most one a tick.`);
		for (const entry of results.life) {
			lines.push(`Life of one ${entry.pipeline} deployment: ${Object.entries(entry.routes).map(([route, count]) => `${route} ×${count}`).join(', ')}; minus 2 × ${entry.ticks} ticks.`);
		}

		const {write} = results;
		lines.push(`Data file: \`DeploymentStore.patchRecord\` in-process, ${write.times.length} updates of one record (after 3 warm-ups), each a read, change, check and atomic write under the in-process mutex and the lock file (p90 ${ms(quantile(write.times, 0.9))}); each followed by its yardstick, the same bytes written atomically with no logic (temp file, fsync, rename, fsync of the folder; median ${ms(median(write.floorTimes))}). An update that changes nothing takes ${ms(median(write.unchangedTimes))} and writes nothing (same size, mtime and inode).`);
	}

	return lines;
}

/** BENCH_ONLY=tunings: per variant, the first frame (median of interleaved starts), its peak, and an idle session. */
export function tuningsTable({starts, sessions, seconds}) {
	const header = ['variant', 'first frame', 'RSS then', `session peak (${seconds} s)`, 'CPU per idle poll'];
	const rows = Object.keys(sessions).map(name => {
		const runs = starts[name === 'all on' ? 'ours' : name] ?? [];
		const session = sessions[name];
		return [
			name === 'all on' || name === 'all off' ? name : `${name} off`,
			format(median(runs.map(run => run.ms)), 'ms'),
			format(median(runs.map(run => run.peakRss)), 'MB'),
			format(session.peakRss, 'MB'),
			`${format(session.cpuMs / Math.max(1, session.polls), 'ms')} (${(session.cpuMs / Math.max(1, session.polls) / session.yardstickCpuPerFrame).toFixed(1)} frames)`,
		];
	});
	return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(row => `| ${row.join(' | ')} |`)].join('\n');
}
