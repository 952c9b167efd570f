import type { Dataset, DenseDataset, Rng, RowSource } from '@latentkit/core';
import type { PrepareContext } from '../prepare-context.js';
import type { StreamContext } from './em.js';

/**
 * The terms of stochastic (online) variational inference (`inference/online-vi`, Hoffman, Blei & Bach 2010):
 * the engine draws minibatches of rows and calls `update` with the step size ρ_t = (learningOffset + t)^(−learningDecay);
 * after each pass over the data (one iteration) it evaluates `objective` on the whole data. `update` and `objective`
 * may return promises (work on worker threads), under the rules of an asynchronous `EmTerms.eStep`: no tensor may
 * live across an `await`.
 */
export interface OnlineViTerms<S, Prepared = unknown> {
  /** Everything the iterations read from the data, computed once per fit (tensors, sufficient statistics, sizes). */
  prepare(data: Dataset, context?: PrepareContext): Prepared;
  /** Free what `prepare` made besides tensors (worker threads); called once when the fit ends, also on error or cancel. */
  release?(prepared: Prepared): void | Promise<void>;
  /** Number of rows (documents) minibatches are drawn from. */
  nRows(prepared: Prepared): number;
  /** The starting state, drawn with `rng`. */
  init(prepared: Prepared, rng: Rng): S;
  /** One stochastic update from the rows in `batch` with step size `rho`. */
  update(state: S, prepared: Prepared, batch: Int32Array, rho: number, rng: Rng): S | Promise<S>;
  /** The objective the engine reports (and stops on) for a state. */
  objective(state: S, prepared: Prepared): number | Promise<number>;
  /**
   * Minibatch updates already applied to `state`, when it continues an earlier fit (`registry.continueFit`): the
   * engine's next step size is then ρ_t with t = updatesDone + 1 (scikit-learn's `n_batch_iter_`). Default 0.
   */
  updatesDone?(state: S): number;
  /** Streamed online VI (optional): minibatches read from a {@link RowSource} (`Model.fitStream`). */
  readonly stream?: OnlineViStreamTerms<S, any>;
}

/**
 * The streamed terms of an online-VI model. `prepare` reads the source in the passes the model needs (the number of
 * rows, checks); every iteration the engine then reads the source once in consecutive minibatches of `batchSize` rows,
 * in row order as in memory, calls `update` on each, and `objective` (which may stream another pass) after the pass.
 */
export interface OnlineViStreamTerms<S, Prepared = unknown> {
  /** Read the source in the passes the model needs (sizes, checks): what `init`, `update` and `objective` read. */
  prepare(source: RowSource, context: StreamContext): Promise<Prepared>;
  /** Number of rows of the source (known after `prepare`). */
  nRows(prepared: Prepared): number;
  /** The starting state from what `prepare` read, drawn with `rng`. */
  init(prepared: Prepared, rng: Rng): S;
  /**
   * One stochastic update from the rows of one minibatch, rows `first …` of the source, with step size `rho`. The rows
   * are the engine's buffer, valid until the update settles (it is refilled for the next minibatch).
   */
  update(state: S, prepared: Prepared, batch: DenseDataset, first: number, rho: number, rng: Rng): S | Promise<S>;
  /** The objective the engine reports (and stops on) for a state. */
  objective(state: S, prepared: Prepared): number | Promise<number>;
}

declare module '../model-terms.js' {
  interface ModelTerms<S> {
    /** The terms of `inference/online-vi`, for a model with stochastic natural-gradient updates on minibatches of rows. */
    readonly onlineVi?: OnlineViTerms<S, any>;
  }
}
