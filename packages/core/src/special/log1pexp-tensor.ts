import * as tf from '@tensorflow/tfjs-core';
import { log1pT } from './log1p-tensor.js';

const stableSoftplus = tf.customGrad((x, save) => {
  const t = x as tf.Tensor;
  save([t]);
  return {
    value: tf.add(tf.relu(t), log1pT(tf.exp(tf.neg(tf.abs(t))))),
    gradFunc: (dy, saved) => tf.mul(dy, tf.sigmoid(saved[0])),
  };
});

/**
 * Elementwise log(1 + eˣ) (softplus), stable for large |x|, with gradient σ(x).
 *
 * Evaluates max(x, 0) + log1p(e^(−|x|)) (with the accurate {@link log1pT}, since `tf.log1p` is not on wasm); the gradient is supplied explicitly as σ(x), so it is exact at x = 0,
 * where the subgradients of max and |·| would give 0 instead of ½.
 *
 * @param x Tensor (cast to float32).
 * @example
 * ```ts
 * log1pexpT(tf.tensor1d([-100, 0, 100])); // [3.7e-44, log 2, 100]
 * ```
 */
export function log1pexpT(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => stableSoftplus(tf.cast(x, 'float32')));
}
