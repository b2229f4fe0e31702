// Bundles the CLI into dist/ with esbuild: one file starts in ~165 ms where tsc output needs ~400 ms
// (STACK-NOTES). The simulator is a separate chunk, loaded only by --demo and `simulator`.
import {build} from 'esbuild';
import {rmSync} from 'node:fs';

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
	// Ink imports react-devtools-core only when DEV=true; never ship it.
	alias: {'react-devtools-core': './scripts/empty-module.mjs'},
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {
		js: [
			'#!/usr/bin/env node',
			"import {createRequire as __createRequire} from 'node:module';",
			'const require = __createRequire(import.meta.url);',
		].join('\n'),
	},
});
