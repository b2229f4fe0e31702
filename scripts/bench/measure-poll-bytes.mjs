// Issue 10 point 6: what one poll tick downloads, and the poller's peak memory during it, with N = 1, 10 and
// 50 builds in progress, each with a ~5,000-line build log (a token with read:sensitive sees every log in
// GET /deployments). Also the cost of the schema library (valibot) the client validates answers with.
//
// Self-contained: `node scripts/bench/measure-poll-bytes.mjs` prints the figures; bench.mjs calls
// measurePollBytes(). The simulator and each measurement run in processes of their own, so one's memory
// never counts in another's.
import {fork} from 'node:child_process';
import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {bundleSource} from './bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const self = fileURLToPath(import.meta.url);
const logLines = 5000;

async function bundle(folder) {
	// ofetch's own entry (undici's fetch), as the poller used it before answers were streamed.
	return bundleSource(
		["export {startSimulator} from './source/simulator/index.ts';", "export {CoolifyClient} from './source/coolify/client.ts';"].join('\n'),
		{folder, alias: {ofetch: './node_modules/ofetch/dist/index.mjs'}},
	);
}

/** Child: a simulator with `count` builds in progress, each shown with at least `logLines` log lines. */
async function simulatorChild(libPath, count) {
	const lib = await import(libPath);
	const sim = await lib.startSimulator({clock: 'manual', rateLimitPerMinute: 1_000_000_000, deploymentQueueLimit: 100_000});
	sim.control.setConcurrentBuilds(count);
	const headers = {authorization: `Bearer ${sim.token}`, 'content-type': 'application/json'};
	const api = async (method, route, body) => {
		const response = await fetch(`${sim.baseUrl}/api/v1${route}`, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
		return response.json();
	};

	// Each RUN step writes two lines: 2,600 steps give a log past 5,000 lines well before the build ends.
	const dockerfile = ['FROM node:20-alpine', ...Array.from({length: 2600}, (_, index) => `RUN echo step ${index + 1}`)].join('\n');
	const uuids = [];
	for (let index = 0; index < count; index++) {
		const created = await api('POST', '/applications/dockerfile', {
			project_uuid: sim.seed.projectUuid,
			server_uuid: sim.seed.serverUuid,
			environment_name: sim.seed.environmentName,
			environment_uuid: sim.seed.environmentUuid,
			name: `bench-${index}`,
			ports_exposes: '80',
			tags: ['coolify-tui'],
			dockerfile: Buffer.from(dockerfile).toString('base64'),
		});
		uuids.push((await api('POST', `/applications/${created.uuid}/start`)).deployment_uuid);
	}

	// The build's steps are spread over its duration: jump most of the way at once, then a step at a time.
	for (let step = 0; step < 10_000; step++) {
		const deployment = await api('GET', `/deployments/${uuids[0]}`);
		if (deployment.status !== 'in_progress' && step > 0) {
			throw new Error(`bench: the build ended (${deployment.status}) before its log reached ${logLines} lines`);
		}

		if (deployment.logs && JSON.parse(deployment.logs).length >= logLines) {
			break;
		}

		sim.clock.advance(5000);
	}

	process.send({type: 'ready', baseUrl: sim.baseUrl, token: sim.token});
	process.on('message', async message => {
		if (message?.type === 'close') {
			await sim.close();
			process.exit(0);
		}
	});
}

/** Child: one poll tick's reads (our applications and the builds in flight), with memory sampled during it. */
async function pollerChild(libPath, baseUrl, token, mode) {
	const lib = await import(libPath);
	// The whole-answer baseline is over coolify-tui's 64 MiB cap at N = 50 (which is the point): lift it there.
	const client = new lib.CoolifyClient({baseUrl, token, timeoutMs: 120_000, ...(mode === 'whole' ? {maxAnswerBytes: 1024 * 1024 * 1024} : {})});
	// Warm up the code paths (and undici) on a small request first.
	await client.version();
	globalThis.gc?.();
	const before = process.memoryUsage();
	let peakRss = before.rss;
	let peakHeap = before.heapUsed;
	const sample = () => {
		const now = process.memoryUsage();
		peakRss = Math.max(peakRss, now.rss);
		peakHeap = Math.max(peakHeap, now.heapUsed);
	};

	const timer = setInterval(sample, 1);
	const started = performance.now();
	let items = 0;
	if (mode === 'whole') {
		// The earlier way: the whole answer, logs and all, parsed at once.
		const [applications, deployments] = await Promise.all([client.listOwnApplications(), client.transport.request({method: 'GET', path: '/deployments'})]);
		items = applications.length + Object.keys(deployments).length;
	} else {
		const [applications, deployments] = await Promise.all([client.listOwnApplications(), client.listActiveDeployments()]);
		items = applications.length + deployments.length;
	}

	sample();
	clearInterval(timer);
	process.send({type: 'result', items, ms: performance.now() - started, rssMb: (peakRss - before.rss) / 1048576, heapMb: (peakHeap - before.heapUsed) / 1048576});
}

function message(child, type) {
	return new Promise((resolve, reject) => {
		child.on('message', found => {
			if (found?.type === type) {
				resolve(found);
			}
		});
		child.once('exit', code => reject(new Error(`bench child exited with ${code} before "${type}"`)));
	});
}

async function tickBytes(baseUrl, token) {
	let total = 0;
	for (const route of ['/applications?tag=coolify-tui', '/deployments']) {
		const response = await fetch(`${baseUrl}/api/v1${route}`, {headers: {authorization: `Bearer ${token}`}});
		total += (await response.arrayBuffer()).byteLength;
	}

	return total;
}

/** What the schema library adds to the CLI bundle, and the time and memory to load it. */
async function schemaCost(folder) {
	const result = await build({absWorkingDir: root, entryPoints: ['source/cli.tsx'], bundle: true, write: false, metafile: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent', splitting: true, outdir: path.join(folder, 'cost'), external: ['yoga-layout', 'react-devtools-core']});
	let bytes = 0;
	for (const output of Object.values(result.metafile.outputs)) {
		for (const [input, info] of Object.entries(output.inputs)) {
			if (input.includes('node_modules/valibot/')) {
				bytes += info.bytesInOutput;
			}
		}
	}

	const probe = path.join(folder, 'valibot-probe.mjs');
	await build({absWorkingDir: root, entryPoints: ['source/coolify/answers.ts'], outfile: probe, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent'});
	const loadMs = [];
	for (let run = 0; run < 5; run++) {
		const child = fork('--input-type=module', [], {execArgv: ['--expose-gc', '-e', `const t=performance.now();globalThis.gc();const h=process.memoryUsage().heapUsed;await import(${JSON.stringify(probe)});const ms=performance.now()-t;globalThis.gc();process.send({type:'result',ms,heapKb:(process.memoryUsage().heapUsed-h)/1024});`], stdio: 'ignore'});
		loadMs.push(await message(child, 'result'));
	}

	loadMs.sort((a, b) => a.ms - b.ms);
	return {bundleKb: bytes / 1024, loadMs: loadMs[2].ms, heapKb: loadMs[2].heapKb};
}

export async function measurePollBytes({counts = [1, 10, 50]} = {}) {
	const folder = mkdtempSync(path.join(tmpdir(), 'coolify-tui-bench-poll-'));
	try {
		const libPath = await bundle(folder);
		const rows = [];
		for (const count of counts) {
			const sim = fork(self, ['--simulator-child', libPath, String(count)], {stdio: 'inherit'});
			const {baseUrl, token} = await message(sim, 'ready');
			const bytes = await tickBytes(baseUrl, token);
			const runs = {};
			for (const mode of ['streamed', 'whole']) {
				const poller = fork(self, ['--poller-child', libPath, baseUrl, token, mode], {stdio: 'inherit', execArgv: ['--expose-gc']});
				runs[mode] = await message(poller, 'result');
			}

			sim.send({type: 'close'});
			rows.push({count, bytes, streamed: runs.streamed, whole: runs.whole});
		}

		return {rows, schema: await schemaCost(folder), libBytes: statSync(libPath).size};
	} finally {
		rmSync(folder, {recursive: true, force: true});
	}
}

export function formatPollBytes({rows, schema}) {
	const lines = [`Poll tick with N builds in progress, each with a ${logLines}-line build log (GET /applications?tag + GET /deployments, token with read:sensitive):`];
	for (const row of rows) {
		lines.push(
			`  N=${String(row.count).padStart(2)}: ${(row.bytes / 1048576).toFixed(1)} MB downloaded; poller peak +${row.streamed.rssMb.toFixed(1)} MB RSS / +${row.streamed.heapMb.toFixed(1)} MB heap with logs skipped as they stream (${row.streamed.ms.toFixed(0)} ms)` +
				`; reading the answer whole: +${row.whole.rssMb.toFixed(1)} MB RSS / +${row.whole.heapMb.toFixed(1)} MB heap`,
		);
	}

	lines.push(`Schema library (valibot): ${schema.bundleKb.toFixed(1)} KB of the CLI bundle; loading it with the answer schemas: ${schema.loadMs.toFixed(1)} ms, +${schema.heapKb.toFixed(0)} KB heap (median of 5 fresh processes)`);
	return lines.join('\n');
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === '--simulator-child') {
	await simulatorChild(rest[0], Number(rest[1]));
} else if (mode === '--poller-child') {
	await pollerChild(rest[0], rest[1], rest[2], rest[3]);
	process.exit(0);
} else if (path.resolve(process.argv[1] ?? '') === self) {
	const counts = mode ? mode.split(',').map(Number) : undefined;
	console.log(formatPollBytes(await measurePollBytes(counts ? {counts} : {})));
}
