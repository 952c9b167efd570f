import type { Dataset, Rng } from '@latentkit/core';

/**
 * The terms of a Markov chain Monte Carlo engine (`inference/gibbs`): `sweep` resamples every latent variable once
 * and returns a monitoring value (e.g. the log joint per token). The chain is not monotone, so the engine runs
 * `maxIter` sweeps.
 */
export interface GibbsTerms<S, Prepared = unknown> {
  /** Everything the iterations read from the data, computed once per fit (tensors, sufficient statistics, sizes). */
  prepare(data: Dataset): Prepared;
  /** The starting state, drawn with `rng`. */
  init(prepared: Prepared, rng: Rng): S;
  /** One sweep resampling every latent variable from its full conditional with `rng`: the new state and the monitored value. */
  sweep(
    state: S,
    prepared: Prepared,
    rng: Rng,
  ): {
    /** The chain's state after the sweep. */
    readonly state: S;
    /** The monitored value after the sweep (e.g. the log joint per token); not monotone. */
    readonly objective: number;
  };
}

declare module '../model-terms.js' {
  interface ModelTerms<S> {
    /** The terms of `inference/gibbs`, for a model whose latent variables can be resampled from their full conditionals. */
    readonly gibbs?: GibbsTerms<S, any>;
  }
}
