import { normalLogProb, type Rng } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { WeightValues, Weights } from '../nn/weights.js';
import type { CvaePrior } from './cvae-params.js';

/**
 * Add the learnable Gaussian mixture prior p(z) = Σ_k π_k N(z; μ_k, diag σ_k²) of one latent block under `prefix`:
 * `${prefix}.loc` [K, D] (drawn from N(0, 1), so the components start apart), `${prefix}.logScale` [K, D] (0) and
 * `${prefix}.logits` [K] (0: equal weights π = softmax(logits)).
 */
export function initMixturePrior(out: WeightValues, prefix: string, components: number, dim: number, rng: Rng): void {
  out[`${prefix}.loc`] = { shape: [components, dim], values: Float32Array.from({ length: components * dim }, () => rng.normal()) };
  out[`${prefix}.logScale`] = { shape: [components, dim], values: new Float32Array(components * dim) };
  out[`${prefix}.logits`] = { shape: [components], values: new Float32Array(components) };
}

/**
 * log p(z) per row ([B]) of a block: Σ_j log N(z_j; 0, 1) for the Gaussian prior; for the mixture
 * logsumexp_k (log π_k + Σ_j log N(z_j; μ_kj, σ_kj²)).
 */
export function logPriorRows(w: Weights, prefix: string, z: tf.Tensor2D, prior: CvaePrior): tf.Tensor1D {
  if (prior === 'gaussian') return tf.sum(normalLogProb(z, 0, 0), 1) as tf.Tensor1D;
  const perComponent = tf.sum(normalLogProb(tf.expandDims(z, 1), tf.expandDims(w[`${prefix}.loc`], 0), tf.expandDims(w[`${prefix}.logScale`], 0)), 2);
  return tf.logSumExp(tf.add(perComponent, tf.logSoftmax(w[`${prefix}.logits`])), 1) as tf.Tensor1D;
}

/** `n` draws (row-major n × dim, float32) from a block's prior, in JS from `rng`: a component by its weight, then a normal. */
export function samplePrior(w: Weights, prefix: string, prior: CvaePrior, n: number, dim: number, rng: Rng): Float32Array {
  const out = new Float32Array(n * dim);
  if (prior === 'gaussian') {
    for (let i = 0; i < out.length; i++) out[i] = rng.normal();
    return out;
  }
  const loc = w[`${prefix}.loc`].dataSync();
  const logScale = w[`${prefix}.logScale`].dataSync();
  const logits = Array.from(w[`${prefix}.logits`].dataSync());
  const top = Math.max(...logits);
  const weights = logits.map((l) => Math.exp(l - top));
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform() * total;
    let k = 0;
    while (k + 1 < weights.length && u >= weights[k]) u -= weights[k++];
    for (let j = 0; j < dim; j++) out[i * dim + j] = loc[k * dim + j] + Math.exp(logScale[k * dim + j]) * rng.normal();
  }
  return out;
}
