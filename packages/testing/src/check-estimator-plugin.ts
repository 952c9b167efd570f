import { initBackend } from '@latentkit/core';
import type { EstimatorPlugin } from '@latentkit/registry';
import { beforeAll, describe, it } from 'vitest';
import type { EstimatorPluginFixtures } from './estimator-checks/estimator-fixtures.js';
import { estimatorPluginChecks } from './estimator-checks/estimator-plugin-checks.js';
import { labelOf } from './fixtures.js';

/**
 * Register a vitest suite that checks a gradient-estimator plugin, one `it` per check of {@link estimatorPluginChecks}:
 * contract shape (and the instance's sampling methods matching `supports`), sample shapes and a surrogate equal to f
 * with a finite, non-zero gradient for each supported latent type, no tensor leaks across create, steps and
 * dispose, and, when the plugin is declared `unbiased`, a Monte-Carlo mean gradient within 4 standard errors of the
 * closed form in every component, with enough estimates to resolve a 10% bias in any one parameter's gradient
 * (`checkEstimatorUnbiased`).
 * @example
 * ```ts
 * import { checkEstimatorPlugin } from '@latentkit/testing';
 * import myReinforce from './my-reinforce.js';
 *
 * checkEstimatorPlugin(myReinforce);
 * ```
 */
export function checkEstimatorPlugin(plugin: EstimatorPlugin, fixtures: EstimatorPluginFixtures = {}): void {
  describe(`${labelOf(plugin)} conforms to the latentkit estimator plugin contract`, () => {
    beforeAll(async () => {
      await initBackend();
    });
    for (const check of estimatorPluginChecks) it(check.title, () => check.run(plugin, fixtures), fixtures.timeout);
  });
}
