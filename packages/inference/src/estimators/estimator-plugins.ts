import { validateParams, type LatentKind } from '@latentkit/registry';
import { estimatorKey, type EstimatorInstance, type EstimatorPlugin } from './estimator-plugin.js';
import { gumbelSoftmax } from './gumbel-softmax.js';
import { reparam } from './reparam.js';
import { leaveOneOut, scoreFunction } from './score-function.js';
import { straightThrough } from './straight-through.js';

/**
 * Every gradient estimator of this package: registry plugins of kind `estimator` (register them beside the engines),
 * and the built-ins `inference/vi` falls back to for keys its registry does not hold.
 */
export const estimatorPlugins: readonly EstimatorPlugin[] = [reparam, scoreFunction, leaveOneOut, straightThrough, gumbelSoftmax];

/**
 * The estimators `inference/vi` can use: the built-ins in their order, then the `registered` plugins with other keys;
 * a registered plugin under a built-in key takes the built-in's place.
 * @example
 * ```ts
 * knownEstimators([myReinforce]).map(estimatorKey).at(-1); // 'estimators/my-reinforce'
 * ```
 */
export function knownEstimators(registered: readonly EstimatorPlugin[] = []): EstimatorPlugin[] {
  const byKey = new Map(estimatorPlugins.map((p) => [estimatorKey(p), p]));
  for (const p of registered) byKey.set(estimatorKey(p), p);
  return [...byKey.values()];
}

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

/** What {@link resolveEstimator} checks an estimator against, and where it looks the key up. */
export interface EstimatorRequest {
  /** The model's latent types (`ViTerms.latents`). */
  readonly latents?: readonly LatentKind[];
  /** Particles per row (default 1). */
  readonly nParticles?: number;
  /** The estimators to choose from (default {@link estimatorPlugins}; `inference/vi` passes {@link knownEstimators}). */
  readonly plugins?: readonly EstimatorPlugin[];
}

/**
 * The estimator plugin `key` among `request.plugins`, after checking that it can sample the model's latent types
 * and works with `nParticles` particles per row; errors are one line naming the estimator and what to use instead.
 * @example
 * ```ts
 * resolveEstimator('estimators/reparam', { latents: ['bernoulli'] }); // throws: use one of estimators/score-function, …
 * ```
 */
export function resolveEstimator(key: string, request: EstimatorRequest = {}): EstimatorPlugin {
  const plugins = request.plugins ?? estimatorPlugins;
  const plugin = estimatorPlugin(key, plugins);
  const missing = (request.latents ?? []).filter((l) => !plugin.supports.includes(l));
  if (missing.length) {
    const alternatives = plugins.filter((p) => missing.every((l) => p.supports.includes(l))).map(estimatorKey);
    const instead = alternatives.length ? `use one of ${alternatives.join(', ')}` : 'no known estimator can';
    throw new Error(`${key} cannot sample ${missing.join(' and ')} latents; ${instead}`);
  }
  const nParticles = request.nParticles ?? 1;
  if (nParticles < plugin.minParticles) throw new Error(`${key} needs nParticles >= ${plugin.minParticles}, got ${nParticles}`);
  return plugin;
}

/**
 * An estimator's parameters: `given` checked against its `params` (a one-line `ParamError` naming the estimator and
 * the parameter, e.g. `estimators/score-function: unknown parameter 'decay'; known parameters: baseline, …`), with its
 * `defaults` filled in.
 * @example
 * ```ts
 * estimatorParamsOf(scoreFunction, { baseline: 'learned' }).baselineDecay; // 0.9
 * ```
 */
export function estimatorParamsOf(plugin: EstimatorPlugin, given: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return validateParams(estimatorKey(plugin), plugin.params ?? {}, plugin.defaults ?? {}, given);
}

/**
 * A fresh estimator instance for one fit, with its parameters `request.options` checked (see {@link resolveEstimator}
 * and {@link estimatorParamsOf} for the checks).
 * @example
 * ```ts
 * const estimator = createEstimator('estimators/leave-one-out', { latents: ['bernoulli'], nParticles: 4 });
 * ```
 */
export function createEstimator(key: string, request: EstimatorRequest & { readonly options?: Readonly<Record<string, unknown>> } = {}): EstimatorInstance {
  const plugin = resolveEstimator(key, request);
  return plugin.create(estimatorParamsOf(plugin, request.options));
}
