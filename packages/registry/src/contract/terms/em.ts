import type { Dataset, Rng } from '@latentkit/core';

/**
 * The terms an EM engine needs from a model (`inference/em`).
 * `prepare` turns the dataset into tensors once per fit; the engine disposes whatever it returns.
 * `eStep` evaluates the objective at `state` (for mixtures: mean log-likelihood) and returns sufficient statistics;
 * `mStep` maximises given those statistics. Both run inside `tf.tidy`; tensors in the returned state are kept.
 */
export interface EmTerms<S, Prepared = unknown, Stats = unknown> {
  /** Everything the iterations read from the data, computed once per fit (tensors, sufficient statistics, sizes). */
  prepare(data: Dataset): Prepared;
  /** The starting state, drawn with `rng`. */
  init(prepared: Prepared, rng: Rng): S;
  /** E-step: the expected sufficient statistics under the current state, and the objective (log-likelihood) before the M-step. */
  eStep(state: S, prepared: Prepared): { readonly stats: Stats; readonly objective: number };
  /** M-step: the state that maximises the expected complete-data log-likelihood given the statistics. */
  mStep(state: S, stats: Stats, prepared: Prepared): S;
}

declare module '../model-terms.js' {
  interface ModelTerms<S> {
    readonly em?: EmTerms<S, any, any>;
  }
}
