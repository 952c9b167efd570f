import type { DatasetPlugin, InferencePlugin, MetricPlugin, ModelPlugin } from './contract.js';

type WithoutKind<T> = Omit<T, 'kind'>;

/**
 * Declare a model plugin. Returns a plain object; nothing is registered.
 * @example
 * ```ts
 * export default defineModel({ meta, params: { nComponents: int({ min: 1 }) }, defaults: { nComponents: 1 },
 *   data: { kind: 'dense' }, supports: ['inference/em'], create: (p) => new GmmInstance(p), load: loadGmm });
 * ```
 */
export function defineModel<P extends object, S>(plugin: WithoutKind<ModelPlugin<P, S>>): ModelPlugin<P, S> {
  return { kind: 'model', ...plugin };
}

/** Declare an inference-engine plugin. */
export function defineInference(plugin: WithoutKind<InferencePlugin>): InferencePlugin {
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
