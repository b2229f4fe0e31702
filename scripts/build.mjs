// Bundles the CLI into dist/ with esbuild: one file starts in ~165 ms where tsc output needs ~400 ms
// (STACK-NOTES). The simulator is a separate chunk, loaded only by --demo and `simulator`.
import {build} from 'esbuild';
import {rmSync} from 'node:fs';
import path from 'node:path';

// ink's `import Yoga from 'yoga-layout'` gets scripts/yoga-layout.mjs, which loads yoga without fetch (see
// there). A plugin rather than an alias: an alias would also rewrite that file's own 'yoga-layout/load'.
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(build) {
		build.onResolve({filter: /^yoga-layout$/}, () => ({path: path.resolve('scripts/yoga-layout.mjs')}));
	},
};

rmSync('dist', {recursive: true, force: true});
await build({
	entryPoints: {cli: 'source/cli.tsx'},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	sourcemap: false,
	minify: false,
	legalComments: 'none',
	logLevel: 'warning',
	plugins: [yogaWithoutFetch],
	alias: {
		// Ink imports react-devtools-core only when DEV=true; never ship it.
		'react-devtools-core': './scripts/empty-module.mjs',
		// ofetch's Node entry loads node-fetch-native (a 150 KB fetch polyfill, parsed on every start) only
		// to use globalThis.fetch whenever it exists, as it always does on Node >= 18. Its plain entry uses
		// the global fetch directly: same behaviour, ~10 ms and ~6 MB less at start (BENCHMARKS.md).
		ofetch: './node_modules/ofetch/dist/index.mjs',
	},
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {
		js: [
			'#!/usr/bin/env node',
			"import {createRequire as __createRequire} from 'node:module';",
			'const require = __createRequire(import.meta.url);',
		].join('\n'),
	},
});
