import type { Dataset, Rng } from '@latentkit/core';

/**
 * The terms of stochastic (online) variational inference (`inference/online-vi`, Hoffman, Blei & Bach 2010):
 * the engine draws minibatches of rows and calls `update` with the step size ρ_t = (learningOffset + t)^(−learningDecay);
 * after each pass over the data (one iteration) it evaluates `objective` on the whole data.
 */
export interface OnlineViTerms<S, Prepared = unknown> {
  /** Everything the iterations read from the data, computed once per fit (tensors, sufficient statistics, sizes). */
  prepare(data: Dataset): Prepared;
  /** Number of rows (documents) minibatches are drawn from. */
  nRows(prepared: Prepared): number;
  /** The starting state, drawn with `rng`. */
  init(prepared: Prepared, rng: Rng): S;
  /** One stochastic update from the rows in `batch` with step size `rho`. */
  update(state: S, prepared: Prepared, batch: Int32Array, rho: number, rng: Rng): S;
  /** The objective the engine reports (and stops on) for a state. */
  objective(state: S, prepared: Prepared): number;
  /**
   * Minibatch updates already applied to `state`, when it continues an earlier fit (`registry.continueFit`): the
   * engine's next step size is then ρ_t with t = updatesDone + 1 (scikit-learn's `n_batch_iter_`). Default 0.
   */
  updatesDone?(state: S): number;
}

declare module '../model-terms.js' {
  interface ModelTerms<S> {
    readonly onlineVi?: OnlineViTerms<S, any>;
  }
}
