import type { Dataset, Rng } from '@latentkit/core';

/**
 * The terms of stochastic (online) variational inference (`inference/online-vi`, Hoffman, Blei & Bach 2010):
 * the engine draws minibatches of rows and calls `update` with the step size ρ_t = (learningOffset + t)^(−learningDecay);
 * after each pass over the data (one iteration) it evaluates `objective` on the whole data.
 */
export interface OnlineViTerms<S, Prepared = unknown> {
  prepare(data: Dataset): Prepared;
  nRows(prepared: Prepared): number;
  init(prepared: Prepared, rng: Rng): S;
  update(state: S, prepared: Prepared, batch: Int32Array, rho: number, rng: Rng): S;
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
