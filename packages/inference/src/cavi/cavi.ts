import { createRng, type Dataset, type RowSource } from '@latentkit/core';
import { API_VERSION, defineInference, type EngineOptions, type FitResult, type ModelInstance } from '@latentkit/registry';
import { iterationSpecs } from '../driver/common-params.js';
import { requireTerms, runWithRestarts } from '../driver/restarts.js';
import { streamPlaceholder } from '../em/em-stream.js';
import { meta } from '../meta.js';

/**
 * Fit a model by coordinate-ascent variational inference (CAVI).
 *
 * For a mean-field family q(z) = Π_j q_j(z_j), each sweep sets every factor to its optimum given the others,
 * q_j*(z_j) ∝ exp(E_{−j}[log p(x, z)]), which never decreases the evidence lower bound
 * ELBO(q) = E_q[log p(x, z)] − E_q[log q(z)]. The model's `sweep` performs the updates and reports the ELBO;
 * the engine stops when its change is below `tol` or after `maxIter` sweeps, with restarts as in EM.
 *
 * References: Blei, Kucukelbir & McAuliffe (2017), "Variational inference: a review for statisticians", §2.4.
 */
export async function fitCavi<P, S>(model: ModelInstance<P, S>, data: Dataset, options: EngineOptions): Promise<FitResult<S>> {
  const terms = requireTerms(model.terms.cavi, 'inference/cavi', 'CAVI terms (prepare, init, sweep)');
  return runWithRestarts(model, data, options, {
    key: 'inference/cavi',
    prepare: (d, context) => terms.prepare(d, context),
    ...(terms.release ? { release: (prepared) => terms.release!(prepared) } : {}),
    stepper: (prepared, rng) => ({ init: () => terms.init(prepared, rng), step: (state) => terms.sweep(state, prepared) }),
  });
}

/**
 * CAVI on rows streamed from `source` (`inference/cavi`'s `fitStream`): the model's `CaviTerms.stream.prepare` reads
 * the source in its passes (handed the restarts' generators), then the shared driver runs the restarts as `fitCavi`
 * does, each sweep reading the source once. Cancellation takes effect between sweeps.
 */
export async function fitCaviStream<P, S>(model: ModelInstance<P, S>, source: RowSource, options: EngineOptions): Promise<FitResult<S>> {
  const terms = requireTerms(model.terms.cavi, 'inference/cavi', 'CAVI terms (prepare, init, sweep)');
  const stream = requireTerms(terms.stream, 'inference/cavi', 'streamed CAVI terms (cavi.stream)');
  const restarts = options.initialState !== undefined ? 1 : Math.max(1, model.restarts ?? 1);
  const prepared: unknown = await stream.prepare(source, { rngs: createRng(options.seed).split(restarts) });
  return runWithRestarts(model, streamPlaceholder(source), options, {
    key: 'inference/cavi',
    prepare: () => prepared,
    stepper: (p, rng) => ({ init: () => stream.init(p, rng), step: (state: S) => stream.sweep(state, p) }),
  });
}

/** The CAVI engine plugin (`inference/cavi`): parameters `maxIter` (sweeps per run) and `tol`; it `continues` fitted states. */
export const cavi = defineInference({
  meta: { ...meta, id: 'cavi', namespace: 'inference', apiVersion: API_VERSION, description: 'Coordinate-ascent (mean-field) variational inference' },
  params: iterationSpecs('coordinate-ascent sweeps per run'),
  continues: true,
  checkpoints: true,
  requires: ['cavi'],
  defaults: { maxIter: 100, tol: 1e-3 },
  fit: fitCavi,
  fitStream: fitCaviStream,
});

export default cavi;
