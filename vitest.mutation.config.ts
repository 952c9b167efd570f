import { defineConfig } from 'vitest/config';

// The tests of one package (MUTATE_PACKAGE, default packages/core) for `pnpm test:mutation`: Stryker's dry run runs
// every test its config finds, with per-test coverage, so it gets one package's project, not the workspace's.
const dir = process.env.MUTATE_PACKAGE ?? 'packages/core';

export default defineConfig({
  resolve: { conditions: ['@latentkit/source'] },
  ssr: { resolve: { conditions: ['@latentkit/source', 'node', 'import', 'default'] } },
  test: {
    root: dir,
    include: ['src/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
