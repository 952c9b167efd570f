import * as tf from '@tensorflow/tfjs-core';

const LOG_SQRT_2PI = 0.9189385332046727;
const SHIFT = 6;

/**
 * Elementwise log Γ(x) for x > 0, built from tfjs ops so that gradients flow (tfjs has no lgamma).
 *
 * Shifts by six with log Γ(x) = log Γ(x + 6) − Σₖ₌₀⁵ log(x + k), then applies the Stirling series at z = x + 6:
 * (z − ½)·log z − z + ½·log 2π + 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷) (truncation error below 1e-10).
 * In float32 the absolute error is about 1e-6 near the zeros at 1 and 2, the relative error about 1e-6 elsewhere.
 * Results are meaningless for x ≤ 0; use the scalar {@link lgamma} there.
 *
 * @param x Tensor of positive values (cast to float32).
 * @example
 * ```ts
 * lgammaT(tf.tensor1d([1, 2, 5])); // [0, 0, log 24]
 * ```
 */
export function lgammaT(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const xf = tf.cast(x, 'float32');
    let logShift = tf.log(xf);
    for (let k = 1; k < SHIFT; k++) logShift = tf.add(logShift, tf.log(tf.add(xf, k)));
    const z = tf.add(xf, SHIFT);
    const r = tf.reciprocal(z);
    const r2 = tf.square(r);
    const series = tf.mul(r, tf.add(1 / 12, tf.mul(r2, tf.add(-1 / 360, tf.mul(r2, tf.add(1 / 1260, tf.mul(r2, -1 / 1680)))))));
    const stirling = tf.add(tf.sub(tf.mul(tf.sub(z, 0.5), tf.log(z)), z), tf.add(series, LOG_SQRT_2PI));
    return tf.sub(stirling, logShift);
  });
}
