import { dense } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';

/** The 13 RBF precisions of MM-cVAE's kernel: γ = 10^−6, 10^−5, …, 10^6. */
export const MMD_GAMMAS: readonly number[] = Array.from({ length: 13 }, (_, i) => 10 ** (i - 6));

/** Squared Euclidean distances ‖a_i − b_j‖² ([n, m]), by ‖a‖² + ‖b‖² − 2·a·bᵀ (core's `dense`, explicit transpose), floored at 0. */
export function squaredDistances(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const cross = dense(a, tf.transpose(b));
  const na = tf.sum(tf.square(a), 1, true);
  const nb = tf.reshape(tf.sum(tf.square(b), 1), [1, b.shape[0]]);
  return tf.relu(tf.sub(tf.add(na, nb), tf.mul(cross, 2))) as tf.Tensor2D;
}

/** Σ_γ exp(−γ·d²) elementwise: the sum of RBF kernels of MM-cVAE. */
function rbfSum(d2: tf.Tensor2D, gammas: readonly number[]): tf.Tensor2D {
  return tf.addN(gammas.map((g) => tf.exp(tf.mul(d2, -g)))) as tf.Tensor2D;
}

/**
 * Biased (V-statistic) MMD² between the samples x ([n, d]) and y ([m, d]) with the kernel k(a, b) = Σ_γ exp(−γ‖a − b‖²):
 * mean k(x, x′) + mean k(y, y′) − 2·mean k(x, y), clipped at 0 (as MM-cVAE). 0 when either sample is empty.
 */
export function mmd(x: tf.Tensor2D, y: tf.Tensor2D, gammas: readonly number[] = MMD_GAMMAS): tf.Scalar {
  if (x.shape[0] === 0 || y.shape[0] === 0) return tf.scalar(0);
  const kxx = tf.mean(rbfSum(squaredDistances(x, x), gammas));
  const kyy = tf.mean(rbfSum(squaredDistances(y, y), gammas));
  const kxy = tf.mean(rbfSum(squaredDistances(x, y), gammas));
  return tf.relu(tf.sub(tf.add(kxx, kyy), tf.mul(kxy, 2))) as tf.Scalar;
}

/** Median of the off-diagonal squared distances (σ² of the median heuristic σ = median distance), read as a constant; 1 when all are 0. */
function medianScale(d2: tf.Tensor2D): number {
  const n = d2.shape[0];
  const v = d2.dataSync();
  const off: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off.push(v[i * n + j]);
  off.sort((a, b) => a - b);
  const m = off.length % 2 ? off[(off.length - 1) / 2] : (off[off.length / 2 - 1] + off[off.length / 2]) / 2;
  return m > 0 ? m : 1;
}

/** RBF Gram matrix exp(−‖a_i − a_j‖² / (2σ²)) with σ the median distance (median heuristic), centred: H K H. */
function centredGram(a: tf.Tensor2D): tf.Tensor2D {
  const d2 = squaredDistances(a, a);
  const k = tf.exp(tf.div(d2, -2 * medianScale(d2)));
  const rowMean = tf.mean(k, 1, true);
  const colMean = tf.mean(k, 0, true);
  return tf.add(tf.sub(tf.sub(k, rowMean), colMean), tf.mean(k)) as tf.Tensor2D;
}

/**
 * Biased HSIC between paired samples x ([n, p]) and y ([n, q]) with RBF kernels of median-heuristic width:
 * HSIC = tr(K H L H) / n² = Σ_ij (H K H)_ij L_ij / n², H = I − 11ᵀ/n (Gretton et al. 2005). ≥ 0, and near 0 for
 * independent samples. The widths are constants (no gradient). 0 for fewer than 2 rows.
 */
export function hsic(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  const n = x.shape[0];
  if (n < 2) return tf.scalar(0);
  const dy = squaredDistances(y, y);
  const l = tf.exp(tf.div(dy, -2 * medianScale(dy)));
  return tf.div(tf.sum(tf.mul(centredGram(x), l)), n * n) as tf.Scalar;
}

/**
 * contrastiveVI's Wasserstein penalty on background rows: the mean over rows of ‖μ_t(x)‖² + Σ_j σ²_tj(x), the squared
 * 2-Wasserstein distance of N(μ, diag σ²) from the point mass at 0. 0 when there are no rows.
 */
export function wassersteinToZero(loc: tf.Tensor2D, logScale: tf.Tensor2D): tf.Scalar {
  if (loc.shape[0] === 0) return tf.scalar(0);
  return tf.mean(tf.sum(tf.add(tf.square(loc), tf.exp(tf.mul(logScale, 2))), 1)) as tf.Scalar;
}
