import type { DatasetPlugin, EstimatorPlugin, InferencePlugin, MetricPlugin, ModelPlugin, Plugin } from './contract.js';

/** A plugin object as written by its author: the `define*` functions add its `kind`. */
export type WithoutKind<T> = Omit<T, 'kind'>;

/**
 * Declare a model plugin. Returns a plain object; nothing is registered.
 * @example
 * ```ts
 * export default defineModel({ meta, params: { nComponents: int({ min: 1 }) }, defaults: { nComponents: 1 },
 *   data: { kind: 'dense' }, supports: ['inference/em'], create: (p) => new GmmInstance(p), restore: restoreGmm });
 * ```
 */
export function defineModel<P extends object, S>(plugin: WithoutKind<ModelPlugin<P, S>>): ModelPlugin<P, S> {
  return { kind: 'model', ...plugin };
}

/** Declare an inference-engine plugin. */
export function defineInference<E extends object = any>(plugin: WithoutKind<InferencePlugin<E>>): InferencePlugin<E> {
  return { kind: 'inference', ...plugin };
}

/** Declare a metric plugin. */
export function defineMetric<P extends object>(plugin: WithoutKind<MetricPlugin<P>>): MetricPlugin<P> {
  return { kind: 'metric', ...plugin };
}

/** Declare a dataset plugin. */
export function defineDataset<O>(plugin: WithoutKind<DatasetPlugin<O>>): DatasetPlugin<O> {
  return { kind: 'dataset', ...plugin };
}

/**
 * Declare a gradient-estimator plugin; after `registry.register(plugin)`, models fitted by `inference/vi` from that
 * registry accept `estimator: '<namespace>/<id>'`.
 * @example
 * ```ts
 * export default defineEstimator({ meta: { ...meta, namespace: 'estimators', id: 'my-reinforce' }, description: 'REINFORCE',
 *   supports: ['bernoulli'], pathwise: false, unbiased: true, minParticles: 1, create: () => new MyReinforce() });
 * ```
 */
export function defineEstimator<O extends object = any>(plugin: WithoutKind<EstimatorPlugin<O>>): EstimatorPlugin<O> {
  return { kind: 'estimator', ...plugin };
}

/** A plugin's one-line description: `meta.description`, or the top-level `description` of API 1 plugins. */
export function pluginDescription(plugin: Plugin): string {
  return plugin.meta.description ?? (plugin as { description?: string }).description ?? '';
}
