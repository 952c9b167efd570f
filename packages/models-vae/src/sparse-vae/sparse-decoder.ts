import type { Rng } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { initMlp, mlp } from '../nn/mlp.js';
import type { WeightValues, Weights } from '../nn/weights.js';

/** Name of the mask W (G × K) in the weights record. */
export const MASK = 'mask';

/**
 * Add the weights of the Sparse VAE decoder: the mask W (G × K, standard normal entries as in the reference code),
 * the shared generator `gen` ([K, ...hidden], first layer without bias, ReLU after every layer), and the per-feature
 * heads `head.w` (G × H) and `head.b` (G, initialised at `headBias`).
 */
export function initSparseDecoder(out: WeightValues, rng: Rng, g: number, k: number, hidden: readonly number[], headBias: Float32Array): void {
  const mask = new Float32Array(g * k);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.normal();
  out[MASK] = { shape: [g, k], values: mask };
  initMlp(out, 'gen', [k, ...hidden], rng, { firstBias: false });
  const h = hidden[hidden.length - 1];
  const limit = Math.sqrt(6 / (h + 1));
  const head = new Float32Array(g * h);
  for (let i = 0; i < head.length; i++) head[i] = (2 * rng.uniform() - 1) * limit;
  out['head.w'] = { shape: [g, h], values: head };
  out['head.b'] = { shape: [g], values: Float32Array.from(headBias) };
}

/**
 * Decoder output of the Sparse VAE for latents z ([B, K]): out_ij = f_θ(w_j ⊙ z_i)_j, all features in one batched
 * pass: the masked inputs w_j ⊙ z_i form a [B·G, K] matrix that goes through the shared generator once, and the
 * per-feature heads are an elementwise product with `head.w` and a sum over hidden units. No loop over features.
 */
export function sparseDecode(w: Weights, z: tf.Tensor2D): tf.Tensor2D {
  const [b, k] = z.shape;
  const mask = w[MASK] as tf.Tensor2D;
  const g = mask.shape[0];
  const masked = tf.reshape(tf.mul(tf.reshape(z, [b, 1, k]), tf.reshape(mask, [1, g, k])), [b * g, k]) as tf.Tensor2D;
  const h = mlp(w, 'gen', masked, { activateLast: true });
  const hidden = h.shape[1];
  const heads = tf.sum(tf.mul(tf.reshape(h, [b, g, hidden]), tf.reshape(w['head.w'], [1, g, hidden])), 2);
  return tf.add(heads, w['head.b']) as tf.Tensor2D;
}
