import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs the pure core in node (tfjs on its cpu backend); `e2e` drives Debian's
// chromium against the built app (see test/e2e/global-setup.ts). `npm test` runs both.
export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          // One browser at a time, after the unit tests: the machine has 2 cores and SwiftShader uses them all.
          poolOptions: { forks: { singleFork: true } },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
