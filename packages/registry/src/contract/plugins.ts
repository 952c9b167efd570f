import type { Dataset, DenseDataset, JsonValue, RowSource } from '@latentkit/core';
import type { ParamSpecs } from '../params.js';
import type { SavedStateReader } from '../saved-state.js';
import type { DataRequirements } from './data-requirements.js';
import type { CheckpointOptions, FitOptions, FitResult } from './fit-options.js';
import type { FitInfo, Fitted, LatentMatrix } from './fitted.js';
import type { ModelInstance } from './model-instance.js';
import type { TermsName } from './model-terms.js';
import type { PluginKind, PluginMeta } from './plugin-meta.js';
import type { SavedModel } from './saved-model.js';
import type { EstimatorInstance, LatentKind } from './terms/estimator.js';

/**
 * What every plugin has, in the style of ESLint rules: `meta` (identity, description, docs), `params` (a schema per
 * option, from `int`, `real`, `oneOf`, …) and `defaults`, validated once by the registry.
 */
export interface PluginShape<K extends PluginKind, P> {
  /**
   * Which of the five kinds of plugin this is (`'model'`, `'inference'`, `'metric'`, `'dataset'`, `'estimator'`); the
   * registry dispatches on it.
   */
  readonly kind: K;
  /** Identity (`namespace`/`id`, npm name and version, contract `apiVersion`) and one-line description. */
  readonly meta: PluginMeta;
  /** A JSON-Schema-compatible spec per option (built with `int`, `real`, `oneOf`, …), against which the registry validates user values. */
  readonly params: ParamSpecs<P>;
  /** The value of every option the user leaves out; the registry fills them before validating (no `default` inside `params`). */
  readonly defaults: P;
}

/** What a model plugin's `restore` gets when the registry loads a saved model: every part already checked. */
export interface RestoreInput<P> {
  /** Hyperparameters, validated against the plugin's `params`. */
  readonly params: P;
  /** The plugin's saved state, unchecked: check it with `reader` (each check throws a one-line error). */
  readonly state: unknown;
  /** The fit's bookkeeping read from the file (engine, seed, trace, data shape, provenance): pass it to the fitted model. */
  readonly info: FitInfo;
  /** Checks for `state` (finite numbers, probabilities, SPD matrices…), each throwing `<key> model file: <what>`. */
  readonly reader: SavedStateReader;
}

/** A model plugin: a plain object, exported by its package (see ARCHITECTURE.md). Importing it registers nothing. */
export interface ModelPlugin<P extends object = any, S = any> extends PluginShape<'model', P> {
  /** The data the model accepts (dense or counts, non-negative, integer, missing values, groups), checked before fitting. */
  readonly data: DataRequirements;
  /** Registry keys of the inference engines that can fit it, preferred first. */
  readonly supports: readonly string[];
  /**
   * Fill hyperparameters whose defaults depend on the data (e.g. a penalty that scales with N). Called at fit time on
   * the validated parameters; the result is validated again and recorded in the fitted model's `params`.
   */
  resolveParams?(params: P, data: Dataset): P;
  /** Lazy factory: validated hyperparameters in, model instance out. */
  create(params: P): ModelInstance<P, S>;
  /** Rebuild a fitted model from a saved file's checked parts (plugin API 2). */
  restore?(saved: RestoreInput<P>): Fitted<P>;
  /** @deprecated API 1: rebuild a fitted model from the whole saved JSON; API 2 plugins implement `restore`. */
  load?(saved: SavedModel): Fitted<P>;
}

/** Options an engine receives, with defaults filled and parameters resolved. */
export interface EngineOptions<E = Record<string, unknown>> extends Omit<FitOptions, 'engineParams'> {
  /** The fit's seed ({@link FitOptions.seed}), default 0 filled in. */
  readonly seed: number;
  readonly maxIter: number;
  /** Convergence threshold: a run stops when |objective change| in one iteration is below it (≤ 0: never; then `fixedIterations`). */
  readonly tol: number;
  /**
   * The engine's parameters: its defaults, then the model's `engineDefaults`, then the caller's, validated by the
   * registry. Absent only when an engine's `fit` is called directly (tests): then its `defaults` apply.
   */
  readonly engineParams?: E;
  /**
   * The estimator plugins of the registry the model was created from (`Model.fit` passes them). `inference/vi`
   * resolves its `estimator` parameter among them first, then among its built-in estimators.
   */
  readonly estimators?: readonly EstimatorPlugin[];
  /** Start from this state instead of the terms' `init` (one run, no restarts): `registry.continueFit`. */
  readonly initialState?: unknown;
  /** Where the engine hands its checkpoints (`FitOptions.checkpoint`); the registry writes the file. */
  readonly checkpointer?: Checkpointer;
  /** The engine's part of the checkpoint to resume from (`FitOptions.resumeFrom`), as its checkpointer received it. */
  readonly resume?: JsonValue;
}

/**
 * What an engine that declares `checkpoints` gets from the registry with `FitOptions.checkpoint`: the schedule, and
 * `write`, which records the engine's part (JSON) in the checkpoint file atomically beside the fit's identity (model,
 * hyperparameters, engine parameters, seed, data hash).
 */
export interface Checkpointer extends Pick<CheckpointOptions, 'everyIterations' | 'everyMinutes'> {
  /** Write `body` (the engine's part, e.g. core's `encodeTree` of its state) to the checkpoint file, atomically. */
  write(body: JsonValue): Promise<void>;
}

/** An inference plugin: fits any model that exposes the terms it `requires`. */
export interface InferencePlugin<E extends object = any> extends Omit<PluginShape<'inference', E>, 'params'> {
  /** Specs of its parameters; `maxIter` and `tol` may be left out (the registry declares them for every engine). */
  readonly params: Partial<ParamSpecs<E>>;
  /** Keys of `ModelTerms` the model must provide. */
  readonly requires: readonly TermsName[];
  /** Defaults of every parameter, including `maxIter` and `tol` which every engine has. */
  readonly defaults: E & {
    /** Default iteration budget of one run (an integer ≥ 1). */
    readonly maxIter: number;
    /** Default convergence threshold on the change of the objective in one iteration (≤ 0: run all `maxIter`). */
    readonly tol: number;
  };
  /** Fill engine parameters whose defaults depend on the data; the result is validated again and saved. */
  resolveParams?(params: E, data: Dataset): E;
  /** Whether `fit` honours `initialState`, so that `registry.continueFit` can resume a fitted model. */
  readonly continues?: boolean;
  /** Whether `fit` writes checkpoints through `checkpointer` and resumes from `resume` (`FitOptions.checkpoint`, `resumeFrom`). */
  readonly checkpoints?: boolean;
  /** Fit `model` to `data` with these engine options; the registry calls it from `Model.fit`. */
  fit<P, S>(model: ModelInstance<P, S>, data: Dataset, options: EngineOptions<E>): Promise<FitResult<S>>;
  /**
   * Fit `model` to rows streamed from `source` (optional; `Model.fitStream`), for models whose terms of this engine
   * declare `stream`. The data is never held whole; the result is the in-memory fit's from the same start.
   */
  fitStream?<P, S>(model: ModelInstance<P, S>, source: RowSource, options: EngineOptions<E>): Promise<FitResult<S>>;
}

/** Result of a metric: the value plus its named parts and the settings used. */
export interface MetricResult {
  /** The metric's value, one number (e.g. MCC in [0, 1]); each metric's docs give its range and which way is better. */
  readonly value: number;
  /** Named numbers behind the value, e.g. MCC's correlation per true factor (`corr:<factor>`) or support recovery's `hamming`. */
  readonly parts?: Readonly<Record<string, number>>;
  /** The parameters the value was computed with, defaults filled and derived settings added, so that it can be reproduced. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** A metric plugin (`metrics/<id>`). */
export interface MetricPlugin<P extends object = any> extends PluginShape<'metric', P> {
  /** `truth` and `pred` are row-aligned matrices (e.g. true factors and estimated latents). */
  compute(inputs: { readonly truth: LatentMatrix | DenseDataset; readonly pred: LatentMatrix | DenseDataset }, params: P): MetricResult;
}

/**
 * A dataset plugin (`datasets/<id>`): a bundled file, an npm-provided corpus, or a seeded generator. Its options are
 * declared in `params`/`defaults` (options without a default, such as a column subset, are left out of `defaults`);
 * the CLI takes them as `--data name=value` and lists them with `latentkit list <key>`.
 */
export interface DatasetPlugin<O = any> {
  /** Always `'dataset'`. */
  readonly kind: 'dataset';
  /** Identity (`namespace`/`id`, npm name and version, contract `apiVersion`) and one-line description. */
  readonly meta: PluginMeta;
  /** A JSON-Schema-compatible spec per load option (e.g. a generator's `n` and `seed`), validated by the registry; none when it takes no options. */
  readonly params?: Partial<ParamSpecs<O>>;
  /** The value of each option the user leaves out; options without a default are left out. */
  readonly defaults?: Partial<O>;
  /** @deprecated API 1: use `meta.description`. */
  readonly description?: string;
  /** The data's licence, one line (e.g. `CC BY 4.0`), shown by `latentkit list`. */
  readonly license?: string;
  /** Where the data comes from (citation or URL). */
  readonly source?: string;
  /** Load the data; `options` are validated against `params` by the registry before the apps call it. */
  load(options?: O): Promise<Dataset>;
}

/**
 * A gradient estimator plugin (`estimators/<id>`): a factory of {@link EstimatorInstance}s that `inference/vi` looks
 * up by its `estimator` parameter, in the registry the model was created from and then among its built-ins. Before
 * fitting, the engine checks `supports` against the model's `ViTerms.latents` and `minParticles` against its
 * particles per row, so `create` only sees combinations it declared.
 *
 * The estimate it gives for a latent site is the gradient of `surrogate(f)` (see `EstimatorSample`); `unbiased`
 * declares E[∇ surrogate(f)] = ∇_φ E_{q_φ}[f], which the conformance kit (`checkEstimatorPlugin`) tests by Monte Carlo.
 */
export interface EstimatorPlugin<O extends object = any> extends PluginShape<'estimator', O> {
  /** @deprecated API 1: use `meta.description`. */
  readonly description?: string;
  /** Latent types it can sample: exactly the sampling methods its instances have. */
  readonly supports: readonly LatentKind[];
  /** Whether its samples carry pathwise gradients (the instances' `pathwise`). */
  readonly pathwise: boolean;
  /** Whether its expected gradient equals ∇E_q[f] (straight-through and Gumbel-softmax are biased). */
  readonly unbiased: boolean;
  /** Fewest particles per row it works with (2 for leave-one-out). */
  readonly minParticles: number;
  /** A fresh instance for one fit, with its parameters validated against `params` and `defaults` filled in. */
  create(params?: O): EstimatorInstance;
}

/** Any plugin. */
export type Plugin = ModelPlugin | InferencePlugin | MetricPlugin | DatasetPlugin | EstimatorPlugin;

/**
 * Typed registry keys by declaration merging: a model package adds
 * `declare module '@latentkit/registry' { interface ModelRegistry { 'mixture/gmm': GmmParams } }`
 * so that `registry.create('mixture/gmm', { nComponents: 3 })` type-checks.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModelRegistry {}
