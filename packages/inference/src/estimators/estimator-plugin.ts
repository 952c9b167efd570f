import { API_VERSION, type EstimatorOptions, type GradientEstimator, type LatentKind, type PluginMeta } from '@latentkit/registry';
import type * as tf from '@tensorflow/tfjs-core';
import { meta } from '../meta.js';

/**
 * A gradient estimator as the VI engine runs it: the {@link GradientEstimator} models call, plus the lifecycle the
 * engine drives. State that lives across steps (moving averages, a learned baseline's variables) belongs to one
 * instance, created per fit (per restart) and disposed by the engine.
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

/**
 * A gradient estimator plugin (`estimators/<id>`): a plain object, shaped like the registry's plugins (kind, meta),
 * that the VI engine resolves by key from {@link estimatorPlugins}.
 */
export interface EstimatorPlugin {
  readonly kind: 'estimator';
  readonly meta: PluginMeta;
  readonly description: string;
  /** Latent types it can sample. */
  readonly supports: readonly LatentKind[];
  /** Whether its samples carry pathwise gradients. */
  readonly pathwise: boolean;
  /** Whether its expected gradient equals ∇E_q[f] (straight-through and Gumbel-softmax are biased). */
  readonly unbiased: boolean;
  /** Fewest particles per row it works with (2 for leave-one-out). */
  readonly minParticles: number;
  create(options?: EstimatorOptions): EstimatorInstance;
}

/**
 * Declare an estimator plugin under the `estimators` namespace of this package.
 * @example
 * ```ts
 * export const myEstimator = defineEstimator({ id: 'my-estimator', description: '…', supports: ['gaussian'],
 *   pathwise: true, unbiased: true, minParticles: 1, create: () => stateless({ key: 'estimators/my-estimator', pathwise: true, gaussian }) });
 * ```
 */
export function defineEstimator(plugin: Omit<EstimatorPlugin, 'kind' | 'meta'> & { readonly id: string }): EstimatorPlugin {
  const { id, ...rest } = plugin;
  return { kind: 'estimator', meta: { ...meta, id, namespace: 'estimators', apiVersion: API_VERSION, description: rest.description }, ...rest };
}

/**
 * The registry-style key `estimators/<id>` of an estimator plugin.
 * @example
 * ```ts
 * estimatorKey(reparam); // 'estimators/reparam'
 * ```
 */
export const estimatorKey = (p: EstimatorPlugin): string => `${p.meta.namespace}/${p.meta.id}`;

/**
 * An instance without state across steps: the lifecycle methods do nothing.
 * @example
 * ```ts
 * const instance = stateless({ key: 'estimators/reparam', pathwise: true, gaussian: reparamGaussian });
 * ```
 */
export function stateless(estimator: GradientEstimator): EstimatorInstance {
  return { ...estimator, startStep() {}, finishStep() {}, variables: () => [], dispose() {} };
}
