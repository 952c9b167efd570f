import { initBackend } from '@latentkit/core';
import type { InferencePlugin } from '@latentkit/registry';
import { beforeAll, describe, it } from 'vitest';
import type { InferencePluginFixtures } from './engine-checks/engine-fixtures.js';
import { inferencePluginChecks } from './engine-checks/inference-plugin-checks.js';
import { labelOf } from './fixtures.js';

/**
 * Register a vitest suite that checks an inference engine, one `it` per check of {@link inferencePluginChecks}:
 * contract shape, result fields, `onStep` calls, restarts keeping the best final objective max_r L_r,
 * seeded determinism, abort handling, and no tensor leaks. The engine is called directly (`engine.fit`) on an
 * instance of `fixtures.model`.
 * @example
 * ```ts
 * import { checkInferencePlugin, toyMixture, toyMixtureData } from '@latentkit/testing';
 * import { em } from '@latentkit/inference';
 *
 * checkInferencePlugin(em, { model: toyMixture, data: toyMixtureData(), params: { init: 'random' } });
 * ```
 */
export function checkInferencePlugin(engine: InferencePlugin, fixtures: InferencePluginFixtures): void {
  describe(`${labelOf(engine)} conforms to the latentkit inference plugin contract`, () => {
    beforeAll(async () => {
      await initBackend();
    });
    for (const check of inferencePluginChecks) it(check.title, () => check.run(engine, fixtures), fixtures.timeout);
  });
}
