import type { Dataset } from '@latentkit/core';
import { runWithRestarts } from '@latentkit/inference';
import { API_VERSION, bool, defineInference, int, real, type EngineOptions, type FitResult, type ModelInstance } from '@latentkit/registry';
import { meta } from './meta.js';

/** Parameters of `example/minibatch`: they mean the same for every model it fits. */
export interface MiniBatchParams {
  /** Passes over the data. */
  maxIter: number;
  /** Stop when the objective after a pass changes by less than this. */
  tol: number;
  /** Rows per minibatch. */
  batchSize: number;
  /** Visit the rows in a new seeded random order on every pass (else in file order). */
  shuffle: boolean;
}

/**
 * Fit a model by passes of minibatch updates: each pass visits every row once, in minibatches of `batchSize` (in a
 * seeded random order when `shuffle`), and calls the model's `update` for each; after the pass the model's objective
 * on all rows is recorded, and the fit stops when it changes by less than `tol` or after `maxIter` passes. Runs on the
 * shared driver of @latentkit/inference, so restarts, cancellation, progress and continuation work as for the
 * built-in engines.
 */
async function fitMiniBatch<P, S>(model: ModelInstance<P, S>, data: Dataset, options: EngineOptions<MiniBatchParams>): Promise<FitResult<S>> {
  const terms = model.terms.minibatch;
  if (!terms) throw new Error('example/minibatch needs a model that provides minibatch terms (prepare, nRows, init, update, objective)');
  const { batchSize, shuffle } = { ...miniBatch.defaults, ...options.engineParams };
  return runWithRestarts(model, data, options, {
    key: 'example/minibatch',
    prepare: (d) => terms.prepare(d),
    stepper: (prepared, rng) => {
      const n = terms.nRows(prepared);
      return {
        init: () => terms.init(prepared, rng),
        step: (state) => {
          const order = shuffle ? rng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
          let current = state;
          for (let start = 0; start < n; start += batchSize) current = terms.update(current, prepared, order.subarray(start, Math.min(n, start + batchSize)));
          return { state: current, objective: terms.objective(current, prepared) };
        },
      };
    },
  });
}

/**
 * A third-party inference engine (`example/minibatch`) with its own terms ({@link MiniBatchTerms}) and parameters,
 * registered like any plugin: `registry.register(miniBatch)`; users set its parameters with
 * `latentkit fit --engine example/minibatch --engine-set batchSize=64`.
 */
export const miniBatch = defineInference<MiniBatchParams>({
  meta: { ...meta, id: 'minibatch', namespace: 'example', apiVersion: API_VERSION, description: 'Passes of minibatch updates with the model’s own step rule' },
  requires: ['minibatch'],
  params: {
    maxIter: int({ min: 1, description: 'Passes over the data.' }),
    tol: real({ min: 0, description: 'Stop when the objective after a pass changes by less than this.' }),
    batchSize: int({ min: 1, description: 'Rows per minibatch.' }),
    shuffle: bool({ description: 'Visit the rows in a new seeded random order on every pass.' }),
  },
  defaults: { maxIter: 20, tol: 1e-4, batchSize: 100, shuffle: true },
  continues: true,
  fit: fitMiniBatch,
});
