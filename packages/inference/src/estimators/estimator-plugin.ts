import { API_VERSION, defineEstimator, type EstimatorInstance, type EstimatorPlugin, type GradientEstimator } from '@latentkit/registry';
import { meta } from '../meta.js';

export { defineEstimator, type EstimatorInstance, type EstimatorPlugin };

/**
 * Declare one of this package's estimator plugins, `estimators/<id>` with this package's name and version.
 * @example
 * ```ts
 * export const reparam = builtinEstimator({ id: 'reparam', description: '…', supports: ['gaussian'], pathwise: true,
 *   unbiased: true, minParticles: 1, create: () => stateless({ key: 'estimators/reparam', pathwise: true, gaussian }) });
 * ```
 */
export function builtinEstimator(
  plugin: Omit<EstimatorPlugin, 'kind' | 'meta' | 'params' | 'defaults'> &
    Partial<Pick<EstimatorPlugin, 'params' | 'defaults'>> & { readonly id: string; readonly description: string },
): EstimatorPlugin {
  const { id, description, ...rest } = plugin;
  return defineEstimator({ meta: { ...meta, id, namespace: 'estimators', apiVersion: API_VERSION, description }, params: {}, defaults: {}, ...rest });
}

/**
 * The registry key `namespace/id` of an estimator plugin (`pluginKey` of `@latentkit/registry`).
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
