// The yardsticks every timing of the bench is set beside, measured in the same run and the same
// pseudo-terminal as the dashboard: bare node printing one line (the floor of any Node program) and a
// minimal Ink app bundled as dist/ is (scripts/bench/yardstick-app.tsx, the floor of this stack).
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {build} from 'esbuild';
import {bundleOptions} from '../build-options.mjs';

/**
 * Bundles the yardstick app with dist/'s esbuild settings into a temporary folder; returns its entry.
 * `{tuned: true}`: the same app under the dashboard's V8 settings (scripts/bench/yardstick-tuned-app.ts).
 * The yardstick draws with Ink's own Output, not the dashboard's (source/runtime/ink-output.ts): it is the
 * floor of the stack as published. BENCH_YARDSTICK_OUTPUT=ours bundles it with the dashboard's, to see what
 * that stand-in buys a minimal app (BENCHMARKS.md, "Where the time goes").
 */
export async function buildYardstickApp({tuned = false} = {}) {
	const outdir = mkdtempSync(path.join(tmpdir(), 'coolify-tui-yardstick-'));
	const entry = tuned ? 'scripts/bench/yardstick-tuned-app.ts' : 'scripts/bench/yardstick-app.tsx';
	await build(bundleOptions({entryPoints: {yardstick: entry}, outdir, stockInkOutput: process.env.BENCH_YARDSTICK_OUTPUT !== 'ours'}));
	return path.join(outdir, 'yardstick.js');
}

/** The minimal Ink app's full frame: its header and its last row on screen. */
export const isYardstickFrame = screen => screen.includes(' yardstick ') && /row 031/.test(screen) && screen.includes('└');

/** Bare node: one line, then exit. */
export const bareNodeArgv = ['-e', "process.stdout.write('bare node ready\\n')"];
export const isBareNodeLine = screen => screen.includes('bare node ready');
