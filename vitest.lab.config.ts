import { defineConfig } from 'vitest/config';

/** The HA lab's failure tests (`npm run test:lab`): one lab at a time, minutes per test, run as root. */
export default defineConfig({
  test: {
    include: ['lab/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
