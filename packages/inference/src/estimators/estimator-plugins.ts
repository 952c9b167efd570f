import type { EstimatorOptions, LatentKind } from '@latentkit/registry';
import { estimatorKey, type EstimatorInstance, type EstimatorPlugin } from './estimator-plugin.js';
import { gumbelSoftmax } from './gumbel-softmax.js';
import { reparam } from './reparam.js';
import { leaveOneOut, scoreFunction } from './score-function.js';
import { straightThrough } from './straight-through.js';

/** Every gradient estimator of this package, resolved by key (`estimators/<id>`) by `inference/vi`. */
export const estimatorPlugins: readonly EstimatorPlugin[] = [reparam, scoreFunction, leaveOneOut, straightThrough, gumbelSoftmax];

/**
 * The estimator plugin registered under `key`, or a one-line error listing the known keys.
 * @example
 * ```ts
 * estimatorPlugin('estimators/score-function').supports; // ['gaussian', 'bernoulli', 'categorical']
 * ```
 */
export function estimatorPlugin(key: string, plugins: readonly EstimatorPlugin[] = estimatorPlugins): EstimatorPlugin {
  const found = plugins.find((p) => estimatorKey(p) === key);
  if (!found) throw new Error(`no gradient estimator '${key}'; known estimators: ${plugins.map(estimatorKey).join(', ')}`);
  return found;
}

/**
 * The estimator plugin `key`, after checking that it can sample the model's latent types and works with
 * `nParticles` particles per row; errors are one line naming the estimator and what to use instead.
 * @example
 * ```ts
 * resolveEstimator('estimators/reparam', { latents: ['bernoulli'] }); // throws: use one of estimators/score-function, …
 * ```
 */
export function resolveEstimator(key: string, opts: { readonly latents?: readonly LatentKind[]; readonly nParticles?: number } = {}): EstimatorPlugin {
  const plugin = estimatorPlugin(key);
  const missing = (opts.latents ?? []).filter((l) => !plugin.supports.includes(l));
  if (missing.length) {
    const alternatives = estimatorPlugins.filter((p) => missing.every((l) => p.supports.includes(l))).map(estimatorKey);
    throw new Error(`${key} cannot sample ${missing.join(' and ')} latents; use one of ${alternatives.join(', ')}`);
  }
  const nParticles = opts.nParticles ?? 1;
  if (nParticles < plugin.minParticles) throw new Error(`${key} needs nParticles >= ${plugin.minParticles}, got ${nParticles}`);
  return plugin;
}

/**
 * A fresh estimator instance for one fit (see {@link resolveEstimator} for the checks).
 * @example
 * ```ts
 * const estimator = createEstimator('estimators/leave-one-out', { latents: ['bernoulli'], nParticles: 4 });
 * ```
 */
export function createEstimator(
  key: string,
  opts: { readonly latents?: readonly LatentKind[]; readonly nParticles?: number; readonly options?: EstimatorOptions } = {},
): EstimatorInstance {
  return resolveEstimator(key, opts).create(opts.options);
}
