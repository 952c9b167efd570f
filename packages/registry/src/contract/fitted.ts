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
  /** Number of rows: one per data row, in the data's order. */
  readonly nRows: number;
  /** Number of latent columns (`Fitted.latentDim` of the summarised layer). */
  readonly nCols: number;
  /** The summaries, `nRows × nCols`, row-major: row i's value for latent column j is `values[i * nCols + j]`. */
  readonly values: Float64Array;
  /** Name of each latent column (length `nCols`), e.g. `factor1` or `topic3`. */
  readonly columns: readonly string[];
}

/**
 * The bookkeeping of one fit, recorded by the registry and owned by {@link FittedBase}: what the saved model's
 * envelope holds apart from the hyperparameters and the plugin's state.
 */
export interface FitInfo {
  /** Registry key of the fitted model, e.g. `mixture/gmm`. */
  readonly key: string;
  /** npm name and version of the package whose model plugin was fitted. */
  readonly plugin: {
    /** The package's npm name, e.g. `@latentkit/models-mixture`. */
    readonly name: string;
    /** The package's version (semver), as in its package.json. */
    readonly version: string;
  };
  /** Registry key of the engine that ran the fit, e.g. `inference/em` ({@link FitResult.engine}). */
  readonly engine: string;
  /** The seed of the fit ({@link FitOptions.seed}); refitting with it gives the same model. */
  readonly seed: number;
  /** Iterations the kept run completed ({@link FitResult.iterations}). */
  readonly iterations: number;
  /** Whether the kept run met its stopping rule ({@link FitResult.converged}). */
  readonly converged: boolean;
  /** True when the iteration count was fixed by design, so `converged` says nothing ({@link FitResult.fixedIterations}). */
  readonly fixedIterations: boolean;
  /** Wall-clock seconds of the fit, all restarts included. */
  readonly seconds: number;
  /** The objective per iteration of every run ({@link FitResult.trace}). */
  readonly trace: readonly TraceEntry[];
  /** The training data's kind, shape, column names and source, checked against data the model is later applied to. */
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
  /** Registry key of the model that was fitted, e.g. `mixture/gmm`. */
  readonly key: string;
  /** The hyperparameters of the fit, validated, with defaults and data-dependent values filled in. */
  readonly params: P;
  /** The objective per iteration of every run of the fit (see {@link FitResult.trace}). */
  readonly trace: readonly TraceEntry[];
  /** Iterations the kept run completed. */
  readonly iterations: number;
  /** Whether the kept run met its stopping rule (the objective changed by less than `tol`); see `fixedIterations`. */
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
