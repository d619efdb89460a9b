import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    // Two cores on every machine: keep parallelism modest so CLI tests that spawn node are not starved.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
    // One fast-check seed for every property (FC_SEED overrides it).
    setupFiles: ['./test/support/property-seed.ts'],
  },
});
