import { defineConfig } from 'vitest/config';

// The conformance suite. Started by src/runner/run.ts (`npm run conformance`), which sets the
// target's environment and the reporters. One worker, files one after another: a live portal's
// rate limit is shared, and so is the client's request pacing.
export default defineConfig({
  test: {
    include: ['specs/**/*.spec.ts'],
    fileParallelism: false,
    isolate: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    sequence: { shuffle: false },
  },
});
