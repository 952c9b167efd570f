import type { Dataset, Rng } from '@latentkit/core';

/**
 * The terms of a Markov chain Monte Carlo engine (`inference/gibbs`): `sweep` resamples every latent variable once
 * and returns a monitoring value (e.g. the log joint per token). The chain is not monotone, so the engine runs
 * `maxIter` sweeps.
 */
export interface GibbsTerms<S, Prepared = unknown> {
  prepare(data: Dataset): Prepared;
  init(prepared: Prepared, rng: Rng): S;
  sweep(state: S, prepared: Prepared, rng: Rng): { readonly state: S; readonly objective: number };
}

declare module '../model-terms.js' {
  interface ModelTerms<S> {
    readonly gibbs?: GibbsTerms<S, any>;
  }
}
