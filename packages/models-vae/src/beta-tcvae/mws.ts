import { normalLogProb } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';

/** Per-row terms of the KL decomposition E[KL(q(z|x) ‖ p(z))] = I_q(x; z) + TC(z) + Σ_k KL(q(z_k) ‖ p(z_k)). */
export interface KlDecomposition {
  /** log q(z_i | x_i) − log q(z_i): index-code mutual information. */
  readonly mutualInformation: tf.Tensor1D;
  /** log q(z_i) − Σ_k log q(z_ik): total correlation. */
  readonly totalCorrelation: tf.Tensor1D;
  /** Σ_k log q(z_ik) − log p(z_i): dimension-wise KL. */
  readonly dimensionKl: tf.Tensor1D;
}

/**
 * Minibatch-weighted sampling (MWS) estimates of the β-TCVAE decomposition (Chen et al. 2018, §4.1) for one draw
 * z_i ~ q(z | x_i) per row of a batch of B rows out of N:
 * log q(z_i) ≈ logsumexp_m log q(z_i | x_m) − log(N·B) and log q(z_ik) ≈ logsumexp_m log q(z_ik | x_m) − log(N·B),
 * where q(z | x_m) = N(loc_m, diag exp(logScale_m)²) and p(z) = N(0, I). One [B, B, K] tensor of log densities.
 * @param nData N, the number of training rows.
 */
export function mwsDecomposition(z: tf.Tensor2D, loc: tf.Tensor2D, logScale: tf.Tensor2D, nData: number): KlDecomposition {
  const [b, k] = z.shape;
  const logNm = Math.log(nData * b);
  const pairwise = normalLogProb(tf.reshape(z, [b, 1, k]), tf.reshape(loc, [1, b, k]), tf.reshape(logScale, [1, b, k]));
  const logQzCond = tf.sum(normalLogProb(z, loc, logScale), 1);
  const logQz = tf.sub(tf.logSumExp(tf.sum(pairwise, 2), 1), logNm);
  const logQzProduct = tf.sum(tf.sub(tf.logSumExp(pairwise, 1), logNm), 1);
  const logPz = tf.sum(normalLogProb(z, 0, 0), 1);
  return {
    mutualInformation: tf.sub(logQzCond, logQz) as tf.Tensor1D,
    totalCorrelation: tf.sub(logQz, logQzProduct) as tf.Tensor1D,
    dimensionKl: tf.sub(logQzProduct, logPz) as tf.Tensor1D,
  };
}
