import type { Dataset } from '@latentkit/core';
import { API_VERSION, defineInference, type EngineOptions, type FitResult, type ModelInstance } from '@latentkit/registry';
import { requireTerms, runWithRestarts } from '../driver/restarts.js';
import { meta } from '../meta.js';

/**
 * Fit a model by Gibbs sampling: each iteration is one sweep that resamples every latent variable from its full
 * conditional (collapsed where the model integrates parameters out). A Markov chain's monitoring value is not
 * monotone, so the chain always runs `maxIter` sweeps (`tol` is ignored); the model decides how to summarise the
 * chain (e.g. the last sample, or an average after burn-in). Each sweep draws from its own child generator.
 *
 * References: Geman & Geman (1984); Griffiths & Steyvers (2004), "Finding scientific topics" (collapsed LDA).
 */
export async function fitGibbs<P, S>(model: ModelInstance<P, S>, data: Dataset, options: EngineOptions): Promise<FitResult<S>> {
  const terms = requireTerms(model.terms.gibbs, 'inference/gibbs', 'Gibbs terms (prepare, init, sweep)');
  return runWithRestarts(model, data, options, {
    key: 'inference/gibbs',
    tol: -Infinity,
    prepare: (d) => terms.prepare(d),
    stepper: (prepared, rng) => ({ init: () => terms.init(prepared, rng), step: (state) => terms.sweep(state, prepared, rng.fork()) }),
  });
}

/** The Gibbs sampling engine plugin (`inference/gibbs`). */
export const gibbs = defineInference({
  meta: { ...meta, id: 'gibbs', namespace: 'inference', apiVersion: API_VERSION, description: 'Gibbs sampling (runs maxIter sweeps)' },
  requires: ['gibbs'],
  defaults: { maxIter: 200, tol: 0 },
  fit: fitGibbs,
});

export default gibbs;
