// Mutation testing (issue #17): StrykerJS with the vitest runner over the numerical cores. Opt-in and slow:
// `pnpm test:mutation` (not part of `pnpm test`). Pilot: @latentkit/core's special functions.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // pnpm does not hoist the runner next to @stryker-mutator/core, where Stryker's default plugin glob looks.
  plugins: ['@stryker-mutator/vitest-runner'],
  // Only the package under test: the dry run (with per-test coverage) runs every test it finds.
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  mutate: ['packages/core/src/special/*.ts', '!packages/core/src/special/*.test.ts', '!packages/core/src/special/index.ts'],
  reporters: ['clear-text', 'json', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 60000,
  tempDirName: '.stryker-tmp',
  // A sandbox copy has no per-package node_modules (pnpm links them in each package): mutate in place instead
  // (Stryker restores the files at the end; run it on a clean checkout).
  inPlace: true,
  ignorePatterns: ['docs/api', 'apps/vscode/test-results', '**/dist', '.turbo'],
};
