import { normalLogProb, type Rng } from '@latentkit/core';
import type { GradientEstimator, ViContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { initMlp, mlp } from '../nn/mlp.js';
import type { WeightValues, Weights } from '../nn/weights.js';
import type { LikelihoodKind } from './likelihood.js';
import type { DataInfo } from './vae-data.js';

/** The Gaussian posterior q(z | x) = N(loc, diag exp(logScale)²) of a batch. */
export interface GaussianPosterior {
  readonly loc: tf.Tensor2D;
  readonly logScale: tf.Tensor2D;
}

/**
 * Initial bias of the decoder's output layer: the column means in the likelihood's natural parameter
 * (μ for Gaussian, logit of the mean for Bernoulli, log of the mean for Poisson and negative binomial with r = 1).
 */
export function outputBias(kind: LikelihoodKind, info: DataInfo): Float32Array {
  return Float32Array.from(info.mean, (m) => {
    if (kind === 'gaussian') return m;
    if (kind === 'bernoulli') {
      const p = Math.min(1 - 1e-3, Math.max(1e-3, m));
      return Math.log(p / (1 - p));
    }
    return Math.log(Math.max(m, 1e-3));
  });
}

/** Add an encoder MLP `enc` with layer sizes [d, ...hidden, 2·latentDim] (location and log-scale heads in one layer). */
export function initGaussianEncoder(out: WeightValues, rng: Rng, d: number, hidden: readonly number[], latentDim: number, prefix = 'enc'): void {
  initMlp(out, prefix, [d, ...hidden, 2 * latentDim], rng);
}

/** q(z | x) of a batch from encoder `prefix`: one MLP pass whose output splits into loc and log σ. */
export function encodeGaussian(w: Weights, xEnc: tf.Tensor2D, latentDim: number, prefix = 'enc', inputGrad = false): GaussianPosterior {
  const h = mlp(w, prefix, xEnc, { inputGrad });
  const rows = h.shape[0];
  return { loc: tf.slice(h, [0, 0], [rows, latentDim]), logScale: tf.slice(h, [0, latentDim], [rows, latentDim]) };
}

/** The estimator's Gaussian sampler, or a one-line error naming the estimator. */
export function gaussianSampler(estimator: GradientEstimator, key: string): NonNullable<GradientEstimator['gaussian']> {
  if (!estimator.gaussian)
    throw new Error(`${key} has Gaussian latents, which ${estimator.key} cannot sample; use estimators/reparam or estimators/score-function`);
  return estimator.gaussian.bind(estimator);
}

/** Repeat the rows of `t` `times` times (particle-major: all rows once, then again). */
export function repeatRows<T extends tf.Tensor>(t: T, times: number): T {
  if (times === 1) return t;
  return tf.tile(t, [times, ...t.shape.slice(1).map(() => 1)]) as T;
}

/** Number of latent samples per row the engine asks for (at least 1). */
export function particlesOf(ctx: ViContext): number {
  return Math.max(1, Math.floor(ctx.nParticles || 1));
}

/** log N(z; 0, I) − log N(z; loc, diag σ²) per row: the latent part of an importance weight. */
export function latentLogRatio(z: tf.Tensor2D, loc: tf.Tensor2D, logScale: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.sub(normalLogProb(z, 0, 0), normalLogProb(z, loc, logScale)), 1) as tf.Tensor1D;
}
