// Mutation testing (issue #17): StrykerJS with the vitest runner over the numerical cores. Opt-in and slow:
// `pnpm test:mutation <module>` (tooling/mutation/run.mjs sets LATENTKIT_MUTATION_MODULE), not part of `pnpm test`.
import { EXCLUDED, MODULES } from './tooling/mutation/modules.mjs';

const name = process.env.LATENTKIT_MUTATION_MODULE ?? 'core-special';
const module = MODULES[name];
if (!module) throw new Error(`LATENTKIT_MUTATION_MODULE=${name}: expected one of ${Object.keys(MODULES).join(', ')}`);
// vitest.mutation.config.ts reads these: the dry run (with per-test coverage) runs only this module's tests.
process.env.MUTATE_PACKAGE = module.package;
process.env.MUTATE_TESTS = module.tests.join(',');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // pnpm does not hoist the runner next to @stryker-mutator/core, where Stryker's default plugin glob looks.
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: [...module.mutate, ...EXCLUDED],
  reporters: ['clear-text', 'json', 'html', 'progress'],
  jsonReporter: { fileName: `reports/mutation/${name}/mutation.json` },
  htmlReporter: { fileName: `reports/mutation/${name}/index.html` },
  coverageAnalysis: 'perTest',
  // The machine is shared: one test process (pass --concurrency to use more).
  concurrency: 1,
  // Added to 1.5 × a test's dry-run time before a mutant counts as a timeout (an endless loop).
  timeoutMS: 10000,
  tempDirName: '.stryker-tmp',
  // A sandbox copy has no per-package node_modules (pnpm links them in each package): mutate in place instead
  // (Stryker restores the files at the end; run.mjs refuses a dirty checkout and restores what is left).
  inPlace: true,
  // Stryker would otherwise write `// @ts-nocheck` into every src/test file of the repository (in place); there is
  // no type-checker plugin here, so nothing needs it.
  disableTypeChecks: false,
  ignorePatterns: ['docs/api', 'apps/vscode/test-results', '**/dist', '.turbo', 'reports'],
};
