import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // Progress that runs and checks record goes to a folder of the suite's own.
    globalSetup: ['./test/helpers/isolated-state.ts'],
    // Lessons run real processes on a 2-core machine: one test file at a time keeps timing honest.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
