import type { Rng } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { log1pexpT } from '@latentkit/core';

/** Kind of discrete code: independent bits, or one-of-C categorical variables. */
export type CodeType = 'bernoulli' | 'categorical';

/** log σ(l) = −softplus(−l), elementwise. */
const logSigmoid = (l: tf.Tensor) => tf.neg(log1pexpT(tf.neg(l)));

/**
 * KL(q ‖ uniform prior) per row, summed over the code variables: for bits with q_k = σ(l_k),
 * Σ_k [q_k log q_k + (1 − q_k) log(1 − q_k)] + L·log 2; for categoricals with q = softmax(l) over C categories,
 * Σ_k Σ_c q_kc log q_kc + L·log C. `logits` is [rows, L] (bits) or [rows, L, C].
 */
export function uniformPriorKl(logits: tf.Tensor, type: CodeType): tf.Tensor1D {
  if (type === 'bernoulli') {
    const q = tf.sigmoid(logits);
    const negEntropy = tf.add(tf.mul(q, logSigmoid(logits)), tf.mul(tf.sub(1, q), logSigmoid(tf.neg(logits))));
    return tf.add(tf.sum(negEntropy, 1), logits.shape[1]! * Math.LN2) as tf.Tensor1D;
  }
  const [, l, c] = logits.shape as number[];
  const logQ = tf.logSoftmax(logits, -1);
  return tf.add(tf.sum(tf.mul(tf.exp(logQ), logQ), [1, 2]), l * Math.log(c)) as tf.Tensor1D;
}

/** log q(z | x) per row for hard codes z (same shape as the logits). */
export function codeLogProb(z: tf.Tensor, logits: tf.Tensor, type: CodeType): tf.Tensor1D {
  if (type === 'bernoulli') return tf.sum(tf.add(tf.mul(z, logSigmoid(logits)), tf.mul(tf.sub(1, z), logSigmoid(tf.neg(logits)))), 1) as tf.Tensor1D;
  return tf.sum(tf.mul(z, tf.logSoftmax(logits, -1)), [1, 2]) as tf.Tensor1D;
}

/** Hard draws z ~ q (bits by thresholding uniforms, categoricals by the Gumbel-max trick), seeded from `rng`. */
export function sampleCodes(logits: tf.Tensor, type: CodeType, rng: Rng): tf.Tensor {
  const u = tf.randomUniform(logits.shape, 1e-7, 1 - 1e-7, 'float32', rng.tfSeed());
  if (type === 'bernoulli') return tf.cast(tf.less(u, tf.sigmoid(logits)), 'float32');
  const gumbel = tf.neg(tf.log(tf.neg(tf.log(u))));
  const c = logits.shape[logits.rank - 1];
  return tf.cast(tf.oneHot(tf.argMax(tf.add(logits, gumbel), -1), c), 'float32');
}

/** Draws from the uniform prior: fair bits, or one-hot vectors with uniform categories. */
export function samplePriorCodes(rows: number, l: number, c: number, type: CodeType, rng: Rng): tf.Tensor {
  return sampleCodes(type === 'bernoulli' ? tf.zeros([rows, l]) : tf.zeros([rows, l, c]), type, rng);
}

/** Codes or code probabilities as the decoder's input matrix [rows, L] or [rows, L·C]. */
export function flattenCodes(z: tf.Tensor): tf.Tensor2D {
  return (z.rank === 2 ? z : tf.reshape(z, [z.shape[0], -1])) as tf.Tensor2D;
}
