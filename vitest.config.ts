import { defineConfig } from 'vitest/config';

// Unit tests of src/ and scripts/ (beside the code as *.test.ts), and the examples users copy.
// The conformance suite in specs/ has its own config: vitest.conformance.config.ts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
