import {defineConfig} from 'vitest/config';

export default defineConfig({
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
	},
});
