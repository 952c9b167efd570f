import * as tf from '@tensorflow/tfjs-core';
import type { GmmData, RowBlock } from './gmm-data.js';
import { missingEStep } from './gmm-missing.js';
import { eStepFactors, logWeightsOf, type GaussianComponents, type GmmState } from './gmm-state.js';

/** Weighted responsibilities' sufficient statistics: N_k = Σ_i r_ik, S1_k = Σ_i r_ik x_i, S2_k = Σ_i r_ik x_i x_iᵀ (centred x). */
export interface GmmStats {
  readonly nk: Float64Array;
  readonly s1: Float64Array;
  readonly s2: Float64Array;
  readonly n: number;
  readonly center: Float64Array;
}

/**
 * logWeights_k + log N(x_i | μ_k, Σ_k) for every row of `rows.x` and component, as one N×D @ D×KD matmul
 * (no loop over components; see BACKENDS.md §3b).
 */
export function weightedLogProb(state: GaussianComponents, rows: RowBlock, logWeights: Float64Array): tf.Tensor2D {
  const { k, d } = state;
  const n = rows.x.shape[0];
  const f = eStepFactors(state, rows.center, logWeights);
  return tf.tidy(() => {
    const y = tf.sub(tf.matMul(rows.x, tf.tensor2d(f.w, [d, k * d])), tf.tensor1d(f.b));
    const maha = tf.sum(tf.reshape(tf.square(y), [n, k, d]), 2);
    return tf.sub(tf.tensor1d(f.logConst), tf.mul(maha, 0.5)) as tf.Tensor2D;
  });
}

/** Log responsibilities log r_ik and per-row log-likelihood log p(x_i) of the rows in `rows.x`. */
export function logResponsibilities(state: GaussianComponents, rows: RowBlock, logWeights: Float64Array): { logResp: tf.Tensor2D; logLik: tf.Tensor1D } {
  return tf.tidy(() => {
    const lp = weightedLogProb(state, rows, logWeights);
    const lse = tf.logSumExp(lp, 1, true);
    return { logResp: tf.sub(lp, lse) as tf.Tensor2D, logLik: tf.reshape(lse, [rows.x.shape[0]]) as tf.Tensor1D };
  });
}

/** Sufficient statistics of responsibilities `resp` (N×K) over the rows of `rows.x`, read back as float64. */
export function sufficientStats(resp: tf.Tensor2D, rows: RowBlock): GmmStats {
  const [n, k] = resp.shape;
  const d = rows.x.shape[1];
  const [nkT, s1T, s2T] = tf.tidy(() => {
    const rt = tf.transpose(resp);
    const s2 = rows.xx
      ? tf.matMul(rt, rows.xx)
      : tf.matMul(tf.transpose(tf.reshape(tf.mul(tf.reshape(resp, [n, k, 1]), tf.reshape(rows.x, [n, 1, d])), [n, k * d])), rows.x);
    return [tf.sum(resp, 0), tf.matMul(rt, rows.x), s2];
  });
  const out = { nk: Float64Array.from(nkT.dataSync()), s1: Float64Array.from(s1T.dataSync()), s2: Float64Array.from(s2T.dataSync()), n, center: rows.center };
  tf.dispose([nkT, s1T, s2T]);
  return out;
}

/**
 * One E-step over all rows: the mean log-likelihood (1/N) Σ_i log p(x_i) and the (expected) sufficient statistics.
 * Complete rows take the batched tfjs path; rows with missing cells the exact float64 path of `missingEStep`,
 * whose statistics are added to the complete rows'. `sumRLogR` (Σ_ik r_ik log r_ik, for variational bounds)
 * is computed when asked.
 */
export function mixtureEStep(
  state: GaussianComponents,
  data: GmmData,
  logWeights: Float64Array,
  opts: { entropy?: boolean } = {},
): { stats: GmmStats; objective: number; sumRLogR: number } {
  const { k, d } = state;
  const nComplete = data.x.shape[0];
  let stats: GmmStats;
  let mean = 0;
  let sumRLogR = 0;
  if (nComplete > 0) {
    const { logResp, logLik } = logResponsibilities(state, data, logWeights);
    const meanT = tf.mean(logLik);
    mean = meanT.dataSync()[0];
    const resp = tf.exp(logResp) as tf.Tensor2D;
    stats = sufficientStats(resp, data);
    if (opts.entropy) {
      const h = tf.sum(tf.mul(resp, logResp));
      sumRLogR = h.dataSync()[0];
      h.dispose();
    }
    tf.dispose([logResp, logLik, meanT, resp]);
  } else {
    stats = { nk: new Float64Array(k), s1: new Float64Array(k * d), s2: new Float64Array(k * d * d), n: 0, center: data.center };
  }
  if (!data.missing) return { stats, objective: mean, sumRLogR };
  const sum = mean * nComplete;
  const m = missingEStep(state, logWeights, data.missing, data.values, data.center, { stats: true, logResp: Boolean(opts.entropy) });
  const ms = m.stats!;
  for (let i = 0; i < stats.nk.length; i++) stats.nk[i] += ms.nk[i];
  for (let i = 0; i < stats.s1.length; i++) stats.s1[i] += ms.s1[i];
  for (let i = 0; i < stats.s2.length; i++) stats.s2[i] += ms.s2[i];
  if (m.logResp) for (const lr of m.logResp) sumRLogR += Math.exp(lr) * lr;
  return { stats: { ...stats, n: data.n }, objective: (sum + m.sumLogLik) / data.n, sumRLogR };
}

/** E-step of `mixture/gmm`: the mean log-likelihood at `state` and the statistics of its responsibilities. */
export function gmmEStep(state: GmmState, data: GmmData): { stats: GmmStats; objective: number } {
  const { stats, objective } = mixtureEStep(state, data, logWeightsOf(state));
  return { stats, objective };
}
