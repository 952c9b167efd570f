import { cholesky, matrix } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { GaussianComponents } from './gmm-state.js';

/** Float32 unit roundoff u = 2⁻²⁴. */
const U32 = 2 ** -24;

/**
 * Above this estimated rounding of the whitened residuals, a component's log-densities are computed in float64.
 * The float32 E-step stores x − c rounded to u·|x − c| per coordinate; whitened by a component whose narrowest
 * conditional standard deviation is σ_min, that is an error of about u·(|μ_k − c|_∞ + σ_max) / σ_min in z, and of
 * twice that times |z| in the Mahalanobis term. 1e-5 keeps the per-row log-density error near 1e-4 at worst.
 */
export const FLOAT32_RESIDUAL_ROUNDING = 1e-5;

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Components (0-based) that float32 cannot resolve at the data's scale: narrow in some direction relative to their
 * distance from the centre `center` and to their own widest direction (a component on near-duplicated rows far from
 * the centre, columns collinear to 1e-4 with regCovar = 0). Their log-densities and statistics go through float64.
 */
export function float64Components(state: GaussianComponents, center: Float64Array): number[] {
  const { k, d } = state;
  const out: number[] = [];
  for (let c = 0; c < k; c++) {
    const cov = state.covariances.subarray(c * d * d, (c + 1) * d * d);
    let L: Float64Array;
    try {
      L = cholesky(matrix(d, d, cov)).data;
    } catch {
      continue; // eStepFactors reports it
    }
    let minSd = Infinity;
    let maxSd = 0;
    let far = 0;
    for (let j = 0; j < d; j++) {
      minSd = Math.min(minSd, L[j * d + j]);
      maxSd = Math.max(maxSd, Math.sqrt(cov[j * d + j]));
      far = Math.max(far, Math.abs(state.means[c * d + j] - center[j]));
    }
    if ((U32 * (far + maxSd)) / minSd > FLOAT32_RESIDUAL_ROUNDING) out.push(c);
  }
  return out;
}

/**
 * logWeights_k + log N(x_i | μ_k, Σ_k) in float64 for components `which` and the rows `rows[r]` (or r) of `values`,
 * r in [start, start + size), as a size×K float32 array holding them in those columns (0 elsewhere).
 */
export function float64LogProb(
  state: GaussianComponents,
  logWeights: Float64Array,
  which: readonly number[],
  values: Float64Array,
  rows: Int32Array | null,
  start: number,
  size: number,
): Float32Array {
  const { k, d } = state;
  const out = new Float32Array(size * k);
  const y = new Float64Array(d);
  for (const c of which) {
    const L = cholesky(matrix(d, d, state.covariances.subarray(c * d * d, (c + 1) * d * d))).data;
    let logDet = 0;
    for (let j = 0; j < d; j++) logDet += Math.log(L[j * d + j]);
    const constant = logWeights[c] - 0.5 * d * LOG_2PI - logDet;
    for (let r = 0; r < size; r++) {
      const at = (rows ? rows[start + r] : start + r) * d;
      let maha = 0;
      for (let a = 0; a < d; a++) {
        let s = values[at + a] - state.means[c * d + a];
        for (let b = 0; b < a; b++) s -= L[a * d + b] * y[b];
        y[a] = s / L[a * d + a];
        maha += y[a] * y[a];
      }
      out[r * k + c] = constant - 0.5 * maha;
    }
  }
  return out;
}

/**
 * `lp` (B×K) with the columns `which` replaced by the float64 values of {@link float64LogProb}. Call inside `tf.tidy`.
 */
export function withFloat64Columns(lp: tf.Tensor2D, exact: Float32Array, which: readonly number[]): tf.Tensor2D {
  const k = lp.shape[1];
  const mask = new Float32Array(k);
  for (const c of which) mask[c] = 1;
  const m = tf.tensor1d(mask);
  return tf.add(tf.mul(lp, tf.sub(1, m)), tf.mul(tf.tensor2d(exact, lp.shape), m)) as tf.Tensor2D;
}
