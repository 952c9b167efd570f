import type { Dataset, DenseDataset, Rng } from '@latentkit/core';
import type { ParamSpecs } from './params.js';

/** Version of the plugin contract. A plugin built for another version is rejected with a message to upgrade. */
export const API_VERSION = 1;

/** The four kinds of plugin a registry holds. */
export type PluginKind = 'model' | 'inference' | 'metric' | 'dataset';

/** Identity of a plugin; the registry key is `${namespace}/${id}`. */
export interface PluginMeta {
  readonly id: string;
  readonly namespace: string;
  /** npm package name, as in its package.json. */
  readonly name: string;
  /** npm package version, as in its package.json. */
  readonly version: string;
  readonly apiVersion: number;
  readonly description?: string;
}

/** What data a model accepts; checked before fitting, and used to offer compatible models for a file. */
export interface DataRequirements {
  readonly kind: Dataset['kind'];
  readonly nonNegative?: boolean;
  readonly integer?: boolean;
  /** Whether NaN cells (missing values) are handled by the model. */
  readonly allowsMissing?: boolean;
  readonly minRows?: number;
}

// ---------------------------------------------------------------------------------------------
// Fitting
// ---------------------------------------------------------------------------------------------

/** Progress of a running fit, passed to `onStep`. */
export interface StepInfo {
  readonly iteration: number;
  readonly objective: number;
  /** Change of the objective since the previous iteration (NaN on the first). */
  readonly delta: number;
  readonly elapsedMs: number;
  /** 0-based restart index and total restarts when the engine runs several initialisations. */
  readonly restart: number;
  readonly restarts: number;
  readonly maxIter: number;
}

/** One row of a fit's trace. */
export interface TraceEntry {
  readonly iteration: number;
  readonly objective: number;
  readonly restart?: number;
}

/** Options accepted by `Model.fit`. Randomness comes only from `seed`. */
export interface FitOptions {
  /** Registry key of the inference engine (default: the model's first supported engine). */
  readonly engine?: string;
  readonly seed?: number;
  /** Override the model's `maxIter` / `tol` hyperparameters. */
  readonly maxIter?: number;
  readonly tol?: number;
  /** Abort the fit; the last completed iteration's state is kept and returned with `cancelled: true`. */
  readonly signal?: AbortSignal;
  /** Called after every iteration (awaited). */
  readonly onStep?: (info: StepInfo) => void | Promise<void>;
  /** Yield to the event loop every `yieldEvery` ms (default 100), or after every step. */
  readonly yieldEvery?: number | 'step';
}

/** What an inference engine returns: the best state found and how it got there. */
export interface FitResult<S> {
  readonly state: S;
  readonly trace: readonly TraceEntry[];
  readonly iterations: number;
  readonly converged: boolean;
  readonly cancelled: boolean;
  /** Final objective of the chosen run (for EM: mean log-likelihood per sample). */
  readonly objective: number;
  readonly seconds: number;
  readonly engine: string;
  readonly seed: number;
  /** Index of the restart whose state was kept. */
  readonly bestRestart: number;
}

/**
 * The terms an EM engine needs from a model (`inference/em`).
 * `prepare` turns the dataset into tensors once per fit; the engine disposes whatever it returns.
 * `eStep` evaluates the objective at `state` (for mixtures: mean log-likelihood) and returns sufficient statistics;
 * `mStep` maximises given those statistics. Both run inside `tf.tidy`; tensors in the returned state are kept.
 */
export interface EmTerms<S, Prepared = unknown, Stats = unknown> {
  prepare(data: Dataset): Prepared;
  init(prepared: Prepared, rng: Rng): S;
  eStep(state: S, prepared: Prepared): { readonly stats: Stats; readonly objective: number };
  mStep(state: S, stats: Stats, prepared: Prepared): S;
}

/** Terms a model may expose, keyed by the capability an inference engine requires. */
export interface ModelTerms<S> {
  readonly em?: EmTerms<S, any, any>;
}

/**
 * A model with validated hyperparameters and the terms inference needs, as returned by a plugin's `create`.
 * It holds no data and no fitted state.
 */
export interface ModelInstance<P, S = unknown> {
  readonly params: P;
  readonly terms: ModelTerms<S>;
  /** Number of initialisations the engine runs, keeping the best (scikit-learn's `n_init`). */
  readonly restarts?: number;
  /** Default convergence settings from the hyperparameters (`maxIter`, `tol`). */
  readonly maxIter?: number;
  readonly tol?: number;
  /** Wrap an engine result as a fitted model. Takes ownership of the tensors in `result.state`. */
  fitted(result: FitResult<S>, data: Dataset): Fitted<P>;
}

/** A dense matrix of per-row latent summaries (responsibilities, factor scores, topic proportions). */
export interface LatentMatrix {
  readonly nRows: number;
  readonly nCols: number;
  readonly values: Float64Array;
  readonly columns: readonly string[];
}

/** The JSON document a fitted model saves to and loads from, keyed by registry key (never class names). */
export interface SavedModel {
  readonly format: 'latentkit-model';
  readonly formatVersion: 1;
  readonly key: string;
  readonly plugin: { readonly name: string; readonly version: string };
  readonly params: Record<string, unknown>;
  /** Shape of the training data, checked when the model is applied to new data. */
  readonly data: {
    readonly kind: Dataset['kind'];
    readonly nCols: number;
    readonly columns: readonly string[];
    readonly nRows: number;
    readonly source?: string;
  };
  readonly fit: {
    readonly engine: string;
    readonly seed: number;
    readonly iterations: number;
    readonly converged: boolean;
    readonly seconds: number;
    readonly trace: readonly TraceEntry[];
  };
  readonly state: unknown;
}

/** A section of the HTML report: key numbers, tables and Vega-Lite plots, as plain JSON data. */
export interface ReportSection {
  readonly title: string;
  readonly summary: Readonly<Record<string, string | number>>;
  readonly tables?: readonly { readonly title: string; readonly columns: readonly string[]; readonly rows: readonly (readonly (string | number)[])[] }[];
  /** Vega-Lite specifications with inline data. */
  readonly plots: readonly { readonly title: string; readonly spec: Record<string, unknown> }[];
}

/**
 * A fitted model. Learned state lives only here; `fit` never mutates the model.
 * Call `dispose()` to free its tensors.
 */
export interface Fitted<P = Record<string, unknown>> {
  readonly key: string;
  readonly params: P;
  readonly trace: readonly TraceEntry[];
  readonly iterations: number;
  readonly converged: boolean;
  /** Names of the scores `scores()` returns; the first is the primary one that `score()` returns. */
  readonly scoreNames: readonly string[];
  /** Primary score, higher is better (mean log-likelihood per sample, or ELBO). */
  score(data: Dataset): number;
  scores(data: Dataset): Record<string, number>;
  /** Posterior summary per row. */
  transform(data: Dataset): LatentMatrix;
  /** Draw `n` new rows from the fitted model. */
  sample(n: number, seed: number): DenseDataset;
  toJSON(): SavedModel;
  /** Plots and numbers for the HTML report; `data` (usually the training data) adds data-dependent plots. */
  report?(data?: Dataset): ReportSection;
  dispose(): void;
}

// ---------------------------------------------------------------------------------------------
// Plugins
// ---------------------------------------------------------------------------------------------

/** A model plugin: a plain, default-exported object. Importing it registers nothing. */
export interface ModelPlugin<P extends object = any, S = any> {
  readonly kind: 'model';
  readonly meta: PluginMeta;
  readonly params: ParamSpecs<P>;
  readonly defaults: P;
  readonly data: DataRequirements;
  /** Registry keys of the inference engines that can fit it, preferred first. */
  readonly supports: readonly string[];
  /** Lazy factory: validated hyperparameters in, model instance out. */
  create(params: P): ModelInstance<P, S>;
  /** Rebuild a fitted model from its saved JSON (already checked to carry this plugin's key). */
  load(saved: SavedModel): Fitted<P>;
}

/** Options an engine receives, with defaults filled. */
export interface EngineOptions extends FitOptions {
  readonly seed: number;
  readonly maxIter: number;
  readonly tol: number;
}

/** An inference plugin: fits any model that exposes the terms it `requires`. */
export interface InferencePlugin {
  readonly kind: 'inference';
  readonly meta: PluginMeta;
  /** Keys of `ModelTerms` the model must provide. */
  readonly requires: readonly (keyof ModelTerms<unknown>)[];
  readonly defaults: { readonly maxIter: number; readonly tol: number };
  fit<P, S>(model: ModelInstance<P, S>, data: Dataset, options: EngineOptions): Promise<FitResult<S>>;
}

/** Result of a metric: the value plus its named parts and the settings used. */
export interface MetricResult {
  readonly value: number;
  readonly parts?: Readonly<Record<string, number>>;
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** A metric plugin (`metrics/<id>`). */
export interface MetricPlugin<P extends object = any> {
  readonly kind: 'metric';
  readonly meta: PluginMeta;
  readonly params: ParamSpecs<P>;
  readonly defaults: P;
  /** `truth` and `pred` are row-aligned matrices (e.g. true factors and estimated latents). */
  compute(inputs: { readonly truth: LatentMatrix | DenseDataset; readonly pred: LatentMatrix | DenseDataset }, params: P): MetricResult;
}

/** A dataset plugin (`datasets/<id>`): a bundled file, an npm-provided corpus, or a seeded generator. */
export interface DatasetPlugin<O = any> {
  readonly kind: 'dataset';
  readonly meta: PluginMeta;
  readonly description: string;
  readonly license?: string;
  /** Where the data comes from (citation or URL). */
  readonly source?: string;
  load(options?: O): Promise<Dataset>;
}

/** Any plugin. */
export type Plugin = ModelPlugin | InferencePlugin | MetricPlugin | DatasetPlugin;

/** Registry key of a plugin: `${namespace}/${id}`. */
export function pluginKey(p: { meta: Pick<PluginMeta, 'namespace' | 'id'> }): string {
  return `${p.meta.namespace}/${p.meta.id}`;
}

/**
 * Typed registry keys by declaration merging: a model package adds
 * `declare module '@latentkit/registry' { interface ModelRegistry { 'mixture/gmm': GmmParams } }`
 * so that `registry.create('mixture/gmm', { nComponents: 3 })` type-checks.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModelRegistry {}
