import type { Rng } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * KL(N(μ, diag σ²) ‖ N(0, I)) per row: −½ Σ_k (1 + log σ_k² − μ_k² − σ_k²), with `logScale` = log σ.
 */
export function standardNormalKl(loc: tf.Tensor2D, logScale: tf.Tensor2D): tf.Tensor1D {
  return tf.mul(tf.sum(tf.sub(tf.add(tf.square(loc), tf.exp(tf.mul(logScale, 2))), tf.add(tf.mul(logScale, 2), 1)), 1), 0.5) as tf.Tensor1D;
}

/**
 * KL(N(μ_q, σ_q²) ‖ N(μ_p, σ_p²)) per row, summed over dimensions:
 * Σ_k [log σ_p − log σ_q + (σ_q² + (μ_q − μ_p)²) / (2σ_p²) − ½].
 */
export function gaussianKl(locQ: tf.Tensor2D, logScaleQ: tf.Tensor2D, locP: tf.Tensor2D, logScaleP: tf.Tensor2D): tf.Tensor1D {
  const varRatio = tf.exp(tf.mul(tf.sub(logScaleQ, logScaleP), 2));
  const mahal = tf.square(tf.mul(tf.sub(locQ, locP), tf.exp(tf.neg(logScaleP))));
  return tf.mul(tf.sum(tf.sub(tf.add(varRatio, mahal), tf.add(tf.mul(tf.sub(logScaleQ, logScaleP), 2), 1)), 1), 0.5) as tf.Tensor1D;
}

/** Elementwise log N(z; μ, σ²) with `logScale` = log σ (broadcasting). */
export function normalLogDensity(z: tf.Tensor, loc: tf.Tensor | number, logScale: tf.Tensor | number): tf.Tensor {
  const u = tf.mul(tf.sub(z, loc), tf.exp(tf.neg(logScale)));
  return tf.sub(tf.mul(tf.square(u), -0.5), tf.add(logScale, HALF_LOG_2PI));
}

/** A reparameterised draw z = μ + σ·ε, ε ~ N(0, I) from a seed of `rng` (evaluation; training uses the estimator). */
export function sampleNormal(loc: tf.Tensor2D, logScale: tf.Tensor2D, rng: Rng): tf.Tensor2D {
  return tf.add(loc, tf.mul(tf.exp(logScale), tf.randomNormal(loc.shape, 0, 1, 'float32', rng.tfSeed()))) as tf.Tensor2D;
}
