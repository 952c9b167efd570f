import { RelaxedBernoulli, RelaxedCategorical } from '@latentkit/core';
import type { ViContext } from '@latentkit/registry';
import type * as tf from '@tensorflow/tfjs-core';
import { builtinEstimator, stateless } from './estimator-plugin.js';
import { reparamGaussian } from './reparam.js';

function temperatureOf(ctx: ViContext): number {
  const t = ctx.temperature;
  if (!(t > 0)) throw new Error(`estimators/gumbel-softmax needs a temperature > 0, got ${t}`);
  return t;
}

/** Binary Concrete draw y = σ((ℓ + log u − log(1 − u))/τ), u ~ U(0, 1) (core's {@link RelaxedBernoulli}). */
export function relaxedBernoulliDraw(logits: tf.Tensor, ctx: ViContext): tf.Tensor {
  return new RelaxedBernoulli({ temperature: temperatureOf(ctx), logits }).rsample(ctx.rng);
}

/** Concrete (Gumbel-softmax) draw y = softmax((ℓ + g)/τ) over the last axis, g ~ Gumbel(0, 1) (core's {@link RelaxedCategorical}). */
export function relaxedCategoricalDraw(logits: tf.Tensor, ctx: ViContext): tf.Tensor {
  return new RelaxedCategorical({ temperature: temperatureOf(ctx), logits }).rsample(ctx.rng);
}

/**
 * The Gumbel-softmax / Concrete estimator `estimators/gumbel-softmax`: Bernoulli and categorical latents are
 * replaced by their continuous relaxations at temperature τ = `ctx.temperature` (annealed by the engine,
 * τ_t = max(τ_min, τ₀·e^{−rt})) and differentiated pathwise:
 * categorical y = softmax((ℓ + g)/τ) with g_k ~ Gumbel(0, 1); Bernoulli y = σ((ℓ + L)/τ) with L ~ Logistic(0, 1).
 * Unbiased for the relaxed objective E[f(y)] but biased for the discrete one (the bias vanishes as τ → 0 while the
 * variance grows). f must accept relaxed values in (0, 1) or on the simplex. Gaussian latents are reparameterised.
 *
 * References: E. Jang, S. Gu and B. Poole, "Categorical reparameterization with Gumbel-softmax", ICLR 2017;
 * C. J. Maddison, A. Mnih and Y. W. Teh, "The Concrete distribution", ICLR 2017.
 *
 * @example
 * ```ts
 * // engineParams of inference/vi: { estimator: 'estimators/gumbel-softmax', temperatureInitial: 1, temperatureMin: 0.5, ... }
 * const { z } = ctx.estimator.categorical!(logits, ctx); // rows on the simplex
 * ```
 */
export const gumbelSoftmax = builtinEstimator({
  id: 'gumbel-softmax',
  description: 'Gumbel-softmax / Concrete relaxation of Bernoulli and categorical latents (biased)',
  supports: ['gaussian', 'bernoulli', 'categorical'],
  pathwise: true,
  unbiased: false,
  minParticles: 1,
  create: () =>
    stateless({
      key: 'estimators/gumbel-softmax',
      pathwise: true,
      gaussian: reparamGaussian,
      bernoulli: (logits: tf.Tensor, ctx: ViContext) => ({ z: relaxedBernoulliDraw(logits, ctx), surrogate: (f: tf.Tensor) => f }),
      categorical: (logits: tf.Tensor, ctx: ViContext) => ({ z: relaxedCategoricalDraw(logits, ctx), surrogate: (f: tf.Tensor) => f }),
    }),
});
