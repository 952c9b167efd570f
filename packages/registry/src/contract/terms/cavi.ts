import type { Dataset, Rng } from '@latentkit/core';

/**
 * The terms of coordinate-ascent variational inference (`inference/cavi`): `sweep` updates every variational
 * factor once, in the model's order, and returns the ELBO (in the model's documented normalisation, e.g. per
 * sample or per word) evaluated at the input state, so that a non-decreasing sequence checks the updates.
 */
export interface CaviTerms<S, Prepared = unknown> {
  /** Everything the iterations read from the data, computed once per fit (tensors, sufficient statistics, sizes). */
  prepare(data: Dataset): Prepared;
  /** The starting state, drawn with `rng`. */
  init(prepared: Prepared, rng: Rng): S;
  /** One pass of coordinate-ascent updates over every variational factor: the new state and its ELBO. */
  sweep(state: S, prepared: Prepared): { readonly state: S; readonly objective: number };
}

declare module '../model-terms.js' {
  interface ModelTerms<S> {
    readonly cavi?: CaviTerms<S, any>;
  }
}
