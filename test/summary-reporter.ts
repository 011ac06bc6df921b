import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one closing line, `N passed, N failed[, N skipped]`, after vitest's own summary, so CI can
 * read the outcome of unit and browser tests together.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that failed to load (syntax error, failing hook) has no tests but is a failure.
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed++;
    }
    const tail = skipped ? `, ${skipped} skipped` : '';
    // Written at exit, after vitest's own summary (which the default reporter prints later than this hook),
    // so the run's last line is the outcome. stdout to a file or pipe is synchronous on Linux.
    process.once('exit', () => process.stdout.write(`\n${passed} passed, ${failed} failed${tail}\n`));
  }
}
