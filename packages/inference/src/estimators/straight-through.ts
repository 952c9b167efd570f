import { Bernoulli, oneHotCategoricalSample } from '@latentkit/core';
import type { EstimatorSample, ViContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { builtinEstimator, stateless } from './estimator-plugin.js';
import { reparamGaussian } from './reparam.js';
import { gradientOnly } from './stop-gradient.js';

/** z = hard + (p − stopGradient(p)): the hard sample forward, the gradient of the mean p backward. */
function straightThroughSample(hard: tf.Tensor, p: tf.Tensor): EstimatorSample {
  return { z: tf.add(hard, gradientOnly(p)), surrogate: (f) => f };
}

/**
 * The straight-through estimator `estimators/straight-through` for Bernoulli and categorical latents: the forward
 * pass uses a hard sample z (0/1 or one-hot), the backward pass treats z as its mean p = σ(ℓ) or softmax(ℓ), i.e.
 * z = hard + p − stopGradient(p) and ∇_ℓ f ≈ ∂f/∂z|_hard · ∂p/∂ℓ. Biased unless f is linear in z (Bengio et al.
 * 2013), but low-variance. Gaussian latents are reparameterised.
 *
 * References: Y. Bengio, N. Léonard and A. Courville, "Estimating or propagating gradients through stochastic
 * neurons for conditional computation", arXiv:1308.3432, 2013.
 *
 * @example
 * ```ts
 * const { z } = ctx.estimator.categorical!(logits, ctx); // one-hot values, softmax gradients
 * ```
 */
export const straightThrough = builtinEstimator({
  id: 'straight-through',
  description: 'Straight-through gradients for Bernoulli and categorical latents (biased)',
  supports: ['gaussian', 'bernoulli', 'categorical'],
  pathwise: true,
  unbiased: false,
  minParticles: 1,
  create: () =>
    stateless({
      key: 'estimators/straight-through',
      pathwise: true,
      gaussian: reparamGaussian,
      bernoulli: (logits: tf.Tensor, ctx: ViContext) => straightThroughSample(new Bernoulli({ logits }).sample(ctx.rng), tf.sigmoid(logits)),
      categorical: (logits: tf.Tensor, ctx: ViContext) => straightThroughSample(oneHotCategoricalSample(logits, ctx.rng), tf.softmax(logits)),
    }),
});
