import { checkpointIdentity, fileCheckpointer, readCheckpoint } from './checkpoint-file.js';
import type { Dataset, RowSource } from '@latentkit/core';
import { dataHash, defaultThreads, MissingValueError, requireCounts, requireFinite, streamDataHash } from '@latentkit/core';
import {
  API_VERSION,
  isShardedSource,
  OLDEST_API_VERSION,
  pluginKey,
  type DatasetPlugin,
  type EstimatorPlugin,
  type FitOptions,
  type Fitted,
  type InferencePlugin,
  type LatentKind,
  type MetricPlugin,
  type ModelInstance,
  type ModelPlugin,
  type ModelRegistry,
  type Plugin,
  type PluginKind,
} from './contract.js';
import { deprecationNotice } from './deprecation.js';
import { engineParamSpecs, resolveEngineParams } from './engine-params.js';
import { fitInfoFromResult, provenanceOf } from './fit-info.js';
import { shardedFitProblem, streamedShape, streamProblem } from './fit-stream.js';
import { unmetMissingNeeds } from './missing-values.js';
import type { ParamSpec } from './params.js';
import { fitInfoOf, readSavedModel } from './saved-model-io.js';
import { isFittedBase } from './fitted-base.js';
import { savedStateReader } from './saved-state.js';
import { validateParams } from './validate-params.js';
import { markFixedIterations } from './fixed-iterations.js';

/** A model with validated hyperparameters, ready to fit. Holds no data and no state. */
export interface Model<P = Record<string, unknown>> {
  /** Registry key of the model, e.g. `mixture/gmm`. */
  readonly key: string;
  /** The hyperparameters, validated against the plugin's `params`, with its `defaults` filled in. */
  readonly params: P;
  /** The model plugin the registry created it from. */
  readonly plugin: ModelPlugin<any>;
  /** Fit to `data` with an inference engine from the registry; resolves to a new fitted model. */
  fit(data: Dataset, options?: FitOptions): Promise<Fitted<P>>;
  /**
   * Fit to rows streamed from `source` (read pass after pass, never held whole), for models whose engine terms
   * declare `stream` (`EmTerms.stream`); otherwise a one-line error saying why. The fitted model records the rows'
   * shape and `dataHash` as a fit in memory would.
   */
  fitStream(source: RowSource, options?: FitOptions): Promise<Fitted<P>>;
}

/** An explicit plugin registry. Create one per app with {@link createRegistry}, or share {@link defaultRegistry}. */
export interface Registry {
  /** Add plugins. Same key and version again: warning, skipped. Same key, other version: error. Frozen after first use. */
  register(...plugins: readonly Plugin[]): Registry;
  /** Whether a plugin is registered under `key`. */
  has(key: string): boolean;
  /** The plugin registered under `key`; throws a one-line error listing the registered keys when there is none. */
  get(key: string): Plugin;
  /** The model plugin under `key`; throws when there is none or it is another kind. */
  model(key: string): ModelPlugin;
  /** The inference engine under `key`; throws when there is none or it is another kind. */
  inference(key: string): InferencePlugin;
  /** The metric under `key`; throws when there is none or it is another kind. */
  metric(key: string): MetricPlugin;
  /** The dataset plugin under `key`; throws when there is none or it is another kind. */
  dataset(key: string): DatasetPlugin;
  /** The gradient estimator under `key`; throws when there is none or it is another kind. */
  estimator(key: string): EstimatorPlugin;
  /** Registered plugins, optionally of one kind, sorted by key. */
  list(kind?: PluginKind): {
    /** The plugin's registry key, `namespace/id`. */
    key: string;
    /** The registered plugin. */
    plugin: Plugin;
  }[];
  /** Engines in this registry that can fit the model, in the model's order of preference. */
  compatible(modelKey: string): string[];
  /** Validate hyperparameters (filling defaults) without creating anything. `coerce` parses CLI strings. */
  validate<K extends keyof ModelRegistry & string>(key: K, params?: Partial<ModelRegistry[K]>, opts?: { coerce?: boolean }): ModelRegistry[K];
  /** Validate the hyperparameters of a model that is not in `ModelRegistry` (a plugin loaded at run time). */
  validate(key: string, params?: Record<string, unknown>, opts?: { coerce?: boolean }): Record<string, unknown>;
  /**
   * Validate the options of the dataset plugin under `key` against its `params`, as {@link Registry.validate} does for
   * hyperparameters, and fill in its `defaults`. `coerce` parses CLI strings. A plugin without `params` gets `options` back
   * unchecked.
   * @throws ParamError of one line naming the option, e.g. `datasets/sparse-vae-sim: parameter rho=1 is invalid: expected a number > -1 and < 1`.
   */
  validateDatasetOptions(key: string, options?: Record<string, unknown>, opts?: { coerce?: boolean }): Record<string, unknown>;
  /**
   * Create a model; for keys declared in {@link ModelRegistry} the parameters are type-checked. Its `fit` passes
   * the registry's estimator plugins to the engine (`EngineOptions.estimators`).
   */
  create<K extends keyof ModelRegistry & string>(key: K, params?: Partial<ModelRegistry[K]>, opts?: { coerce?: boolean }): Model<ModelRegistry[K]>;
  /** Create a model that is not in `ModelRegistry` (a plugin loaded at run time). */
  create(key: string, params?: Record<string, unknown>, opts?: { coerce?: boolean }): Model;
  /**
   * Check engine parameters given as `name=value` (`--engine-set`) against the engine's `params`, without filling
   * defaults; `coerce` parses CLI strings. Returns the given parameters with their types.
   */
  validateEngineParams(key: string, params: Record<string, unknown>, opts?: { coerce?: boolean }): Record<string, unknown>;
  /** Check gradient-estimator parameters (`--estimator-set`) as {@link Registry.validateEngineParams} does. */
  validateEstimatorParams(key: string, params: Record<string, unknown>, opts?: { coerce?: boolean }): Record<string, unknown>;
  /**
   * Run the fitted model's engine again on `data`, starting from its fitted state (one run, no restarts): more EM
   * iterations on the same data, or one more pass of online variational Bayes over a new batch (`partial_fit`).
   * The engine must declare `continues`; `options.engine` may pick another engine the model supports. Resolves to a
   * new fitted model; `fitted` is unchanged.
   */
  continueFit<P>(fitted: Fitted<P>, data: Dataset, options?: FitOptions): Promise<Fitted<P>>;
  /** Rebuild a fitted model from its saved JSON (any format version up to the current one), dispatching on its key. */
  load(saved: unknown, source?: string): Fitted;
}

/** Options of {@link createRegistry}. */
export interface RegistryOptions {
  /** Where notices go (a re-registered plugin, an API-1 plugin); `console.warn` by default. */
  warn?: (message: string) => void;
}

const KEY_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KINDS: readonly PluginKind[] = ['model', 'inference', 'metric', 'dataset', 'estimator'];
const LATENT_KINDS: readonly LatentKind[] = ['gaussian', 'bernoulli', 'categorical'];
const article = (kind: string): string => (/^[aeiou]/.test(kind) ? 'an' : 'a');

/** Check a plugin object against the contract; returns the problems found (empty when it fits). */
export function contractProblems(plugin: unknown): string[] {
  const p = plugin as Partial<Plugin> | undefined;
  if (!p || typeof p !== 'object') return ['a plugin must be an object'];
  const problems: string[] = [];
  if (!KINDS.includes(p.kind as PluginKind)) problems.push(`kind must be one of ${KINDS.join(', ')}, got ${JSON.stringify(p.kind)}`);
  const m = p.meta as Partial<Plugin['meta']> | undefined;
  if (!m || typeof m !== 'object') return [...problems, 'meta is missing'];
  for (const f of ['id', 'namespace', 'name', 'version'] as const) if (typeof m[f] !== 'string' || !m[f]) problems.push(`meta.${f} must be a non-empty string`);
  if (typeof m.apiVersion !== 'number') problems.push('meta.apiVersion must be a number');
  if (typeof m.id === 'string' && typeof m.namespace === 'string' && !KEY_RE.test(`${m.namespace}/${m.id}`))
    problems.push(`key '${m.namespace}/${m.id}' must be lowercase kebab-case 'namespace/id'`);
  // A plugin for another API version is judged by that version's contract: register names the version instead.
  if (typeof m.apiVersion === 'number' && (m.apiVersion > API_VERSION || m.apiVersion < OLDEST_API_VERSION)) return problems;
  const api2 = typeof m.apiVersion === 'number' && m.apiVersion >= 2;
  if (p.kind === 'model') {
    const mp = p as Partial<ModelPlugin>;
    if (!mp.params || typeof mp.params !== 'object') problems.push('params must be an object of parameter specs');
    if (!mp.defaults || typeof mp.defaults !== 'object') problems.push('defaults must be an object');
    if (!mp.data || typeof mp.data !== 'object') problems.push('data (requirements) must be an object');
    if (!Array.isArray(mp.supports) || mp.supports.length === 0) problems.push('supports must list at least one inference engine key');
    if (typeof mp.create !== 'function') problems.push('create must be a function');
    if (api2 && typeof mp.restore !== 'function') problems.push('restore must be a function (plugin API 2 rebuilds saved models with restore; load is API 1)');
    if (!api2 && typeof mp.load !== 'function') problems.push('load must be a function');
  } else if (p.kind === 'inference') {
    const ip = p as Partial<InferencePlugin>;
    if (!Array.isArray(ip.requires)) problems.push('requires must be an array');
    if (typeof ip.fit !== 'function') problems.push('fit must be a function');
    if (!isObject(ip.defaults)) problems.push('defaults must be an object');
    if (api2) problems.push(...schemaProblems(ip));
  } else if (p.kind === 'metric') {
    if (typeof (p as MetricPlugin).compute !== 'function') problems.push('compute must be a function');
  } else if (p.kind === 'dataset') {
    problems.push(...datasetProblems(p as Partial<DatasetPlugin>));
  } else if (p.kind === 'estimator') {
    problems.push(...estimatorProblems(p as Partial<EstimatorPlugin>, api2));
  }
  return problems;
}

const isObject = (v: unknown): v is object => !!v && typeof v === 'object' && !Array.isArray(v);

/** `params` is an object of specs and every name in `defaults` has one (engines may leave out maxIter and tol). */
function schemaProblems(p: { params?: unknown; defaults?: unknown }): string[] {
  if (!isObject(p.params)) return ['params must be an object of parameter specs'];
  if (!isObject(p.defaults)) return ['defaults must be an object'];
  const unknown = Object.keys(p.defaults).filter((name) => !Object.hasOwn(p.params as object, name) && name !== 'maxIter' && name !== 'tol');
  return unknown.length ? [`defaults name parameters without a spec in params: ${unknown.join(', ')}`] : [];
}

function datasetProblems(dp: Partial<DatasetPlugin>): string[] {
  const problems: string[] = [];
  if (typeof dp.load !== 'function') problems.push('load must be a function');
  if (dp.params !== undefined && !isObject(dp.params)) problems.push('params must be an object of option specs');
  if (dp.defaults !== undefined && !isObject(dp.defaults)) problems.push('defaults must be an object');
  else if (dp.defaults !== undefined) {
    const unknown = Object.keys(dp.defaults).filter((name) => !isObject(dp.params) || !Object.hasOwn(dp.params, name));
    if (unknown.length) problems.push(`defaults name options without a spec in params: ${unknown.join(', ')}`);
  }
  return problems;
}

function estimatorProblems(ep: Partial<EstimatorPlugin>, api2: boolean): string[] {
  const problems: string[] = [];
  if (typeof ep.description !== 'string' && typeof ep.meta?.description !== 'string') problems.push('meta.description must be a string');
  if (api2) problems.push(...schemaProblems(ep));
  if (!Array.isArray(ep.supports) || ep.supports.length === 0 || !ep.supports.every((l) => LATENT_KINDS.includes(l)))
    problems.push(`supports must list at least one latent type of ${LATENT_KINDS.join(', ')}`);
  for (const f of ['pathwise', 'unbiased'] as const) if (typeof ep[f] !== 'boolean') problems.push(`${f} must be true or false`);
  if (!Number.isInteger(ep.minParticles) || (ep.minParticles as number) < 1) problems.push('minParticles must be an integer >= 1');
  if (typeof ep.create !== 'function') problems.push('create must be a function');
  return problems;
}

/**
 * Check that `data` meets a model's declared requirements; throws a one-line error otherwise (a model declaring
 * `groups: true` given data without `groups`: `cvae needs row groups: give --group <column> (…)`). With `params` (the
 * validated hyperparameters of a fit), NaN cells are also rejected when `allowsMissingWith` is not met, e.g.
 * `data.csv:5: column 'b' (2): missing value (NaN), but factor/ppca with method=closed-form does not accept missing values; set method=em to fit them`.
 */
export function checkDataRequirements(key: string, plugin: ModelPlugin, data: Dataset, params?: Readonly<Record<string, unknown>>): void {
  const req = plugin.data;
  const where = data.source ?? 'data';
  if (data.kind !== req.kind)
    throw new Error(
      `${key} needs ${req.kind === 'counts' ? 'a count matrix' : 'a dense numeric matrix'}, but ${where} is ${data.kind === 'counts' ? 'a count matrix' : 'a dense matrix'}`,
    );
  if (req.minRows !== undefined && data.nRows < req.minRows) throw new Error(`${key} needs at least ${req.minRows} rows, but ${where} has ${data.nRows}`);
  if (req.groups) requireGroups(key, data, where);
  if (!req.allowsMissing) requireFinite(data, key);
  else if (params) requireMissingNeeds(key, plugin, data, params);
  if (req.integer && req.nonNegative) requireCounts(data);
}

/** A model with `data.groups` needs the group of each row, with at least 2 distinct values among the rows fitted. */
function requireGroups(key: string, data: Dataset, where: string): void {
  if (!data.groups) throw new Error(`${key} needs row groups: give --group <column> (the column holding each row's group)`);
  const distinct = new Set(data.groups.values);
  if (distinct.size < 2) {
    const found = distinct.size === 0 ? 'no rows' : `only the value '${[...distinct][0]}'`;
    throw new Error(`${key} needs at least 2 row groups, but the group column '${data.groups.name}' of ${where} has ${found}`);
  }
}

function requireMissingNeeds(key: string, plugin: ModelPlugin, data: Dataset, params: Readonly<Record<string, unknown>>): void {
  const unmet = Object.entries(unmetMissingNeeds(plugin, params) ?? {});
  if (unmet.length === 0) return;
  const current = unmet.map(([name]) => `${name}=${String(params[name])}`).join(', ');
  try {
    requireFinite(data, `${key} with ${current}`);
  } catch (e) {
    if (!(e instanceof MissingValueError)) throw e;
    throw e.withReason(`${e.reason}; set ${unmet.map(([name, value]) => `${name}=${value}`).join(', ')} to fit them`);
  }
}

/** Create an empty registry. */
export function createRegistry(opts: RegistryOptions = {}): Registry {
  const warn = opts.warn ?? ((m: string) => console.warn(m));
  const plugins = new Map<string, Plugin>();
  let frozen = false;

  const get = (key: string): Plugin => {
    const p = plugins.get(key);
    if (!p) {
      const known = [...plugins.keys()].sort().join(', ');
      throw new Error(`no plugin '${key}' is registered${known ? `; registered: ${known}` : ''}`);
    }
    return p;
  };
  const ofKind = <T extends Plugin>(key: string, kind: PluginKind): T => {
    const p = get(key);
    if (p.kind !== kind) throw new Error(`'${key}' is ${article(p.kind)} ${p.kind} plugin, not ${article(kind)} ${kind} plugin`);
    return p as T;
  };

  const registry: Registry = {
    register(...list) {
      for (const plugin of list) {
        const problems = contractProblems(plugin);
        const label = (plugin as Plugin)?.meta?.name ?? 'plugin';
        if (problems.length) throw new Error(`${label} does not fit the latentkit plugin contract: ${problems.join('; ')}`);
        const key = pluginKey(plugin);
        if (plugin.meta.apiVersion > API_VERSION || plugin.meta.apiVersion < OLDEST_API_VERSION) {
          const fix = plugin.meta.apiVersion > API_VERSION ? 'upgrade latentkit' : `upgrade ${plugin.meta.name}`;
          throw new Error(
            `${plugin.meta.name}@${plugin.meta.version} (${key}) was built for plugin API ${plugin.meta.apiVersion}, but this latentkit uses API ${API_VERSION}: ${fix}`,
          );
        }
        if (plugin.meta.apiVersion < API_VERSION && !plugins.has(key)) warn(deprecationNotice(plugin));
        if (frozen) throw new Error(`cannot register ${key}: the registry is frozen after its first use (register all plugins before create/fit)`);
        const existing = plugins.get(key);
        if (existing) {
          if (existing.meta.version === plugin.meta.version && existing.meta.name === plugin.meta.name) {
            if (existing !== plugin) warn(`latentkit: ${key} from ${plugin.meta.name}@${plugin.meta.version} is registered twice; keeping the first`);
            continue;
          }
          throw new Error(`plugin key ${key} is claimed by both ${existing.meta.name}@${existing.meta.version} and ${plugin.meta.name}@${plugin.meta.version}`);
        }
        plugins.set(key, plugin);
      }
      return registry;
    },
    has: (key) => plugins.has(key),
    get,
    model: (key) => ofKind<ModelPlugin>(key, 'model'),
    inference: (key) => ofKind<InferencePlugin>(key, 'inference'),
    metric: (key) => ofKind<MetricPlugin>(key, 'metric'),
    dataset: (key) => ofKind<DatasetPlugin>(key, 'dataset'),
    estimator: (key) => ofKind<EstimatorPlugin>(key, 'estimator'),
    list(kind) {
      return [...plugins.entries()]
        .filter(([, p]) => !kind || p.kind === kind)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, plugin]) => ({ key, plugin }));
    },
    compatible(modelKey) {
      const model = ofKind<ModelPlugin>(modelKey, 'model');
      return model.supports.filter((k) => plugins.get(k)?.kind === 'inference');
    },
    validate(key: string, params: Record<string, unknown> = {}, o: { coerce?: boolean } = {}) {
      const plugin = ofKind<ModelPlugin>(key, 'model');
      return validateParams(key, plugin.params, plugin.defaults, params, o) as any;
    },
    validateDatasetOptions(key, options = {}, o = {}) {
      const plugin = ofKind<DatasetPlugin>(key, 'dataset');
      if (!plugin.params) return { ...options };
      return validateParams(key, plugin.params as Record<string, ParamSpec>, plugin.defaults ?? {}, options, o);
    },
    validateEngineParams(key, params, o = {}) {
      return validateParams(key, engineParamSpecs(ofKind<InferencePlugin>(key, 'inference')), {}, params, o);
    },
    validateEstimatorParams(key, params, o = {}) {
      return validateParams(key, ofKind<EstimatorPlugin>(key, 'estimator').params ?? {}, {}, params, o);
    },
    create(key: string, params: Record<string, unknown> = {}, o: { coerce?: boolean } = {}): Model<any> {
      const plugin = ofKind<ModelPlugin>(key, 'model');
      const validated = registry.validate(key, params, o);
      frozen = true;
      return {
        key,
        params: validated,
        plugin,
        async fit(data, options = {}) {
          const resolved = plugin.resolveParams ? registry.validate(key, plugin.resolveParams(validated, data)) : validated;
          const instance = plugin.create(resolved);
          const engineKey = options.engine ?? instance.preferredEngine ?? registry.compatible(key)[0];
          if (!engineKey) throw new Error(`${key}: none of its inference engines (${plugin.supports.join(', ')}) is registered`);
          if (!plugin.supports.includes(engineKey)) throw new Error(`${key} cannot be fitted by ${engineKey}; it supports ${plugin.supports.join(', ')}`);
          const engine = ofKind<InferencePlugin>(engineKey, 'inference');
          checkDataRequirements(key, plugin, data, resolved);
          return runEngine(key, plugin, instance, resolved, engineKey, engine, data, options);
        },
        async fitStream(source, options = {}) {
          const instance = plugin.create(validated);
          const engineKey = options.engine ?? instance.preferredEngine ?? registry.compatible(key)[0];
          if (!engineKey) throw new Error(`${key}: none of its inference engines (${plugin.supports.join(', ')}) is registered`);
          if (!plugin.supports.includes(engineKey)) throw new Error(`${key} cannot be fitted by ${engineKey}; it supports ${plugin.supports.join(', ')}`);
          const engine = ofKind<InferencePlugin>(engineKey, 'inference');
          const problem = streamProblem(key, plugin, instance, engineKey, engine) ?? shardedFitProblem(key, instance, engineKey, engine, source, options);
          if (problem) throw new Error(problem);
          return runEngine(key, plugin, instance, validated, engineKey, engine, streamedShape(source), options, undefined, source);
        },
      };
    },
    async continueFit(fitted, data, options = {}) {
      if (!isFittedBase(fitted))
        throw new Error(`${fitted.key}: this fitted model cannot be continued (it does not keep its state in a FittedBase; plugin API 1)`);
      const { info, state } = fitted;
      const plugin = ofKind<ModelPlugin>(fitted.key, 'model');
      const engineKey = options.engine ?? info.engine;
      if (!plugin.supports.includes(engineKey)) throw new Error(`${fitted.key} cannot be fitted by ${engineKey}; it supports ${plugin.supports.join(', ')}`);
      const engine = ofKind<InferencePlugin>(engineKey, 'inference');
      if (!engine.continues) throw new Error(`${engineKey} cannot continue a fit from a fitted state; fit again with ${fitted.key} instead`);
      checkDataRequirements(fitted.key, plugin, data, fitted.params as Record<string, unknown>);
      const instance = plugin.create(fitted.params);
      const saved = engineKey === info.engine ? (info.engineParams ?? {}) : {};
      const withSaved: ModelInstance<unknown> = {
        ...instance,
        engineDefaults: { ...instance.engineDefaults, [engineKey]: { ...instance.engineDefaults?.[engineKey], ...saved } },
      };
      if (options.resumeFrom !== undefined)
        throw new Error(
          `${fitted.key}: continueFit starts from the fitted state, so it cannot also resume from ${options.resumeFrom}; use Model.fit with resumeFrom`,
        );
      return runEngine(
        fitted.key,
        plugin,
        withSaved,
        fitted.params,
        engineKey,
        engine,
        data,
        { ...options, seed: options.seed ?? info.seed },
        state,
      ) as Promise<Fitted<any>>;
    },
    load(saved, source = 'model file') {
      const s = readSavedModel(saved, source);
      const plugin = ofKind<ModelPlugin>(String(s.key), 'model');
      frozen = true;
      if (plugin.restore) {
        const params = validateParams(`${s.key} model file`, plugin.params, plugin.defaults, s.params);
        return plugin.restore({ params, state: s.state, info: fitInfoOf(s), reader: savedStateReader(s.key) });
      }
      return markFixedIterations(plugin.load!(s), s.fit.fixedIterations === true);
    },
  };

  /** Resolve the engine parameters, run the engine and wrap its result with the fit's info and provenance. */
  async function runEngine(
    key: string,
    plugin: ModelPlugin,
    instance: ModelInstance<any>,
    params: Readonly<Record<string, unknown>>,
    engineKey: string,
    engine: InferencePlugin,
    data: Dataset,
    options: FitOptions,
    initialState?: unknown,
    stream?: RowSource,
  ): Promise<Fitted<any>> {
    const missing = engine.requires.filter((t) => !(instance.terms as Record<string, unknown>)[t]);
    if (missing.length) throw new Error(`${key} does not provide the terms ${engineKey} requires: ${missing.join(', ')}`);
    const engineParams = resolveEngineParams(engineKey, engine, instance, options, data);
    const estimators = registry.list('estimator').map((e) => e.plugin as EstimatorPlugin);
    const seed = options.seed ?? 0;
    const threads = fitThreads(options.threads);
    const { checkpoint, resumeFrom } = options;
    if ((checkpoint || resumeFrom !== undefined) && !engine.checkpoints)
      throw new Error(`${engineKey} cannot write or resume checkpoints; fit without checkpoint and resumeFrom`);
    // A streamed fit's data hash takes one more pass over the file: taken before the fit only when checkpoints ask
    // for it, and then also the provenance's.
    const checkpointing = Boolean(checkpoint) || resumeFrom !== undefined;
    const streamHash = stream && checkpointing ? await sourceHash(stream) : undefined;
    const identity = checkpointing ? checkpointIdentity(key, params, engineKey, engineParams, seed, streamHash ?? dataHash(data)) : undefined;
    const engineOptions = {
      ...options,
      threads,
      engine: engineKey,
      seed,
      maxIter: engineParams.maxIter as number,
      tol: engineParams.tol as number,
      engineParams,
      estimators,
      ...(initialState !== undefined ? { initialState } : {}),
      ...(checkpoint && { checkpointer: fileCheckpointer(checkpoint, identity!) }),
      ...(resumeFrom !== undefined && { resume: await readCheckpoint(resumeFrom, identity!) }),
    };
    const result = stream ? await engine.fitStream!(instance, stream, engineOptions) : await engine.fit(instance, data, engineOptions);
    if (stream) data = streamedShape(stream);
    const estimatorKey = engineParams.estimator;
    const used: Plugin[] = [plugin, engine];
    if (typeof estimatorKey === 'string' && plugins.get(estimatorKey)?.kind === 'estimator') used.push(plugins.get(estimatorKey)!);
    const provenance = { ...provenanceOf(used, data), threads };
    const info = fitInfoFromResult(
      key,
      plugin,
      result,
      data,
      engineParams,
      stream ? { ...provenance, dataHash: streamHash ?? (await sourceHash(stream)) } : provenance,
    );
    const fitted = instance.fitted(result, data, info) as Fitted<any>;
    return isFittedBase(fitted) ? fitted : markFixedIterations(fitted, result.fixedIterations);
  }

  return registry;
}

/** The data hash of a streamed source: one more pass, or for a sharded source the hash of its shards' hashes. */
const sourceHash = (source: RowSource): Promise<string> => (isShardedSource(source) ? source.dataHash() : streamDataHash(source));

/** `FitOptions.threads`, checked, or the machine's available parallelism. */
function fitThreads(threads: number | undefined): number {
  if (threads === undefined) return defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads: expected an integer ≥ 1, got ${threads}`);
  return threads;
}

const GLOBAL_KEY = Symbol.for('@latentkit/registry');

/**
 * The process-wide registry, kept on `globalThis` under `Symbol.for('@latentkit/registry')`
 * so that duplicate installs of this package share one instance.
 */
export const defaultRegistry: Registry = ((globalThis as any)[GLOBAL_KEY] ??= createRegistry());
