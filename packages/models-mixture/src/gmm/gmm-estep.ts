import * as tf from '@tensorflow/tfjs-core';
import type { GmmData } from './gmm-data.js';
import { eStepFactors, type GmmState } from './gmm-state.js';

/** Weighted responsibilities' sufficient statistics: N_k = Σ_i r_ik, S1_k = Σ_i r_ik x_i, S2_k = Σ_i r_ik x_i x_iᵀ (centred x). */
export interface GmmStats {
  readonly nk: Float64Array;
  readonly s1: Float64Array;
  readonly s2: Float64Array;
  readonly n: number;
  readonly center: Float64Array;
}

/**
 * log π_k + log N(x_i | μ_k, Σ_k) for every row and component, as one N×D @ D×KD matmul
 * (no loop over components; see BACKENDS.md §3b).
 */
export function weightedLogProb(state: GmmState, data: GmmData): tf.Tensor2D {
  const { k, d } = state;
  const f = eStepFactors(state, data.center);
  return tf.tidy(() => {
    const y = tf.sub(tf.matMul(data.x, tf.tensor2d(f.w, [d, k * d])), tf.tensor1d(f.b));
    const maha = tf.sum(tf.reshape(tf.square(y), [data.n, k, d]), 2);
    return tf.sub(tf.tensor1d(f.logConst), tf.mul(maha, 0.5)) as tf.Tensor2D;
  });
}

/** Log responsibilities log r_ik and per-row log-likelihood log p(x_i). */
export function logResponsibilities(state: GmmState, data: GmmData): { logResp: tf.Tensor2D; logLik: tf.Tensor1D } {
  return tf.tidy(() => {
    const lp = weightedLogProb(state, data);
    const lse = tf.logSumExp(lp, 1, true);
    return { logResp: tf.sub(lp, lse) as tf.Tensor2D, logLik: tf.reshape(lse, [data.n]) as tf.Tensor1D };
  });
}

/** Sufficient statistics of responsibilities `resp` (N×K), read back as float64. */
export function sufficientStats(resp: tf.Tensor2D, data: GmmData): GmmStats {
  const k = resp.shape[1];
  const { n, d } = data;
  const [nkT, s1T, s2T] = tf.tidy(() => {
    const rt = tf.transpose(resp);
    const s2 = data.xx
      ? tf.matMul(rt, data.xx)
      : tf.matMul(tf.transpose(tf.reshape(tf.mul(tf.reshape(resp, [n, k, 1]), tf.reshape(data.x, [n, 1, d])), [n, k * d])), data.x);
    return [tf.sum(resp, 0), tf.matMul(rt, data.x), s2];
  });
  const out = { nk: Float64Array.from(nkT.dataSync()), s1: Float64Array.from(s1T.dataSync()), s2: Float64Array.from(s2T.dataSync()), n, center: data.center };
  tf.dispose([nkT, s1T, s2T]);
  return out;
}

/** E-step: the mean log-likelihood at `state` and the statistics of its responsibilities. */
export function gmmEStep(state: GmmState, data: GmmData): { stats: GmmStats; objective: number } {
  const { logResp, logLik } = logResponsibilities(state, data);
  const meanT = tf.mean(logLik);
  const objective = meanT.dataSync()[0];
  const resp = tf.exp(logResp);
  const stats = sufficientStats(resp as tf.Tensor2D, data);
  tf.dispose([logResp, logLik, meanT, resp]);
  return { stats, objective };
}
