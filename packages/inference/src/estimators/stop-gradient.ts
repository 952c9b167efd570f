import * as tf from '@tensorflow/tfjs-core';

const block = tf.customGrad((x) => ({ value: tf.clone(x as tf.Tensor), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) }));

/**
 * x in the forward pass, zero gradient in the backward pass (torch's `detach`).
 * @example
 * ```ts
 * const surrogate = tf.add(f, tf.mul(stopGradient(tf.sub(f, b)), logq));
 * ```
 */
export function stopGradient(x: tf.Tensor): tf.Tensor {
  return block(x);
}

/** A tensor whose value is 0 and whose gradient is that of `t` (t − stopGradient(t), exact in floating point). */
export function gradientOnly(t: tf.Tensor): tf.Tensor {
  return tf.sub(t, stopGradient(t));
}

/** Sum over every axis after the first: per-sample totals `[n]` of a `[n, ...]` tensor. */
export function sumPerSample(t: tf.Tensor): tf.Tensor {
  return t.rank <= 1
    ? t
    : tf.sum(
        t,
        Array.from({ length: t.rank - 1 }, (_, i) => i + 1),
      );
}
