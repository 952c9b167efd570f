import type { Dataset, DenseDataset, Rng, RowSource } from '@latentkit/core';
import type { PrepareContext } from '../prepare-context.js';

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
  eStep?(state: S, prepared: Prepared): Promise<{ readonly stats: Stats; readonly objective: number }>;
  /**
   * Sharded EM (optional): when `prepare` is handed a {@link ShardedSource}, its passes are requests answered by the
   * workers that hold the shards, each by this `serve` on its own rows. Requests and answers are plain JSON.
   */
  readonly shard?: EmShardServer;
}

/**
 * What answers the requests of a sharded fit on a worker that holds one shard of the rows (loaded once): plain JSON
 * in, plain JSON out, no code. `previous` is the answer of the shard before this one for a {@link ShardPasses.chain}
 * request (null for the first shard and for {@link ShardPasses.all}). A request that is not well-formed is an error
 * of one line. A long answer should yield to the event loop now and then (return a promise), so that the worker's
 * queue can renew its job's lock.
 */
export interface EmShardServer {
  /** The answer of this shard's `rows` to one request of a pass, given the previous shard's answer in a chain. */
  serve(rows: DenseDataset, request: unknown, previous: unknown): unknown | Promise<unknown>;
}

/**
 * How the passes of a sharded fit reach its shards, in shard order (the order the shards were named in): `all` sends
 * one request to every shard at once and gives their answers in shard order; `chain` sends it to the shards one after
 * the other, each with the answer of the one before (a pass whose float64 sums must run row after row over all rows),
 * and gives the last answer.
 */
export interface ShardPasses {
  readonly shards: readonly string[];
  /** Send `request` to every shard at once; their answers in shard order. */
  all(request: unknown): Promise<unknown[]>;
  /** Send `request` to the shards one after the other, each with the answer of the one before; the last answer. */
  chain(request: unknown): Promise<unknown>;
}

/**
 * A {@link RowSource} whose rows stay on the workers that hold its shards: `blocks()` throws, and a model that fits it
 * reads {@link ShardedSource.passes} through its `EmStreamTerms.shard` terms instead. `nRows` is the sum of the shards'.
 */
export interface ShardedSource extends RowSource {
  readonly passes: ShardPasses;
  /** The provenance's data hash: a hash of the shards' own data hashes in shard order (not that of the concatenated rows). */
  dataHash(): Promise<string>;
}

/** Whether `source` is a {@link ShardedSource}. */
export const isShardedSource = (source: RowSource): source is ShardedSource => 'passes' in source;

/** What an E-step returns: the statistics and the objective at the input state. */
export interface EmStepResult<Stats> {
  readonly stats: Stats;
  readonly objective: number;
}

declare module '../model-terms.js' {
  interface ModelTerms<S> {
    readonly em?: EmTerms<S, any, any>;
  }
}
