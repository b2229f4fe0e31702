// The esbuild settings of dist/ (scripts/build.mjs), shared with the benchmark's yardstick app
// (scripts/bench/yardsticks.mjs), which must be bundled the same way to be a fair floor.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ink's `import Yoga from 'yoga-layout'` gets source/runtime/yoga-without-fetch.ts, which loads yoga without
// fetch (see there). A plugin rather than an alias: an alias would also rewrite that file's own 'yoga-layout/load'.
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(build) {
		build.onResolve({filter: /^yoga-layout$/}, () => ({path: path.join(root, 'source/runtime/yoga-without-fetch.ts')}));
	},
};

// Both of ofetch's entries read globalThis.fetch and globalThis.Headers as they load, and on Node that loads
// its fetch implementation (undici, ~6 MB) even when ofetch is then given another fetch
// (source/runtime/http-fetch.ts). The bundle's 'ofetch' is only its createFetch, taken from the module both
// entries import it from; the build stops here if a new ofetch is laid out differently.
const ofetchWithoutGlobals = {
	name: 'ofetch-without-globals',
	setup(build) {
		build.onResolve({filter: /^ofetch$/}, () => ({path: 'ofetch', namespace: 'ofetch-without-globals'}));
		build.onLoad({filter: /.*/, namespace: 'ofetch-without-globals'}, () => {
			const entry = path.join(root, 'node_modules/ofetch/dist/index.mjs');
			const match = /import\s*\{\s*(\w+)\s+as\s+createFetch\s*\}\s*from\s*'(\.\/shared\/[^']+)'/.exec(readFileSync(entry, 'utf8'));
			if (!match) {
				throw new Error(`${entry} no longer imports createFetch from a shared module: see scripts/build-options.mjs`);
			}

			return {contents: `export {${match[1]} as createFetch} from ${JSON.stringify(path.join(path.dirname(entry), match[2]))};`, loader: 'js', resolveDir: root};
		});
	},
};

// Ink's renderer gets source/runtime/ink-output.ts for its Output (see there), which hands what it cannot
// join itself to Ink's own, imported as 'ink-stock-output' (ink's package exports do not list the file).
// The tests' renderer is the same (vitest.config.ts).
const inkBuild = path.join(root, 'node_modules/ink/build');

/** Where `source` imported by `importer` is, when it is Ink's Output or our stand-in for it; else undefined. */
export function inkOutputPath(source, importer) {
	if (source === './output.js' && importer && path.resolve(importer) === path.join(inkBuild, 'renderer.js')) {
		return path.join(root, 'source/runtime/ink-output.ts');
	}

	return source === 'ink-stock-output' ? path.join(inkBuild, 'output.js') : undefined;
}

const inkOutput = {
	name: 'ink-output',
	setup(build) {
		if (!/^import Output from '\.\/output\.js';$/m.test(readFileSync(path.join(inkBuild, 'renderer.js'), 'utf8'))) {
			throw new Error(`${path.join(inkBuild, 'renderer.js')} no longer imports its Output from './output.js': see scripts/build-options.mjs`);
		}

		build.onResolve({filter: /^(\.\/output\.js|ink-stock-output)$/}, args => {
			const found = inkOutputPath(args.path, args.importer);
			return found ? {path: found} : undefined;
		});
	},
};

/** esbuild options for a Node ESM bundle of `entryPoints` into `outdir`, as dist/ is built. */
export function bundleOptions({entryPoints, outdir, stockInkOutput = false}) {
	return {
		absWorkingDir: root,
		entryPoints,
		outdir,
		bundle: true,
		splitting: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		sourcemap: false,
		minify: false,
		legalComments: 'none',
		logLevel: 'warning',
		plugins: [yogaWithoutFetch, ofetchWithoutGlobals, ...(stockInkOutput ? [] : [inkOutput])],
		alias: {
			// Ink imports react-devtools-core only when DEV=true; never ship it.
			'react-devtools-core': './scripts/empty-module.mjs',
		},
		define: {'process.env.NODE_ENV': '"production"'},
		banner: {
			js: [
				'#!/usr/bin/env node',
				"import {createRequire as __createRequire} from 'node:module';",
				'const require = __createRequire(import.meta.url);',
			].join('\n'),
		},
	};
}
