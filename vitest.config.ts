import {defineConfig} from 'vitest/config';
import {inkOutputPath} from './scripts/build-options.mjs';

export default defineConfig({
	// Ink draws through the same Output as in dist/ (scripts/build-options.mjs), so ink is transformed by vite
	// instead of loaded as is.
	plugins: [{name: 'ink-output', enforce: 'pre', resolveId: (source, importer) => inkOutputPath(source, importer)}],
	test: {
		include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		// Many suites drive real processes and pseudo-terminals against the simulator in real time, and CI
		// machines are shared: a test that fails once is tried once more, and the run ends by listing it
		// (test/helpers/retried-tests-reporter.ts). A test that fails twice fails the run.
		retry: 1,
		reporters: ['default', './test/helpers/retried-tests-reporter.ts'],
		fakeTimers: {toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date']},
		server: {deps: {inline: ['ink']}},
	},
});
