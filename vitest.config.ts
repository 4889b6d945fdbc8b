import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'eslint-rules/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: more workers only fight over them (PGlite is CPU-bound).
    maxWorkers: 2,
    // Test files share their worker's modules: loading the app (PGlite's WebAssembly above all) once per worker, not
    // once per file, took a third off the PGlite pass (595 -> 389 s). Tests must not leave state behind in a module
    // (uuidv7's clock was one: its test makes its own generator). Which files share a worker varies run to run;
    // `npx vitest run --sequence.shuffle.files` tries another order.
    isolate: false,
  },
});
