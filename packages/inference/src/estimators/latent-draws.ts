import type { Rng } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { offTape, sumPerSample } from './stop-gradient.js';

const LOG_2PI = Math.log(2 * Math.PI);
const EPS = 1.1920928955078125e-7;

/** Uniform draws in [ε, 1 − ε] (ε the float32 epsilon), so that their logarithms and logits stay finite. */
export function uniformNoise(rng: Rng, shape: number[]): tf.Tensor {
  return tf.clipByValue(tf.randomUniform(shape, 0, 1, 'float32', rng.tfSeed()), EPS, 1 - EPS);
}

/** Reparameterised Gaussian draw z = μ + e^{log σ}·ε, ε ~ N(0, I), differentiable in μ and log σ. */
export function gaussianDraw(loc: tf.Tensor, logScale: tf.Tensor, rng: Rng): tf.Tensor {
  const eps = tf.randomNormal(loc.shape, 0, 1, 'float32', rng.tfSeed());
  return tf.add(loc, tf.mul(tf.exp(logScale), eps));
}

/** log N(z; μ, diag σ²) summed per sample: Σ_d −½((z_d − μ_d)/σ_d)² − log σ_d − ½ log 2π. */
export function gaussianLogProb(z: tf.Tensor, loc: tf.Tensor, logScale: tf.Tensor): tf.Tensor {
  const u = tf.mul(tf.sub(z, loc), tf.exp(tf.neg(logScale)));
  return sumPerSample(tf.sub(tf.mul(tf.square(u), -0.5), tf.add(logScale, 0.5 * LOG_2PI)));
}

/** Bernoulli(σ(ℓ)) draws as float32 zeros and ones (no gradient). */
export function bernoulliDraw(logits: tf.Tensor, rng: Rng): tf.Tensor {
  const u = uniformNoise(rng, logits.shape);
  return offTape([logits], (l) => tf.cast(tf.less(u, tf.sigmoid(l)), 'float32'));
}

/** log Bernoulli(z; σ(ℓ)) summed per sample: Σ_d z_d·ℓ_d − log(1 + e^{ℓ_d}). */
export function bernoulliLogProb(z: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return sumPerSample(tf.sub(tf.mul(z, logits), tf.softplus(logits)));
}

/** Gumbel(0, 1) noise g = −log(−log u). */
export function gumbelNoise(rng: Rng, shape: number[]): tf.Tensor {
  return tf.neg(tf.log(tf.neg(tf.log(uniformNoise(rng, shape)))));
}

/** One-hot Categorical(softmax ℓ) draws over the last axis by the Gumbel-max trick (no gradient). */
export function categoricalDraw(logits: tf.Tensor, rng: Rng): tf.Tensor {
  const k = logits.shape[logits.rank - 1];
  const g = gumbelNoise(rng, logits.shape);
  // The wasm OneHot kernel ignores a float32 dtype (it writes int32 bits), so cast the int32 result instead.
  return offTape([logits], (l) => tf.cast(tf.oneHot(tf.argMax(tf.add(l, g), -1), k), 'float32'));
}

/** log Categorical(z; softmax ℓ) of one-hot z, summed per sample: Σ z_k·log softmax(ℓ)_k. */
export function categoricalLogProb(z: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return sumPerSample(tf.mul(z, tf.logSoftmax(logits)));
}
