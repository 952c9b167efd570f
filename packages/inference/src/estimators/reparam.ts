import { normalRsample } from '@latentkit/core';
import type { EstimatorSample, ViContext } from '@latentkit/registry';
import type * as tf from '@tensorflow/tfjs-core';
import { builtinEstimator, stateless } from './estimator-plugin.js';

/** A reparameterised Gaussian sample z = μ + σ·ε whose surrogate is f itself. */
export function reparamGaussian(loc: tf.Tensor, logScale: tf.Tensor, ctx: ViContext): EstimatorSample {
  return { z: normalRsample(loc, logScale, ctx.rng), surrogate: (f) => f };
}

/**
 * The reparameterisation (pathwise) estimator `estimators/reparam` for Gaussian latents:
 * z = μ + σ·ε with ε ~ N(0, I), so ∇_{μ,σ} E_q[f(z)] = E_ε[∇_z f(z)·∂z/∂(μ, σ)]. Unbiased; usually the lowest
 * variance of the estimators here. Discrete latents are not reparameterisable: use `estimators/score-function`,
 * `estimators/leave-one-out`, `estimators/straight-through` or `estimators/gumbel-softmax` for them.
 *
 * References: D. P. Kingma and M. Welling, "Auto-encoding variational Bayes", ICLR 2014;
 * D. J. Rezende, S. Mohamed and D. Wierstra, "Stochastic backpropagation and approximate inference in deep
 * generative models", ICML 2014.
 *
 * @example
 * ```ts
 * const sample = ctx.estimator.gaussian!(loc, logScale, ctx); // inside ViTerms.loss
 * const loss = tf.neg(tf.mean(sample.surrogate(logLik(sample.z))));
 * ```
 */
export const reparam = builtinEstimator({
  id: 'reparam',
  description: 'Reparameterisation (pathwise) gradients for Gaussian latents',
  supports: ['gaussian'],
  pathwise: true,
  unbiased: true,
  minParticles: 1,
  create: () => stateless({ key: 'estimators/reparam', pathwise: true, gaussian: reparamGaussian }),
});
