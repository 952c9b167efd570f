import type { Dataset, Rng } from '@latentkit/core';
import type { PrepareContext } from '../prepare-context.js';

/**
 * The terms of coordinate-ascent variational inference (`inference/cavi`): `sweep` updates every variational
 * factor once, in the model's order, and returns the ELBO (in the model's documented normalisation, e.g. per
 * sample or per word) evaluated at the input state, so that a non-decreasing sequence checks the updates.
 * `sweep` may return a promise (updates on worker threads), under the rules of an asynchronous `EmTerms.eStep`: only
 * its synchronous part runs inside the iteration's `tf.tidy`, and no tensor may live across an `await`.
 */
export interface CaviTerms<S, Prepared = unknown> {
  /** Everything the iterations read from the data, computed once per fit (tensors, sufficient statistics, sizes). */
  prepare(data: Dataset, context?: PrepareContext): Prepared;
  /** Free what `prepare` made besides tensors (worker threads); called once when the fit ends, also on error or cancel. */
  release?(prepared: Prepared): void | Promise<void>;
  /** The starting state, drawn with `rng`. */
  init(prepared: Prepared, rng: Rng): S;
  /** One pass of coordinate-ascent updates over every variational factor: the new state and its ELBO. */
  sweep(state: S, prepared: Prepared): CaviSweepResult<S> | Promise<CaviSweepResult<S>>;
}

/** What a CAVI sweep returns: the new state and the ELBO at the input state. */
export interface CaviSweepResult<S> {
  readonly state: S;
  readonly objective: number;
}

declare module '../model-terms.js' {
  interface ModelTerms<S> {
    readonly cavi?: CaviTerms<S, any>;
  }
}
