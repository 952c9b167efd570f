import type { Rng } from '@latentkit/core';
import {
  pluginKey,
  validateParams,
  type EstimatorInstance,
  type EstimatorPlugin,
  type EstimatorSample,
  type LatentKind,
  type ViContext,
} from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';

/** Settings of {@link checkEstimatorPlugin}; all optional. */
export interface EstimatorPluginFixtures {
  /** Parameters passed to `plugin.create` (e.g. a baseline), validated against its `params` with its `defaults` filled in. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Seed of every draw (default 1234). */
  readonly seed?: number;
  /** Particles per row in the unbiasedness check (default: the plugin's `minParticles`, at least 1). */
  readonly particles?: number;
  /** Gumbel-softmax / Concrete temperature in the contexts (default 1). */
  readonly temperature?: number;
  /** Timeout of each check in ms (default: vitest's `testTimeout`). */
  readonly timeout?: number;
}

/** Particles per row the checks use: the estimator's minimum, at least 1. */
export const particlesFor = (plugin: EstimatorPlugin): number => Math.max(1, plugin.minParticles);

/** The context the VI engine would pass at training step `step`. */
export function contextFor(estimator: EstimatorInstance, rng: Rng, nParticles: number, step: number, temperature = 1): ViContext {
  return { rng, estimator, klWeight: 1, nParticles, temperature, step, epoch: 0, training: true };
}

/**
 * One latent site: the sample of `latent` whose parameters are the columns of `params` ([n, p]): for a Gaussian,
 * the first p/2 columns are the means and the last p/2 the log standard deviations (p/2 latent dimensions);
 * otherwise all columns are logits (one Bernoulli dimension per column, or one categorical over the columns).
 */
export function sampleSite(estimator: EstimatorInstance, latent: LatentKind, params: tf.Tensor2D, ctx: ViContext): EstimatorSample {
  if (typeof estimator[latent] !== 'function') throw new Error(`${estimator.key} lists ${latent} in supports, but its instance has no ${latent}() method`);
  const d = params.shape[1] / 2;
  if (latent === 'gaussian') return estimator.gaussian!(tf.slice(params, [0, 0], [-1, d]), tf.slice(params, [0, d], [-1, d]), ctx);
  return latent === 'bernoulli' ? estimator.bernoulli!(params, ctx) : estimator.categorical!(params, ctx);
}

/**
 * A fresh instance of the estimator, created as `inference/vi` creates it: with `fixtures.options` validated against
 * its `params` and its `defaults` filled in.
 */
export function createInstance(plugin: EstimatorPlugin, fixtures: EstimatorPluginFixtures): EstimatorInstance {
  return plugin.create(validateParams(pluginKey(plugin), plugin.params ?? {}, plugin.defaults ?? {}, fixtures.options ?? {}));
}
