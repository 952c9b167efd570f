import type { Dataset, Rng } from '@latentkit/core';

/**
 * The terms of the `example/minibatch` engine: a model that can learn from one minibatch of rows at a time with its
 * own step rule (mini-batch k-means moves each centre towards its rows with rate 1 / rows seen). The engine owns the
 * passes, the shuffling, the batches and the stopping rule; `objective` is evaluated on all rows after each pass.
 */
export interface MiniBatchTerms<S, Prepared = unknown> {
  prepare(data: Dataset): Prepared;
  nRows(prepared: Prepared): number;
  init(prepared: Prepared, rng: Rng): S;
  /** Learn from the rows `batch` (indices into the prepared data); returns the new state. */
  update(state: S, prepared: Prepared, batch: Int32Array): S;
  objective(state: S, prepared: Prepared): number;
}

// A third-party engine declares its terms by declaration merging: no edit of @latentkit/registry.
declare module '@latentkit/registry' {
  interface ModelTerms<S> {
    readonly minibatch?: MiniBatchTerms<S, any>;
  }
}
