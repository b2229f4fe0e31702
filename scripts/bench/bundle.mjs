import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Bundles `contents` (TypeScript, paths relative to the project root) into `<folder>/<name>.mjs` and returns
 * its path; the one way the bench's measurements load source they drive in-process.
 */
export async function bundleSource(contents, {folder, name = 'lib', alias} = {}) {
	const outfile = path.join(folder ?? mkdtempSync(path.join(tmpdir(), `coolify-tui-bench-${name}-`)), `${name}.mjs`);
	await build({
		absWorkingDir: root,
		stdin: {contents, resolveDir: root, loader: 'ts'},
		outfile,
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		logLevel: 'warning',
		...(alias ? {alias} : {}),
		define: {'process.env.NODE_ENV': '"production"'},
		banner: {js: "import {createRequire as __createRequire} from 'node:module';\nconst require = __createRequire(import.meta.url);"},
	});
	return outfile;
}

/** Bundles scripts/bench/lib.ts (simulator, services, store) into a temporary .mjs; returns its path. */
export async function bundleBenchLibrary() {
	return bundleSource("export * from './scripts/bench/lib.ts';");
}
