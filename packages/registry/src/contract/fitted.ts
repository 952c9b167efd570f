import type { Dataset, DenseDataset } from '@latentkit/core';
import type { TraceEntry } from './fit-options.js';
import type { ReportSection } from './report.js';
import type { Provenance, SavedData, SavedModel } from './saved-model.js';
import type { ModelView } from './views.js';

/** Options of {@link Fitted.transform}. */
export interface TransformOptions {
  /** Which latent layer to summarise, 1 (nearest the data, the default) to {@link Fitted.latentLayers}. */
  readonly layer?: number;
}

/** A dense matrix of per-row latent summaries (responsibilities, factor scores, topic proportions). */
export interface LatentMatrix {
  readonly nRows: number;
  readonly nCols: number;
  readonly values: Float64Array;
  readonly columns: readonly string[];
}

/**
 * The bookkeeping of one fit, recorded by the registry and owned by {@link FittedBase}: what the saved model's
 * envelope holds apart from the hyperparameters and the plugin's state.
 */
export interface FitInfo {
  readonly key: string;
  readonly plugin: { readonly name: string; readonly version: string };
  readonly engine: string;
  readonly seed: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly fixedIterations: boolean;
  readonly seconds: number;
  readonly trace: readonly TraceEntry[];
  readonly data: SavedData;
  /** The engine parameters the fit ran with (absent for files of format 1). */
  readonly engineParams?: Readonly<Record<string, unknown>>;
  /** The gradient estimator's parameters, when the engine uses one. */
  readonly estimatorParams?: Readonly<Record<string, unknown>>;
  /** Absent for files of format 1. */
  readonly provenance?: Provenance;
  /** See {@link Fitted.notices}. */
  readonly notices?: readonly string[];
}

/**
 * A fitted model. Learned state lives only here; `fit` never mutates the model. Call `dispose()` to free its tensors.
 *
 * Besides the members every fitted model has, a model declares what else it can do by implementing the optional
 * capabilities below; the apps use exactly those (no guessing from hyperparameter names or saved state).
 */
export interface Fitted<P = Record<string, unknown>> {
  readonly key: string;
  readonly params: P;
  readonly trace: readonly TraceEntry[];
  readonly iterations: number;
  readonly converged: boolean;
  /** True when the iteration count was fixed by design (see `FitResult.fixedIterations`); `converged` then says nothing. */
  readonly fixedIterations?: boolean;
  /** Names of the scores `scores()` returns; the first is the primary one that `score()` returns. */
  readonly scoreNames: readonly string[];
  /**
   * One-line notes on what the fit did to the data that a user should know (e.g. a constant column left unscaled);
   * the CLI prints each on stderr. Absent or empty when there is nothing to say.
   */
  readonly notices?: readonly string[];
  /** Primary score, higher is better (mean log-likelihood per sample, or ELBO). */
  score(data: Dataset): number;
  /** Every score the model computes on `data`, by name (`score` among them). */
  scores(data: Dataset): Record<string, number>;
  /**
   * Posterior summary per row: `latentDim` columns (of layer `options.layer` for a model with several latent
   * layers, see {@link Fitted.latentLayers}).
   */
  transform(data: Dataset, options?: TransformOptions): LatentMatrix;
  /** Draw `n` new rows from the fitted model. */
  sample(n: number, seed: number): DenseDataset;
  /** The saved model (format 2: parameters, state, fit info and provenance), which `registry.load` reads back. */
  toJSON(): SavedModel;
  /** Plots and numbers for the HTML report; `data` (usually the training data) adds data-dependent plots. */
  report?(data?: Dataset): ReportSection;
  /** Release the tensors the fitted model holds. */
  dispose(): void;

  // -- Declared capabilities -------------------------------------------------------------------------------------
  /** Number of latent columns `transform` returns (components, factors, topics, latent dimensions). */
  readonly latentDim?: number;
  /** Number of free parameters p, as used by {@link Fitted.bic} and {@link Fitted.aic}. */
  readonly nParameters?: number;
  /** Bayesian information criterion −2 log L + p log N on `data` (lower is better). */
  bic?(data: Dataset): number;
  /** Akaike information criterion −2 log L + 2p on `data` (lower is better). */
  aic?(data: Dataset): number;
  /**
   * Further information criteria by name (lower is better), e.g. `{ ebic }` of a Deep Discrete Encoder; `select
   * --criterion <name>` ranks fits by any of them (or by `bic`/`aic`).
   */
  criteria?(data: Dataset): Readonly<Record<string, number>>;
  /** Number of latent layers `transform` can summarise (`options.layer` from 1, nearest the data, to this); 1 if absent. */
  readonly latentLayers?: number;
  /** The primary score of each row (log p(x_i), or its ELBO); `score` is their mean. */
  scoreSamples?(data: Dataset): Float64Array;
  /** A hard assignment per row (the most probable component or cluster, 0-based). */
  predict?(data: Dataset): Int32Array;
  /** Map latent values (`latentDim` columns, as `transform` returns them) back to data space: the decoder mean. */
  decode?(latents: LatentMatrix): DenseDataset;
  /** Typed pictures of the fitted model for the HTML report and the VS Code preview; `data` adds data-dependent views. */
  views?(data?: Dataset): readonly ModelView[];
}
