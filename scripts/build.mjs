// Bundles the CLI into dist/ with esbuild: one file starts in about half the time of tsc's
// many-module output. The simulator is a separate chunk, loaded only by --demo and `simulator`.
import {build} from 'esbuild';
import {rmSync} from 'node:fs';
import {bundleOptions} from './build-options.mjs';

rmSync('dist', {recursive: true, force: true});
await build(bundleOptions({entryPoints: {cli: 'source/cli.tsx'}, outdir: 'dist'}));
