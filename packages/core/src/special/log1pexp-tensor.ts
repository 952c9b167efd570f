import * as tf from '@tensorflow/tfjs-core';
import { log1pT } from './log1p-tensor.js';

const stableSoftplus = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const t = args[0] as tf.Tensor;
  const save = args[1] as tf.GradSaveFunc;
  save([t]);
  return {
    value: tf.add(tf.relu(t), log1pT(tf.exp(tf.neg(tf.abs(t))))),
    gradFunc: (dy, saved) => tf.mul(dy, tf.sigmoid(saved[0])),
  };
});

/**
 * Elementwise log(1 + eˣ) (softplus), stable for large |x|, with gradient σ(x).
 *
 * Evaluates max(x, 0) + log1p(e^(−|x|)), with {@link log1pT} because `tf.log1p` is inaccurate on wasm.
 * The gradient is supplied explicitly as σ(x), so it is exact at x = 0,
 * where the subgradients of max and |·| would give 0 instead of ½.
 *
 * @param x Tensor (cast to float32).
 * @example
 * ```ts
 * log1pexpT(tf.tensor1d([-20, 0, 100])); // [2.1e-9, log 2, 100]
 * ```
 */
export function log1pexpT(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => stableSoftplus(tf.cast(x, 'float32')));
}
