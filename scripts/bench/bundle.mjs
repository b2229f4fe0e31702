import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Bundles scripts/bench/lib.ts (simulator, services, store) into a temporary .mjs; returns its path. */
export async function bundleBenchLibrary() {
	const folder = mkdtempSync(path.join(tmpdir(), 'coolify-tui-bench-lib-'));
	const outfile = path.join(folder, 'lib.mjs');
	await build({
		absWorkingDir: root,
		entryPoints: ['scripts/bench/lib.ts'],
		outfile,
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		logLevel: 'warning',
		define: {'process.env.NODE_ENV': '"production"'},
		banner: {js: "import {createRequire as __createRequire} from 'node:module';\nconst require = __createRequire(import.meta.url);"},
	});
	return outfile;
}
