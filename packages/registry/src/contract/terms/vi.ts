import type { Dataset, KernelModule, Rng, RowSource } from '@latentkit/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { GradientEstimator, LatentKind } from './estimator.js';

/** What the VI engine tells the model's terms at each step. */
export interface ViContext {
  /** This step's random generator: the latent samples and any other draw of the step come from it, and only from it. */
  readonly rng: Rng;
  /** The gradient estimator the latent samples are drawn through (`gaussian`, `bernoulli`, `categorical`), one call per latent site. */
  readonly estimator: GradientEstimator;
  /** Weight of the KL term at this step (β times the warm-up factor). */
  readonly klWeight: number;
  /** Number of latent samples per row (particles). */
  readonly nParticles: number;
  /** Gumbel-softmax / Concrete temperature at this step (annealed by the engine). */
  readonly temperature: number;
  /** Minibatch steps taken before this one, over all epochs (0-based). */
  readonly step: number;
  /** Epoch of this step (0-based). */
  readonly epoch: number;
  /** Whether the call is part of a training step (the engine's steps pass true); a model may use it to switch training-only behaviour. */
  readonly training: boolean;
}

/**
 * Several objectives of one minibatch, for the multi-objective (`training: 'mgda'`) and constrained
 * (`training: 'constrained'`) schemes of `inference/vi`.
 * Each task's `loss` is a surrogate to minimise: the mean over that task's rows in the batch (for a contrastive VAE
 * the tasks are 'background' and 'target', each −ELBO of its rows with the KL weighted by `ctx.klWeight`).
 * `constraint` is a value R (a mean) that the constrained scheme keeps at most its bound ε; `elbo` is the ELBO
 * estimate of the whole batch (mean per row, nats, KL weight 1).
 */
export interface ViObjectives {
  /** One entry per task, in a fixed order (the same at every step). */
  readonly tasks: readonly {
    /** The task's name, e.g. `background` or `target`; keys of `ViTerms.taskVariables`. */
    readonly name: string;
    /** The task's surrogate loss to minimise: the mean over its rows of the batch. */
    readonly loss: tf.Scalar;
  }[];
  /** The constrained quantity R of this batch (a mean), kept ≤ the bound ε by `training: 'constrained'`; absent otherwise. */
  readonly constraint?: tf.Scalar;
  /** The ELBO estimate of the whole batch: mean per row, nats, KL weight 1. */
  readonly elbo: tf.Scalar;
}

/**
 * The terms of amortised stochastic variational inference (`inference/vi`).
 * The engine owns minibatching, the optimiser (Adam or SGD), schedules, particles, early stopping and disposal;
 * the model owns the networks and the ELBO.
 */
export interface ViTerms<S, Prepared = unknown> {
  /** Everything the iterations read from the data, computed once per fit (tensors, sufficient statistics, sizes). */
  prepare(data: Dataset): Prepared;
  /** Number of rows minibatches are drawn from. */
  nRows(prepared: Prepared): number;
  /** The starting state, drawn with `rng`. */
  init(prepared: Prepared, rng: Rng): S;
  /** Trainable variables (updated in place by the optimiser). */
  variables(state: S): tf.Variable[];
  /** The latent types `loss` samples through `ctx.estimator`, so that the engine can reject an estimator up front. */
  readonly latents?: readonly LatentKind[];
  /**
   * For the rows `batch`: a scalar surrogate loss to minimise (mean over rows; its gradient is the estimator's
   * gradient of −ELBO, with the KL term weighted by `ctx.klWeight`) and the ELBO estimate (mean per row, nats,
   * KL weight 1). Runs inside the optimiser's tape.
   */
  loss(
    state: S,
    prepared: Prepared,
    batch: Int32Array,
    ctx: ViContext,
  ): {
    /** The surrogate loss to minimise: mean over the batch rows, its gradient the estimate of ∇(−ELBO) (KL weighted by `ctx.klWeight`). */
    loss: tf.Scalar;
    /** The ELBO estimate of the batch: mean per row, nats, KL weight 1. */
    elbo: tf.Scalar;
  };
  /**
   * For the rows `batch`: the per-task losses, the optional constraint and the ELBO ({@link ViObjectives}). The engine
   * calls it instead of `loss` when its `training` parameter is 'mgda' or 'constrained'. Runs inside a gradient tape;
   * with 'mgda' it runs once per task per step with the same random numbers (`ctx.rng` seeded alike), and only that
   * task's loss is differentiated.
   */
  objectives?(state: S, prepared: Prepared, batch: Int32Array, ctx: ViContext): ViObjectives;
  /**
   * Variables used by one task only, keyed by task name (the names of {@link ViObjectives.tasks}); the other
   * variables of `variables(state)` are shared by every task. MGDA combines the tasks' gradients only on the shared
   * ones.
   */
  taskVariables?(state: S): Readonly<Record<string, tf.Variable[]>>;
  /** Closed-form updates after each gradient step (e.g. the Sparse VAE's spike-and-slab E- and M-steps). */
  afterStep?(state: S, prepared: Prepared, batch: Int32Array, ctx: ViContext): S;
  /** Mean per-row ELBO on all rows, and the importance-weighted bound with `iwaeSamples` samples when asked. */
  evaluate(
    state: S,
    prepared: Prepared,
    opts: { rng: Rng; iwaeSamples?: number },
  ): {
    /** Mean ELBO per row over all rows of `prepared`, nats. */
    elbo: number;
    /** The importance-weighted bound (IWAE) per row with `opts.iwaeSamples` samples, ≥ the ELBO in expectation; only when asked. */
    iwae?: number;
  };
  /**
   * Streamed VI (optional): how to train on rows read pass after pass from a {@link RowSource} that is never held in
   * memory (`Model.fitStream`, CLI `fit --stream`); the other terms are shared with the in-memory fit.
   */
  readonly stream?: ViStreamTerms<Prepared>;
  /**
   * Gradients on worker threads (optional): how a worker of `inference/vi`'s block pool builds these terms again and
   * which rows it is sent, so that a minibatch's fixed sub-blocks take their gradients on several threads.
   */
  readonly threads?: ViThreadTerms<Prepared>;
}

/**
 * What `inference/vi` needs to take a minibatch's gradient on worker threads. The engine sends each thread the
 * module's id and URL, `args`, the current weights (Float32Arrays, in `variables` order) and the minibatch's rows
 * (`rows`); the thread calls the module's export `viTerms(args)` (a function returning these terms, or a promise of
 * them), makes a state with `init` on those rows, sets its variables to the weights, and takes the gradient of `loss`
 * on each of its sub-blocks. A model whose `afterStep` changes state that is not a variable gives no `threads`.
 */
export interface ViThreadTerms<Prepared = unknown> {
  /** The module with `viTerms(args)`, found by id in a bundled worker entry or imported by URL. */
  readonly module: KernelModule;
  /** Plain data (structured-cloneable) from which `viTerms` builds the terms again, e.g. the model's key and hyperparameters. */
  readonly args: unknown;
  /**
   * The rows `batch` of `prepared` as plain data (typed arrays, no tensors), prepared as `prepare` prepared them for a
   * fit of all of `prepared`'s rows: `loss` on rows 0..b−1 of the result equals `loss` on `batch` of `prepared`.
   */
  rows(prepared: Prepared, batch: Int32Array): Prepared;
}

/**
 * The streamed terms of a VI model. The engine reads the file once per epoch through a seeded shuffle buffer and
 * hands each minibatch's rows to `batch`; `loss` then reads that minibatch's rows 0..b−1.
 */
export interface ViStreamTerms<Prepared = unknown> {
  /**
   * Read the source in the passes the model needs for what `init` and every minibatch read (e.g. column means and
   * standard deviations, the row count): the same as `prepare` of the whole data would give, without the rows.
   * `nRows` of the result is the number of training rows.
   */
  prepare(source: RowSource): Promise<Prepared>;
  /**
   * One minibatch: `nRows` rows (row-major float64, `values`; the file line of each in `lines` for messages) prepared
   * as `prepare` prepares data, against the summaries of `prepared` (from {@link ViStreamTerms.prepare}). Holds no tensors.
   */
  batch(prepared: Prepared, rows: { readonly values: Float64Array; readonly nRows: number; readonly lines?: Int32Array }): Prepared;
}

declare module '../model-terms.js' {
  interface ModelTerms<S> {
    /** The terms of `inference/vi`, for a model trained by stochastic gradients of its ELBO (VAEs and their variants). */
    readonly vi?: ViTerms<S, any>;
  }
}
