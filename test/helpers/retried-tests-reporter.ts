// Lists, at the end of a run, every test that passed only when tried again (vitest.config.ts allows one
// retry), with what failed the first time: a flaky test is reported, never silently passed.
import type {Reporter, TestModule} from 'vitest/node';

export default class RetriedTestsReporter implements Reporter {
	onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
		const lines: string[] = [];
		for (const testModule of testModules) {
			for (const testCase of testModule.children.allTests()) {
				const retries = testCase.diagnostic()?.retryCount ?? 0;
				if (retries === 0 || testCase.result().state !== 'passed') {
					continue;
				}

				const firstError = testCase.result().errors?.[0]?.message?.split('\n')[0] ?? 'no error recorded';
				lines.push(`RETRIED ${testModule.moduleId.replace(`${process.cwd()}/`, '')} > ${testCase.fullName}: passed on try ${retries + 1}; first failure: ${firstError}`);
			}
		}

		if (lines.length > 0) {
			process.stdout.write(`\n${lines.length} test(s) passed only on a retry (flaky; fix them):\n${lines.join('\n')}\n`);
		}
	}
}
