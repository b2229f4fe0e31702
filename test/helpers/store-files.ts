import {spawn} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

/** A fresh temporary folder, removed by the returned `dispose`. */
export async function makeTempFolder(): Promise<{folder: string; dispose: () => Promise<void>}> {
	const folder = await mkdtemp(path.join(tmpdir(), 'coolify-tui-store-'));
	return {folder, dispose: async () => rm(folder, {recursive: true, force: true})};
}

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../store/fixtures');

/**
 * Bundles a fixture script of test/store/fixtures (which imports the real store) into one .mjs
 * file that plain `node` runs: there is no compile step for tests and no TypeScript loader.
 */
export async function bundleStoreFixture(name: string, outputFolder: string): Promise<string> {
	const outfile = path.join(outputFolder, `${name}.mjs`);
	await build({
		entryPoints: [path.join(fixtures, `${name}.ts`)],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		logLevel: 'warning',
	});
	return outfile;
}

/** Output and exit code of a finished child process. */
export type ChildResult = {code: number | null; stdout: string; stderr: string};

/** Runs `node script ...args` and resolves when it exits. */
export async function runNodeScript(script: string, args: string[]): Promise<ChildResult> {
	const child = spawn(process.execPath, [script, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', code => {
			resolve({code, stdout, stderr});
		});
	});
}
