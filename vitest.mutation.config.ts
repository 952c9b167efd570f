import { defineConfig } from 'vitest/config';

// The tests of one module for `pnpm test:mutation` (stryker.config.mjs sets MUTATE_PACKAGE and MUTATE_TESTS from
// tooling/mutation/modules.mjs): Stryker's dry run runs every test its config finds, with per-test coverage.
const dir = process.env.MUTATE_PACKAGE ?? 'packages/core';
const include = (process.env.MUTATE_TESTS ?? 'src/**/*.test.ts').split(',');

export default defineConfig({
  resolve: { conditions: ['@latentkit/source'] },
  ssr: { resolve: { conditions: ['@latentkit/source', 'node', 'import', 'default'] } },
  test: {
    root: dir,
    include,
    exclude: ['node_modules/**', 'dist/**'],
    // Instrumented code with per-test coverage runs several times slower: metrics' DCI test passed 120 s in the dry run.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
