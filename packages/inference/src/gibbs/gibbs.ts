import type { Dataset } from '@latentkit/core';
import { API_VERSION, defineInference, type EngineOptions, type FitResult, type GibbsTerms, type ModelInstance } from '@latentkit/registry';
import { iterationSpecs } from '../driver/common-params.js';
import { requireTerms, runWithRestarts } from '../driver/restarts.js';
import { meta } from '../meta.js';

/**
 * Gibbs terms that set the chain's length themselves, from the model's hyperparameters: a model whose `maxIter`
 * default suits another engine (LDA: 10 variational passes) gives its number of sweeps here.
 */
export interface GibbsChainTerms<S, Prepared = unknown> extends GibbsTerms<S, Prepared> {
  /** Sweeps to run; replaces `maxIter` (including one given to `fit`, which the engine cannot tell apart). */
  readonly sweeps?: number;
}

/**
 * Fit a model by Gibbs sampling: each iteration is one sweep that resamples every latent variable from its full
 * conditional (collapsed where the model integrates parameters out). A Markov chain's monitoring value is not
 * monotone, so the chain always runs its full length (`tol` is ignored): the terms' `sweeps` if they give it
 * ({@link GibbsChainTerms}), else `maxIter` sweeps. The model decides how to summarise the chain (e.g. the last
 * sample, or an average after burn-in). Each sweep draws from its own child generator.
 *
 * References: Geman & Geman (1984); Griffiths & Steyvers (2004), "Finding scientific topics" (collapsed LDA).
 */
export async function fitGibbs<P, S>(model: ModelInstance<P, S>, data: Dataset, options: EngineOptions): Promise<FitResult<S>> {
  const terms: GibbsChainTerms<S> = requireTerms(model.terms.gibbs, 'inference/gibbs', 'Gibbs terms (prepare, init, sweep)');
  const sweeps = terms.sweeps ?? options.maxIter;
  if (!Number.isInteger(sweeps) || sweeps < 1) throw new Error(`inference/gibbs: the number of sweeps must be an integer >= 1, got ${sweeps}`);
  return runWithRestarts(
    model,
    data,
    { ...options, maxIter: sweeps },
    {
      key: 'inference/gibbs',
      tol: -Infinity,
      prepare: (d) => terms.prepare(d),
      stepper: (prepared, rng) => ({ init: () => terms.init(prepared, rng), step: (state) => terms.sweep(state, prepared, rng.fork()) }),
    },
  );
}

/**
 * The Gibbs sampling engine plugin (`inference/gibbs`): parameter `maxIter` (sweeps; `tol` is ignored). It `continues`
 * a fitted chain from its last sample.
 */
export const gibbs = defineInference({
  meta: {
    ...meta,
    id: 'gibbs',
    namespace: 'inference',
    apiVersion: API_VERSION,
    description: 'Gibbs sampling (runs maxIter sweeps, or the number the model sets)',
  },
  params: iterationSpecs('sweeps of the chain (unless the model sets them)', 'Ignored: a chain runs its full length.'),
  continues: true,
  requires: ['gibbs'],
  defaults: { maxIter: 200, tol: 0 },
  fit: fitGibbs,
});

export default gibbs;
