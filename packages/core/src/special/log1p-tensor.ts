import * as tf from '@tensorflow/tfjs-core';

const accurateLog1p = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const u = args[0] as tf.Tensor;
  const save = args[1] as tf.GradSaveFunc;
  save([u]);
  const w = tf.add(u, 1);
  const d = tf.sub(w, 1);
  const exact = tf.equal(d, 0);
  const ratio = tf.div(u, tf.where(exact, tf.onesLike(d), d));
  return {
    value: tf.where(exact, u, tf.mul(tf.log(w), ratio)),
    gradFunc: (dy, saved) => tf.div(dy, tf.add(saved[0], 1)),
  };
});

/**
 * Elementwise log(1 + x) to full float32 relative precision, with gradient 1/(1 + x).
 *
 * `tf.log1p` on the wasm backend evaluates log(1 + x) after rounding 1 + x, which returns 0 for |x| < 6e-8
 * and loses digits for small |x|. This uses Goldberg's correction log1p(x) = log(w)·x/(w − 1) with w = 1 + x
 * (and x itself when w rounds to 1), which is accurate on every backend.
 *
 * References: D. Goldberg, "What every computer scientist should know about floating-point arithmetic", 1991, Theorem 4.
 *
 * @param x Tensor with values > −1 (cast to float32).
 * @example
 * ```ts
 * log1pT(tf.tensor1d([1e-10, -0.5])); // [1e-10, −log 2]
 * ```
 */
export function log1pT(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => accurateLog1p(tf.cast(x, 'float32')));
}
