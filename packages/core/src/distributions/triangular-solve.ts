import * as tf from '@tensorflow/tfjs-core';
import { squeezeAxis } from './tensor-helpers.js';

/**
 * Solve L z = b for z by forward substitution, with L lower triangular `[..., d, d]` and b `[..., d]`
 * (batch dimensions broadcast). Built from d slices and reductions so that gradients flow; meant for small d.
 */
export function solveLowerTriangular(scaleTril: tf.Tensor, rhs: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const d = scaleTril.shape[scaleTril.rank - 1];
    const zs: tf.Tensor[] = [];
    for (let i = 0; i < d; i++) {
      const row = squeezeAxis(scaleTril, -2, i);
      const diag = squeezeAxis(row, -1, i);
      let r = squeezeAxis(rhs, -1, i);
      if (i > 0) {
        const prefix = tf.slice(row, [...row.shape.slice(0, -1).map(() => 0), 0], [...row.shape.slice(0, -1), i]);
        r = tf.sub(r, tf.sum(tf.mul(prefix, tf.stack(zs, -1)), -1));
      }
      zs.push(tf.div(r, diag));
    }
    return tf.stack(zs, -1);
  });
}

/** The diagonal `[..., d]` of a batch of square matrices `[..., d, d]`. */
export function batchDiagonal(m: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const d = m.shape[m.rank - 1];
    const eye = tf.eye(d);
    return tf.sum(tf.mul(m, eye), -1);
  });
}
