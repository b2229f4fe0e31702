/**
 * V8 settings that keep the process small, applied on import: cli.tsx imports this module first, so they
 * are in place before anything else loads. Both are read by V8 at run time, which is why they can be set
 * here rather than on node's command line (where the bin could not set them when run as `node dist/cli.js`).
 * Figures in BENCHMARKS.md.
 */
import {isTuned} from './tuning.js';

// As require gives it: an ES import of a built-in runs all of its lazily loaded parts (BENCHMARKS.md, the first frame).
export const {setFlagsFromString} = process.getBuiltinModule('node:v8');

// The young generation starts at 1 MB per semi-space and doubles when much of it survives a scavenge, up to
// 16 MB; reading 1,000 records and each poll's answer (1,000 applications) made it grow to the maximum
// (32 MB resident) and it never shrank. Keeping the factor at 1 keeps it at its starting size. (On the
// command line V8 raises a factor below 2 to 2, and --max-semi-space-size is only read at heap set-up.)
if (isTuned('young-generation')) {
	setFlagsFromString('--semi-space-growth-factor=1');
}

// WebAssembly functions start in V8's baseline compiler and are recompiled by the optimising one once hot.
// That recompilation of an HTTP parser in WebAssembly (undici's llhttp, one huge function) took ~26 MB for a
// moment at the first poll; yoga's layout functions gain little from it. A budget this large means never.
if (isTuned('wasm-baseline')) {
	setFlagsFromString(`--wasm-tiering-budget=${2 ** 31 - 1}`);
}

// V8's memory-saving mode: the heap grows less before a full collection (each poll's answer, 1,000
// applications, is garbage soon after), at some CPU cost. The session's peak went from 100-108 to 86-88 MB
// with 3 s polls (BENCHMARKS.md).
if (isTuned('optimize-for-size')) {
	setFlagsFromString('--optimize-for-size');
}
