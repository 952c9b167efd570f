import type { Dataset, DenseDataset, Rng } from '@latentkit/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { ParamSpecs } from './params.js';

/** Version of the plugin contract. A plugin built for another version is rejected with a message to upgrade. */
export const API_VERSION = 1;

/** The five kinds of plugin a registry holds. */
export type PluginKind = 'model' | 'inference' | 'metric' | 'dataset' | 'estimator';

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
  /**
   * Hyperparameter values that fitting data with NaN cells needs, when `allowsMissing` holds only for some settings
   * (`factor/ppca`: `{ method: 'em' }`). The fitted model scores and transforms rows with NaN cells whatever they are.
   */
  readonly allowsMissingWith?: Readonly<Record<string, string | number | boolean>>;
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
  /**
   * True when the number of iterations was fixed by design, so `converged` (false) says nothing: the engine ran with
   * no stopping rule (`tol` ≤ 0 and no early stopping), e.g. VAE epochs, LDA with `tol = 0`, Gibbs sweeps.
   */
  readonly fixedIterations?: boolean;
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

/**
 * The terms of coordinate-ascent variational inference (`inference/cavi`): `sweep` updates every variational
 * factor once, in the model's order, and returns the ELBO (in the model's documented normalisation, e.g. per
 * sample or per word) evaluated at the input state, so that a non-decreasing sequence checks the updates.
 */
export interface CaviTerms<S, Prepared = unknown> {
  prepare(data: Dataset): Prepared;
  init(prepared: Prepared, rng: Rng): S;
  sweep(state: S, prepared: Prepared): { readonly state: S; readonly objective: number };
}

/**
 * The terms of stochastic (online) variational inference (`inference/online-vi`, Hoffman, Blei & Bach 2010):
 * the engine draws minibatches of rows and calls `update` with the step size ρ_t = (learningOffset + t)^(−learningDecay);
 * after each pass over the data (one iteration) it evaluates `objective` on the whole data.
 */
export interface OnlineViTerms<S, Prepared = unknown> {
  prepare(data: Dataset): Prepared;
  nRows(prepared: Prepared): number;
  init(prepared: Prepared, rng: Rng): S;
  update(state: S, prepared: Prepared, batch: Int32Array, rho: number, rng: Rng): S;
  objective(state: S, prepared: Prepared): number;
}

/**
 * The terms of a Markov chain Monte Carlo engine (`inference/gibbs`): `sweep` resamples every latent variable once
 * and returns a monitoring value (e.g. the log joint per token). The chain is not monotone, so the engine runs
 * `maxIter` sweeps; `burnIn` of the model instance (default 0) marks sweeps the model should not average over.
 */
export interface GibbsTerms<S, Prepared = unknown> {
  prepare(data: Dataset): Prepared;
  init(prepared: Prepared, rng: Rng): S;
  sweep(state: S, prepared: Prepared, rng: Rng): { readonly state: S; readonly objective: number };
}

/** The latent types a {@link GradientEstimator} can sample. */
export type LatentKind = 'gaussian' | 'bernoulli' | 'categorical';

/**
 * A latent sample drawn by a gradient estimator, with the rule that turns a per-sample objective into a surrogate.
 *
 * Shapes: an estimator draws one sample per row of its parameters, so `z` has the parameters' shape (`[n, dims]`,
 * or `[n, ..., K]` one-hot for categoricals). For several particles per data row the model repeats the rows
 * particle-major (all rows for particle 0, then all rows for particle 1, …, as `tf.tile(params, [S, 1])` does), so
 * n = nParticles × rows; multi-sample estimators (`estimators/leave-one-out`) rely on that layout and on
 * `ctx.nParticles`.
 *
 * `surrogate(f)` takes f (one value per sample, `[n]`, to be maximised, depending on `z` and on the model's
 * parameters) and returns an `[n]` tensor whose value equals f and whose gradient is the estimator's estimate of
 * ∇E_q[f]: f itself for reparameterised, relaxed or straight-through samples; for the score function (REINFORCE)
 * f + stopGradient(f − b)·(log q(z) − stopGradient(log q(z))) with a baseline b, whose gradient is
 * ∇f + (f − b)·∇log q(z).
 */
export interface EstimatorSample {
  readonly z: tf.Tensor;
  surrogate(f: tf.Tensor): tf.Tensor;
}

/**
 * A gradient estimator (`estimators/<id>`), chosen by a model's `estimator` hyperparameter and handed to VI terms
 * by the engine in {@link ViContext}, so models never import the inference package. Each method is optional: an
 * estimator that cannot handle a latent type leaves it out; the engine rejects the combination before fitting
 * when the model declares its latent types in {@link ViTerms.latents}.
 * Estimators may keep state across steps (a moving-average or learned baseline); the k-th call within one
 * training step is the k-th latent site, so call the estimator in the same order at every step.
 */
export interface GradientEstimator {
  readonly key: string;
  /** Whether the samples carry pathwise gradients (reparameterisation, relaxations, straight-through). */
  readonly pathwise: boolean;
  /** Diagonal Gaussian latent with mean `loc` and log standard deviation `logScale` ([n, dims]). */
  gaussian?(loc: tf.Tensor, logScale: tf.Tensor, ctx: ViContext): EstimatorSample;
  /** Bernoulli latent with logits ([n, dims]). */
  bernoulli?(logits: tf.Tensor, ctx: ViContext): EstimatorSample;
  /** Categorical latent with logits ([n, ..., categories]); samples are one-hot (or relaxed one-hot). */
  categorical?(logits: tf.Tensor, ctx: ViContext): EstimatorSample;
}

/**
 * A gradient estimator as the VI engine runs it: the {@link GradientEstimator} models call, plus the lifecycle the
 * engine drives. State that lives across steps (moving averages, a learned baseline's variables) belongs to one
 * instance, created by {@link EstimatorPlugin.create} per fit (per restart) and disposed by the engine. Per training
 * step the engine calls `startStep()`, then the model's loss (which calls the sampling methods, site by site), takes
 * the gradient with respect to the model's variables and `variables()`, applies the update, then `finishStep()`.
 */
export interface EstimatorInstance extends GradientEstimator {
  /** Called before each training step's loss: the next estimator call is latent site 0 again. */
  startStep(): void;
  /** Called after the step's update: fold the statistics recorded during the step into the baselines. */
  finishStep(): void;
  /** Variables the estimator trains together with the model's (a learned baseline's network). */
  variables(): tf.Variable[];
  dispose(): void;
}

/** What the VI engine tells the model's terms at each step. */
export interface ViContext {
  readonly rng: Rng;
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
  readonly training: boolean;
}

/**
 * Learning-rate schedule of `inference/vi`, by epoch e = 0, 1, …: constant; `step`: lr·γ^⌊e / stepSize⌋;
 * `exponential`: lr·γ^e (torch's StepLR and ExponentialLR).
 */
export type LearningRateSchedule =
  | { readonly kind: 'constant' }
  | { readonly kind: 'step'; readonly stepSize: number; readonly gamma: number }
  | { readonly kind: 'exponential'; readonly gamma: number };

/** Options of the gradient estimators (ignored by those they do not concern). */
export interface EstimatorOptions {
  /** Baseline of `estimators/score-function` (default `'moving-average'`). */
  readonly baseline?: 'none' | 'moving-average' | 'learned';
  /** Decay d of the moving-average baseline b ← d·b + (1 − d)·mean f (default 0.9). */
  readonly baselineDecay?: number;
  /** Hidden units of the learned baseline network (default 16). */
  readonly baselineHiddenUnits?: number;
}

/** Settings of `inference/vi`, taken from the model's hyperparameters (epochs, batchSize, learningRate, …). */
export interface ViSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer?: 'adam' | 'sgd';
  /** Default constant. */
  readonly learningRateSchedule?: LearningRateSchedule;
  /** Multiplies the KL term (β-VAE); default 1. */
  readonly beta?: number;
  /** Epochs over which the KL weight rises linearly (per minibatch step) from 0 to β; default 0 (no warm-up). */
  readonly klWarmupEpochs?: number;
  readonly nParticles?: number;
  /** Registry key of the gradient estimator; default `estimators/reparam`. */
  readonly estimator?: string;
  readonly estimatorOptions?: EstimatorOptions;
  /**
   * Gumbel-softmax temperature schedule: τ_t = max(min, initial·exp(−rate·t)) with t the step
   * (default initial 1, min 0.5, rate 1e-4, after Jang et al. 2017).
   */
  readonly temperature?: { readonly initial: number; readonly min: number; readonly rate: number };
  /**
   * Fraction of rows held out (seeded) for early stopping on the held-out ELBO (default 0 = off). When on, the
   * objective is the held-out ELBO, training stops after `patience` epochs (default 10) without improvement, and
   * the best epoch's variables are kept.
   */
  readonly validationFraction?: number;
  readonly patience?: number;
}

/**
 * The terms of amortised stochastic variational inference (`inference/vi`).
 * The engine owns minibatching, the optimiser (Adam or SGD), schedules, particles, early stopping and disposal;
 * the model owns the networks and the ELBO.
 */
export interface ViTerms<S, Prepared = unknown> {
  prepare(data: Dataset): Prepared;
  nRows(prepared: Prepared): number;
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
  loss(state: S, prepared: Prepared, batch: Int32Array, ctx: ViContext): { loss: tf.Scalar; elbo: tf.Scalar };
  /** Closed-form updates after each gradient step (e.g. the Sparse VAE's spike-and-slab E- and M-steps). */
  afterStep?(state: S, prepared: Prepared, batch: Int32Array, ctx: ViContext): S;
  /** Mean per-row ELBO on all rows, and the importance-weighted bound with `iwaeSamples` samples when asked. */
  evaluate(state: S, prepared: Prepared, opts: { rng: Rng; iwaeSamples?: number }): { elbo: number; iwae?: number };
}

/** Terms a model may expose, keyed by the capability an inference engine requires. */
export interface ModelTerms<S> {
  readonly em?: EmTerms<S, any, any>;
  readonly cavi?: CaviTerms<S, any>;
  readonly onlineVi?: OnlineViTerms<S, any>;
  readonly gibbs?: GibbsTerms<S, any>;
  readonly vi?: ViTerms<S, any>;
}

/** Minibatch schedule for stochastic engines (scikit-learn LDA's names). */
export interface MinibatchSchedule {
  readonly batchSize: number;
  /** τ₀ ≥ 0: downweights early iterations. */
  readonly learningOffset: number;
  /** κ ∈ (0.5, 1]: forgetting rate. */
  readonly learningDecay: number;
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
  /** Minibatch schedule for `inference/online-vi`. */
  readonly schedule?: MinibatchSchedule;
  /** Settings for `inference/vi`. */
  readonly viSettings?: ViSettings;
  /**
   * Engine to fit with when `FitOptions.engine` is not given, chosen from the hyperparameters (e.g. LDA's
   * `learningMethod: 'online'` → `inference/online-vi`); default: the plugin's first registered supported engine.
   */
  readonly preferredEngine?: string;
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
    /**
     * Where the training data file was, written by the CLI when the data came from a file: its absolute path, and its
     * path relative to the folder of the model file, so that `report` finds it from any working directory.
     */
    readonly file?: { readonly absolute: string; readonly relative: string };
  };
  readonly fit: {
    readonly engine: string;
    readonly seed: number;
    readonly iterations: number;
    readonly converged: boolean;
    /** See {@link FitResult.fixedIterations}; absent in files written before it existed (read as false). */
    readonly fixedIterations?: boolean;
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
  /** True when the iteration count was fixed by design (see {@link FitResult.fixedIterations}); `converged` then says nothing. */
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
  /**
   * The estimator plugins of the registry the model was created from (`Model.fit` passes them). `inference/vi`
   * resolves `viSettings.estimator` among them first, then among its built-in estimators.
   */
  readonly estimators?: readonly EstimatorPlugin[];
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
  /**
   * Specs of the options `load` reads, by option name, built like a model's `params` (`int`, `real`, `oneOf`, …):
   * the registry validates options against them once (`registry.validateDatasetOptions`), the CLI takes them as
   * `--data name=value` and lists them with `latentkit list <key>`. Without `params` a plugin's options go to `load`
   * unchecked.
   */
  readonly params?: Partial<ParamSpecs<O>>;
  /**
   * Values of the options that have one, filled in by the registry when they are not given (options without a
   * default, such as a column subset, are left out). Each name must have a spec in `params`.
   */
  readonly defaults?: Partial<O>;
  /** Load the data; `options` are validated against `params` by the registry before it is called by the CLI. */
  load(options?: O): Promise<Dataset>;
}

/**
 * A gradient estimator plugin (`estimators/<id>`): a factory of {@link EstimatorInstance}s that `inference/vi` looks
 * up by the model's `viSettings.estimator` key, in the registry the model was created from and then among its
 * built-ins. Before fitting, the engine checks `supports` against the model's {@link ViTerms.latents} and
 * `minParticles` against its particles per row, so `create` only sees combinations it declared.
 *
 * The estimate it gives for a latent site is the gradient of `surrogate(f)` (see {@link EstimatorSample}); `unbiased`
 * declares E[∇ surrogate(f)] = ∇_φ E_{q_φ}[f], which the conformance kit (`checkEstimatorPlugin`) tests by Monte Carlo.
 */
export interface EstimatorPlugin {
  readonly kind: 'estimator';
  readonly meta: PluginMeta;
  readonly description: string;
  /** Latent types it can sample: exactly the sampling methods its instances have. */
  readonly supports: readonly LatentKind[];
  /** Whether its samples carry pathwise gradients (the instances' `pathwise`). */
  readonly pathwise: boolean;
  /** Whether its expected gradient equals ∇E_q[f] (straight-through and Gumbel-softmax are biased). */
  readonly unbiased: boolean;
  /** Fewest particles per row it works with (2 for leave-one-out). */
  readonly minParticles: number;
  /** A fresh instance for one fit; options it does not know are ignored. */
  create(options?: EstimatorOptions): EstimatorInstance;
}

/** Any plugin. */
export type Plugin = ModelPlugin | InferencePlugin | MetricPlugin | DatasetPlugin | EstimatorPlugin;

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
