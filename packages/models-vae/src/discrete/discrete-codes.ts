import { Bernoulli, bernoulliLogProb, Categorical, oneHotCategoricalLogProb, oneHotCategoricalSample, type Rng } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';

/** Kind of discrete code: independent bits, or one-of-C categorical variables. */
export type CodeType = 'bernoulli' | 'categorical';

/**
 * KL(q ‖ uniform prior) per row, summed over the code variables: L·log C − Σ_k H(q_k), with the entropies of core's
 * Bernoulli (q_k = σ(l_k), C = 2) or Categorical (q = softmax(l) over C categories). `logits` is [rows, L] (bits)
 * or [rows, L, C].
 */
export function uniformPriorKl(logits: tf.Tensor, type: CodeType): tf.Tensor1D {
  const [, l, c = 2] = logits.shape as number[];
  const entropy = type === 'bernoulli' ? new Bernoulli({ logits }).entropy() : new Categorical({ logits }).entropy();
  return tf.sub(l * Math.log(c), tf.sum(entropy, 1)) as tf.Tensor1D;
}

/** log q(z | x) per row for hard codes z (same shape as the logits), with core's Bernoulli and one-hot categorical log-probs. */
export function codeLogProb(z: tf.Tensor, logits: tf.Tensor, type: CodeType): tf.Tensor1D {
  return tf.sum(type === 'bernoulli' ? bernoulliLogProb(z, logits) : oneHotCategoricalLogProb(z, logits), 1) as tf.Tensor1D;
}

/** Hard draws z ~ q (bits by thresholding uniforms, categoricals by the Gumbel-max trick, with core's samplers), seeded from `rng`. */
export function sampleCodes(logits: tf.Tensor, type: CodeType, rng: Rng): tf.Tensor {
  return type === 'bernoulli' ? new Bernoulli({ logits }).sample(rng) : oneHotCategoricalSample(logits, rng);
}

/** Draws from the uniform prior: fair bits, or one-hot vectors with uniform categories. */
export function samplePriorCodes(rows: number, l: number, c: number, type: CodeType, rng: Rng): tf.Tensor {
  return sampleCodes(type === 'bernoulli' ? tf.zeros([rows, l]) : tf.zeros([rows, l, c]), type, rng);
}

/** Codes or code probabilities as the decoder's input matrix [rows, L] or [rows, L·C]. */
export function flattenCodes(z: tf.Tensor): tf.Tensor2D {
  return (z.rank === 2 ? z : tf.reshape(z, [z.shape[0], -1])) as tf.Tensor2D;
}
