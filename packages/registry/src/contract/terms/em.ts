import type { Dataset, Rng, RowSource } from '@latentkit/core';
import type { PrepareContext } from '../prepare-context.js';
import type { ShardServer } from './shards.js';

/**
 * The terms an EM engine needs from a model (`inference/em`).
 * `prepare` turns the dataset into tensors once per fit; the engine disposes whatever it returns.
 * `eStep` evaluates the objective at `state` (for mixtures: mean log-likelihood) and returns sufficient statistics;
 * `mStep` maximises given those statistics. Both run inside `tf.tidy`; tensors in the returned state are kept.
 *
 * `eStep` may return a promise (an E-step on worker threads). Then only its synchronous part runs inside the
 * iteration's `tf.tidy` (tensors it makes there are freed when it returns, before the promise settles) and what runs
 * after an `await` runs outside any tidy: an asynchronous E-step must hold no tensor across an `await` and must
 * dispose every tensor it makes after one (in practice: work on plain arrays there, as statistics returned by
 * workers). The engine runs `mStep` inside its own `tf.tidy` once the promise settles.
 */
export interface EmTerms<S, Prepared = unknown, Stats = unknown> {
  /** Everything the iterations read from the data, computed once per fit (tensors, sufficient statistics, sizes). */
  prepare(data: Dataset, context?: PrepareContext): Prepared;
  /** Free what `prepare` made besides tensors (worker threads); called once when the fit ends, also on error or cancel. */
  release?(prepared: Prepared): void | Promise<void>;
  /** The starting state, drawn with `rng`. */
  init(prepared: Prepared, rng: Rng): S;
  /** E-step: the expected sufficient statistics under the current state, and the objective (log-likelihood) before the M-step. */
  eStep(state: S, prepared: Prepared): EmStepResult<Stats> | Promise<EmStepResult<Stats>>;
  /** M-step: the state that maximises the expected complete-data log-likelihood given the statistics. */
  mStep(state: S, stats: Stats, prepared: Prepared): S;
  /**
   * Streamed EM (optional): how to fit rows read pass after pass from a {@link RowSource} that is never held in memory
   * (`Model.fitStream`, CLI `fit --stream`). `mStep` is shared with the in-memory terms.
   */
  readonly stream?: EmStreamTerms<S, any, Stats>;
}

/** What a streamed pass over the data needs besides the source. */
export interface StreamContext {
  /**
   * The generators of the fit's restarts (child r of `createRng(seed).split(restarts)`), copies of those `init`
   * receives, so that what a pass draws for restart r (e.g. an initialisation sample) is what an in-memory fit would
   * draw with the same generator.
   */
  readonly rngs: readonly Rng[];
}

/**
 * The streamed terms of an EM model. `prepare` reads the source in as many passes as it needs for what every
 * iteration reads (sufficient statistics for FA and PPCA, which then iterate in memory; the centre and initialisation
 * samples for a mixture); `eStep`, when given, streams the source once per iteration (exact batch EM). Without
 * `init` or `eStep` the in-memory terms' own run on what `prepare` returned.
 */
export interface EmStreamTerms<S, Prepared = unknown, Stats = unknown> {
  /** Read the source in the passes the model needs; what every iteration reads (never the whole data set). */
  prepare(source: RowSource, context: StreamContext): Promise<Prepared>;
  /** The starting state from what `prepare` read (e.g. the model's initialisation on a reservoir sample). */
  init?(prepared: Prepared, rng: Rng): S;
  /** One streamed pass: the E-step's statistics and the objective at `state`, the same as the in-memory E-step's. */
  eStep?(
    state: S,
    prepared: Prepared,
  ): Promise<{
    /** The expected sufficient statistics under `state`, summed over every row of the pass. */
    readonly stats: Stats;
    /** The objective at `state`, equal to the in-memory E-step's (e.g. mean log-likelihood per sample). */
    readonly objective: number;
  }>;
  /**
   * Sharded EM (optional): when `prepare` is handed a `ShardedSource`, its passes are requests answered by the
   * workers that hold the shards, each by this `serve` on its own rows. Requests and answers are plain JSON.
   */
  readonly shard?: ShardServer;
}

/** What an E-step returns: the statistics and the objective at the input state. */
export interface EmStepResult<Stats> {
  /** The expected sufficient statistics under the input state (e.g. a mixture's N_k = Σ_i r_ik, Σ_i r_ik x_i), what `mStep` reads. */
  readonly stats: Stats;
  /** The objective at the input state, higher is better (for mixtures: mean log-likelihood per sample). */
  readonly objective: number;
}

declare module '../model-terms.js' {
  interface ModelTerms<S> {
    /** The terms of `inference/em`, for a model with an E-step of expected sufficient statistics and a closed-form M-step. */
    readonly em?: EmTerms<S, any, any>;
  }
}
