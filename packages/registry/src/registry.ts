import type { Dataset } from '@latentkit/core';
import { MissingValueError, requireCounts, requireFinite } from '@latentkit/core';
import {
  API_VERSION,
  pluginKey,
  type DatasetPlugin,
  type EstimatorPlugin,
  type FitOptions,
  type Fitted,
  type InferencePlugin,
  type LatentKind,
  type MetricPlugin,
  type ModelPlugin,
  type ModelRegistry,
  type Plugin,
  type PluginKind,
  type SavedModel,
} from './contract.js';
import { unmetMissingNeeds } from './missing-values.js';
import type { ParamSpec } from './params.js';
import { validateParams } from './validate-params.js';
import { markFixedIterations } from './fixed-iterations.js';

/** A model with validated hyperparameters, ready to fit. Holds no data and no state. */
export interface Model<P = Record<string, unknown>> {
  readonly key: string;
  readonly params: P;
  readonly plugin: ModelPlugin<any>;
  /** Fit to `data` with an inference engine from the registry; resolves to a new fitted model. */
  fit(data: Dataset, options?: FitOptions): Promise<Fitted<P>>;
}

/** An explicit plugin registry. Create one per app with {@link createRegistry}, or share {@link defaultRegistry}. */
export interface Registry {
  /** Add plugins. Same key and version again: warning, skipped. Same key, other version: error. Frozen after first use. */
  register(...plugins: readonly Plugin[]): Registry;
  has(key: string): boolean;
  get(key: string): Plugin;
  model(key: string): ModelPlugin;
  inference(key: string): InferencePlugin;
  metric(key: string): MetricPlugin;
  dataset(key: string): DatasetPlugin;
  estimator(key: string): EstimatorPlugin;
  /** Registered plugins, optionally of one kind, sorted by key. */
  list(kind?: PluginKind): { key: string; plugin: Plugin }[];
  /** Engines in this registry that can fit the model, in the model's order of preference. */
  compatible(modelKey: string): string[];
  /** Validate hyperparameters (filling defaults) without creating anything. `coerce` parses CLI strings. */
  validate<K extends keyof ModelRegistry & string>(key: K, params?: Partial<ModelRegistry[K]>, opts?: { coerce?: boolean }): ModelRegistry[K];
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
  create(key: string, params?: Record<string, unknown>, opts?: { coerce?: boolean }): Model;
  /** Rebuild a fitted model from its saved JSON, dispatching on its registry key. */
  load(saved: unknown, source?: string): Fitted;
}

/** Options of {@link createRegistry}. */
export interface RegistryOptions {
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
  if (p.kind === 'model') {
    const mp = p as Partial<ModelPlugin>;
    if (!mp.params || typeof mp.params !== 'object') problems.push('params must be an object of parameter specs');
    if (!mp.defaults || typeof mp.defaults !== 'object') problems.push('defaults must be an object');
    if (!mp.data || typeof mp.data !== 'object') problems.push('data (requirements) must be an object');
    if (!Array.isArray(mp.supports) || mp.supports.length === 0) problems.push('supports must list at least one inference engine key');
    if (typeof mp.create !== 'function') problems.push('create must be a function');
    if (typeof mp.load !== 'function') problems.push('load must be a function');
  } else if (p.kind === 'inference') {
    const ip = p as Partial<InferencePlugin>;
    if (!Array.isArray(ip.requires)) problems.push('requires must be an array');
    if (typeof ip.fit !== 'function') problems.push('fit must be a function');
  } else if (p.kind === 'metric') {
    if (typeof (p as MetricPlugin).compute !== 'function') problems.push('compute must be a function');
  } else if (p.kind === 'dataset') {
    problems.push(...datasetProblems(p as Partial<DatasetPlugin>));
  } else if (p.kind === 'estimator') {
    problems.push(...estimatorProblems(p as Partial<EstimatorPlugin>));
  }
  return problems;
}

function datasetProblems(dp: Partial<DatasetPlugin>): string[] {
  const problems: string[] = [];
  if (typeof dp.load !== 'function') problems.push('load must be a function');
  const isObject = (v: unknown): v is object => !!v && typeof v === 'object' && !Array.isArray(v);
  if (dp.params !== undefined && !isObject(dp.params)) problems.push('params must be an object of option specs');
  if (dp.defaults !== undefined && !isObject(dp.defaults)) problems.push('defaults must be an object');
  else if (dp.defaults !== undefined) {
    const unknown = Object.keys(dp.defaults).filter((name) => !isObject(dp.params) || !Object.hasOwn(dp.params, name));
    if (unknown.length) problems.push(`defaults name options without a spec in params: ${unknown.join(', ')}`);
  }
  return problems;
}

function estimatorProblems(ep: Partial<EstimatorPlugin>): string[] {
  const problems: string[] = [];
  if (typeof ep.description !== 'string') problems.push('description must be a string');
  if (!Array.isArray(ep.supports) || ep.supports.length === 0 || !ep.supports.every((l) => LATENT_KINDS.includes(l)))
    problems.push(`supports must list at least one latent type of ${LATENT_KINDS.join(', ')}`);
  for (const f of ['pathwise', 'unbiased'] as const) if (typeof ep[f] !== 'boolean') problems.push(`${f} must be true or false`);
  if (!Number.isInteger(ep.minParticles) || (ep.minParticles as number) < 1) problems.push('minParticles must be an integer >= 1');
  if (typeof ep.create !== 'function') problems.push('create must be a function');
  return problems;
}

/**
 * Check that `data` meets a model's declared requirements; throws a one-line error otherwise. With `params` (the
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
  if (!req.allowsMissing) requireFinite(data, key);
  else if (params) requireMissingNeeds(key, plugin, data, params);
  if (req.integer && req.nonNegative) requireCounts(data);
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
        if (plugin.meta.apiVersion !== API_VERSION) {
          const fix = plugin.meta.apiVersion > API_VERSION ? 'upgrade latentkit' : `upgrade ${plugin.meta.name}`;
          throw new Error(
            `${plugin.meta.name}@${plugin.meta.version} (${key}) was built for plugin API ${plugin.meta.apiVersion}, but this latentkit uses API ${API_VERSION}: ${fix}`,
          );
        }
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
    create(key: string, params: Record<string, unknown> = {}, o: { coerce?: boolean } = {}): Model<any> {
      const plugin = ofKind<ModelPlugin>(key, 'model');
      const validated = registry.validate(key, params, o);
      frozen = true;
      return {
        key,
        params: validated,
        plugin,
        async fit(data, options = {}) {
          const instance = plugin.create(validated);
          const engineKey = options.engine ?? instance.preferredEngine ?? registry.compatible(key)[0];
          if (!engineKey) throw new Error(`${key}: none of its inference engines (${plugin.supports.join(', ')}) is registered`);
          if (!plugin.supports.includes(engineKey)) throw new Error(`${key} cannot be fitted by ${engineKey}; it supports ${plugin.supports.join(', ')}`);
          const engine = ofKind<InferencePlugin>(engineKey, 'inference');
          checkDataRequirements(key, plugin, data, validated);
          const missing = engine.requires.filter((t) => !instance.terms[t]);
          if (missing.length) throw new Error(`${key} does not provide the terms ${engineKey} requires: ${missing.join(', ')}`);
          const result = await engine.fit(instance, data, {
            ...options,
            engine: engineKey,
            seed: options.seed ?? 0,
            maxIter: options.maxIter ?? instance.maxIter ?? engine.defaults.maxIter,
            tol: options.tol ?? instance.tol ?? engine.defaults.tol,
            estimators: registry.list('estimator').map((e) => e.plugin as EstimatorPlugin),
          });
          return markFixedIterations(instance.fitted(result, data) as Fitted<any>, result.fixedIterations);
        },
      };
    },
    load(saved, source = 'model file') {
      const s = saved as Partial<SavedModel> | undefined;
      if (!s || typeof s !== 'object' || s.format !== 'latentkit-model')
        throw new Error(`${source} is not a latentkit model file (no "format": "latentkit-model")`);
      if (s.formatVersion !== 1) throw new Error(`${source} has model format version ${s.formatVersion}; this latentkit reads version 1`);
      const plugin = ofKind<ModelPlugin>(String(s.key), 'model');
      frozen = true;
      return markFixedIterations(plugin.load(s as SavedModel), s.fit?.fixedIterations === true);
    },
  };
  return registry;
}

const GLOBAL_KEY = Symbol.for('@latentkit/registry');

/**
 * The process-wide registry, kept on `globalThis` under `Symbol.for('@latentkit/registry')`
 * so that duplicate installs of this package share one instance.
 */
export const defaultRegistry: Registry = ((globalThis as any)[GLOBAL_KEY] ??= createRegistry());
