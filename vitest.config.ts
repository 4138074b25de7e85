import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    // TEST_SHUFFLE=1 (the second run of .ci/run): the files in a random order, to catch files that depend on another
    // having run first; vitest prints the seed to repeat an order with --sequence.seed
    sequence: process.env.TEST_SHUFFLE ? { shuffle: { files: true, tests: false } } : {},
  },
});
