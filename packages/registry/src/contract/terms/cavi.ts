import type { Dataset, Rng, RowSource } from '@latentkit/core';
import type { PrepareContext } from '../prepare-context.js';
import type { StreamContext } from './em.js';
import type { ShardServer } from './shards.js';

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
  /** Streamed CAVI (optional): sweeps that read the rows from a {@link RowSource} once each (`Model.fitStream`). */
  readonly stream?: CaviStreamTerms<S, any>;
}

/**
 * The streamed terms of a CAVI model: `prepare` reads the source in the passes the model needs (sizes, checks), and
 * each `sweep` streams it once, with the same updates as the in-memory sweep (the same result from the same start,
 * to the tolerance the model documents).
 */
export interface CaviStreamTerms<S, Prepared = unknown> {
  /** Read the source in the passes the model needs (sizes, checks): what `init` and every sweep read. */
  prepare(source: RowSource, context: StreamContext): Promise<Prepared>;
  /** The starting state from what `prepare` read, drawn with `rng` (the in-memory `init` draws the same). */
  init(prepared: Prepared, rng: Rng): S;
  /** One sweep, one pass over the source: the new state and the ELBO at the input state. */
  sweep(state: S, prepared: Prepared): Promise<CaviSweepResult<S>>;
  /**
   * Sharded CAVI (optional): when `prepare` is handed a `ShardedSource`, its passes are requests answered by the
   * workers that hold the shards, each by this `serve` on its own rows. Requests and answers are plain JSON.
   */
  readonly shard?: ShardServer;
}

/** What a CAVI sweep returns: the new state and the ELBO at the input state. */
export interface CaviSweepResult<S> {
  /** The state after one update of every variational factor. */
  readonly state: S;
  /** The ELBO at the input state, in the model's normalisation (e.g. per sample or per word); higher is better. */
  readonly objective: number;
}

declare module '../model-terms.js' {
  interface ModelTerms<S> {
    /** The terms of `inference/cavi`, for a model that has closed-form coordinate-ascent updates. */
    readonly cavi?: CaviTerms<S, any>;
  }
}
