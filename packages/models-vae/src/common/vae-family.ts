import type { Rng } from '@latentkit/core';
import type { Dataset, DenseDataset } from '@latentkit/core';
import type { LatentKind, ModelView, ReportSection, ViContext } from '@latentkit/registry';
import type * as tf from '@tensorflow/tfjs-core';
import type { WeightValues, Weights } from '../nn/weights.js';
import type { VaeTrainingParams } from './vae-params.js';
import type { Batch, DataInfo, InputTransform, RowGroupCodes, RowUse, VaeData } from './vae-data.js';
import type { FittedVae } from './vae-fitted.js';
import type { ViObjectives } from '@latentkit/registry';

/** Closed-form (float64) state kept beside the weights, e.g. the Sparse VAE's inclusion probabilities. */
export type ExtraState = Readonly<Record<string, Float64Array | number>>;

/**
 * State of every model of this package: trainable weights (tfjs variables, updated in place by the optimiser),
 * the encoder input transform fixed at fit time, and closed-form extra state.
 */
export interface VaeState {
  /** The networks' trainable weights (encoder, decoder and any family-specific ones), by name. */
  readonly weights: Weights;
  /** The encoder input transform fixed at fit time. */
  readonly input: InputTransform;
  /** Closed-form float64 state updated outside the gradient steps (empty for most families). */
  readonly extra: ExtraState;
  /** The target row groups' names in code order, fixed at fit time (families with row groups; {@link RowGroupCodes}). */
  readonly groups?: readonly string[];
}

/** The training loss and ELBO estimate of one minibatch (means per row). */
export interface BatchObjective {
  /** The surrogate loss to minimise (the negative KL-weighted ELBO plus the family's penalties), mean per row. */
  readonly loss: tf.Scalar;
  /** The ELBO estimate E_q[log p(x | z)] − KL(q(z | x) ‖ p(z)), mean per row, in nats. */
  readonly elbo: tf.Scalar;
}

/**
 * What distinguishes one model of the family: its networks and objective. The shared machinery
 * (`defineVaeModel`) turns it into a plugin with VI terms, a fitted model, JSON save/load and a report.
 * Tensor-returning methods run inside `tf.tidy` of their caller.
 */
export interface VaeFamily<P extends VaeTrainingParams> {
  /** Registry key, e.g. `vae/vae`. */
  readonly key: string;
  /** Human name for reports. */
  readonly title: string;
  /** Latent types the loss samples through the estimator (default Gaussian). */
  latents?(params: P): readonly LatentKind[];
  /** Initial weights (plain arrays) and extra state, drawn from `rng`. */
  init(
    params: P,
    info: DataInfo,
    rng: Rng,
  ): {
    /** Initial values of every weight tensor, by name. */
    readonly weights: WeightValues;
    /** Initial closed-form state (default empty). */
    readonly extra?: ExtraState;
  };
  /** Surrogate loss (to minimise) and ELBO estimate on a minibatch; `nTrain` is the number of training rows. */
  loss(state: VaeState, params: P, batch: Batch, ctx: ViContext, nTrain: number): BatchObjective;
  /** Closed-form updates after each gradient step. */
  afterStep?(state: VaeState, params: P): VaeState;
  /** Per-row ELBO (nats) with one sample per row from `rng` and the analytic KL where there is one. */
  elboRows(state: VaeState, params: P, batch: Batch, rng: Rng): tf.Tensor1D;
  /** log p(x, z_s) − log q(z_s | x) for `samples` draws per row: [samples, rows] (for the IWAE bound). */
  logWeights?(state: VaeState, params: P, batch: Batch, rng: Rng, samples: number): tf.Tensor2D;
  /** Posterior summary per row (posterior means), [rows, latentColumns.length]. */
  encode(state: VaeState, params: P, batch: Batch): tf.Tensor2D;
  /** Names of `encode`'s columns; `state` is the fitted state where the names depend on it (the target groups). */
  latentColumns(params: P, state?: VaeState): string[];
  /** Decoder output (the likelihood's natural parameters) at the posterior mean of each row. */
  reconstruct(state: VaeState, params: P, batch: Batch): tf.Tensor2D;
  /** Decoder output for given latents ([rows, latentDim]; for the hierarchical VAE the bottom layer z₁). */
  decode(state: VaeState, params: P, z: tf.Tensor2D): tf.Tensor2D;
  /** Columns of the decoder's input (default `latentDim`; a categorical code has one per class). */
  decodeWidth?(params: P, state?: VaeState): number;
  /** Decoder output for `n` draws from the prior. */
  generate(state: VaeState, params: P, n: number, rng: Rng): tf.Tensor2D;
  /** Rows per chunk when evaluating all rows (default 1024); lower it when a row's intermediates are large. */
  chunkRows?(params: P, d: number): number;
  /** Defaults for parameters of `inference/vi` that differ from the common mapping of the hyperparameters. */
  viDefaults?(params: P): Readonly<Record<string, unknown>>;
  /** The model's own views (the Sparse VAE's W), after the common ones. */
  views?(state: VaeState, params: P, columns: readonly string[]): ModelView[];
  /**
   * The per-row group codes the family needs (0 for background rows, g ≥ 1 for target group g; the contrastive VAE),
   * read from `ds.groups` and checked for `use` (fitting asks more of it than scoring); null when `use` can do without
   * them. `fitted` is the fitted state's target group names (absent while fitting, or in files saved before they were
   * recorded): new data map their groups by these names. Without this method the model uses no groups.
   */
  rowGroups?(params: P, ds: DenseDataset, use: RowUse, fitted?: readonly string[]): RowGroupCodes | null;
  /** Per-task losses, the constraint value and the ELBO of a minibatch, for the multi-objective schemes of `inference/vi`. */
  objectives?(state: VaeState, params: P, batch: Batch, ctx: ViContext, nTrain: number): ViObjectives;
  /** Variables that only one task uses (by task name); the others are shared. */
  taskVariables?(state: VaeState, params: P): Readonly<Record<string, tf.Variable[]>>;
  /** Names of the scores `extraScores` adds after the common ones. */
  extraScoreNames?(params: P): readonly string[];
  /** Scores besides the common ones (e.g. the ELBO per group), from the same latent draws as `score`. */
  extraScores?(state: VaeState, params: P, data: VaeData, rows: Float64Array): Record<string, number>;
  /** The views of the fitted model, replacing the common ones (they may read the data and the fit trace). */
  fittedViews?(fitted: FittedVae<P>, data?: Dataset): ModelView[];
  /** Extra summary numbers, tables and plots for the report. */
  report?(state: VaeState, params: P, info: { readonly columns: readonly string[] }): Partial<Pick<ReportSection, 'summary' | 'tables' | 'plots'>>;
}

/** Columns of the decoder's input: `decodeWidth` when the family has it, else `latentDim`. */
export function decodeWidthOf<P extends VaeTrainingParams>(family: VaeFamily<P>, params: P, state?: VaeState): number {
  return family.decodeWidth?.(params, state) ?? (params as P & { latentDim: number }).latentDim;
}

/** Names `${prefix}1..${prefix}K`. */
export function latentNames(prefix: string, k: number): string[] {
  return Array.from({ length: k }, (_, i) => `${prefix}${i + 1}`);
}
