import { initBackend } from '@latentkit/core';
import type { ModelPlugin } from '@latentkit/registry';
import { beforeAll, describe, it } from 'vitest';
import { labelOf, type ModelPluginFixtures } from './fixtures.js';
import { modelPluginChecks } from './model-checks/model-plugin-checks.js';

/**
 * Register a vitest suite that checks a model plugin against the latentkit contract, one `it` per check of
 * {@link modelPluginChecks} (scikit-learn's `check_estimator` / `parametrize_with_checks`): contract shape,
 * defaults, parameter validation, fitting (finite trace; for EM a non-decreasing objective, allowing
 * atol + rtol·|L| of float32 noise), seeded determinism, shapes of `transform`/`score`/`scores`/`sample`,
 * declared capabilities that agree (`transform(...).nCols === latentDim`, the mean of `scoreSamples` is `score`,
 * bic = −2N·score + p log N with p = `nParameters`, …), well-formed `views` (a heatmap's values are rows × columns
 * finite numbers, …), JSON round trip through `registry.load` (format 2 with provenance and engine parameters for a
 * plugin with `restore`), no tensor leaks (also after a cancelled fit) and cancellation.
 *
 * Call it at the top level of a test file. tfjs is initialised with `initBackend()` in a `beforeAll`.
 * Each check is also exported as a plain function (`checkFit(plugin, fixtures)`, …) that throws on failure.
 * @example
 * ```ts
 * // packages/models-mixture/src/gmm/gmm.conformance.test.ts
 * import { em } from '@latentkit/inference';
 * import { checkModelPlugin, toyMixtureData } from '@latentkit/testing';
 * import { gmm } from '../index.js';
 * import pkg from '../../package.json' with { type: 'json' };
 *
 * checkModelPlugin(gmm, {
 *   data: () => toyMixtureData({ nRows: 60, seed: 1 }),
 *   params: { nComponents: 2, maxIter: 20 },
 *   engines: [em],
 *   packageJson: pkg,
 *   invalidParams: [{ params: { nComponents: 0 }, message: /nComponents=0 .*>= 1/ }],
 * });
 * ```
 */
export function checkModelPlugin(plugin: ModelPlugin, fixtures: ModelPluginFixtures): void {
  describe(`${labelOf(plugin)} conforms to the latentkit model plugin contract`, () => {
    beforeAll(async () => {
      await initBackend();
    });
    for (const check of modelPluginChecks) {
      if (check.applies && !check.applies(plugin, fixtures)) continue;
      it(check.title, () => check.run(plugin, fixtures), fixtures.timeout);
    }
  });
}
