import { cholesky, invertLower, matrix } from '@latentkit/core';
import type { CovarianceType } from './gmm-params.js';

/** K Gaussian components in float64: means (K×D, row-major) and full covariances (K×D×D). */
export interface GaussianComponents {
  /** Number of components K. */
  readonly k: number;
  /** Dimension D of the data (number of columns). */
  readonly d: number;
  /** Means μ_k, row-major K×D. */
  readonly means: Float64Array;
  /** Covariances Σ_k, K×D×D. */
  readonly covariances: Float64Array;
}

/**
 * Parameters of a fitted Gaussian mixture, in float64 and in the data's own units.
 * Covariances are always stored as full D×D matrices (diagonal, spherical and tied types are special cases).
 */
export interface GmmState extends GaussianComponents {
  /** The covariance parameterisation fitted (`covariances` are stored full whatever it is). */
  readonly covarianceType: CovarianceType;
  /** Mixing weights π_k (K). */
  readonly weights: Float64Array;
}

/**
 * Quantities the batched E-step needs, derived from a state: with Σ_k = L_k L_kᵀ and W_k = L_k⁻ᵀ,
 * (x − μ_k)ᵀ Σ_k⁻¹ (x − μ_k) = ‖(x − c)W_k − (μ_k − c)W_k‖² for any centre c.
 * `w` is [W_1 … W_K] (D×KD), `b` is [(μ_1 − c)W_1 … ] (KD), and
 * `logConst_k` = log π_k − (D/2) log 2π + Σ_d log (W_k)_dd.
 */
export interface EStepFactors {
  readonly w: Float32Array;
  readonly b: Float32Array;
  readonly logConst: Float32Array;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** log π_k for every component. */
export function logWeightsOf(state: GmmState): Float64Array {
  return Float64Array.from(state.weights, Math.log);
}

/** The E-step factors of `state`; `logWeights` is the per-component additive term (log π_k for a plain mixture). */
export function eStepFactors(state: GaussianComponents, center: Float64Array, logWeights: Float64Array): EStepFactors {
  const { k, d } = state;
  const kd = k * d;
  const w = new Float32Array(d * kd);
  const b = new Float32Array(kd);
  const logConst = new Float32Array(k);
  for (let c = 0; c < k; c++) {
    const cov = matrix(d, d, state.covariances.subarray(c * d * d, (c + 1) * d * d));
    const L = cholesky(cov, { name: `covariance of component ${c + 1}`, hint: 'increase regCovar or reduce nComponents' });
    const Linv = invertLower(L);
    let logDet = 0;
    for (let i = 0; i < d; i++) logDet += Math.log(Linv.data[i * d + i]);
    logConst[c] = logWeights[c] - 0.5 * d * LOG_2PI + logDet;
    // W_k = Linv^T: W[i, j] = Linv[j, i]; stored at column block c of w.
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) w[i * kd + c * d + j] = Linv.data[j * d + i];
    }
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += (state.means[c * d + i] - center[i]) * Linv.data[j * d + i];
      b[c * d + j] = s;
    }
  }
  return { w, b, logConst };
}

/** Number of free parameters (for BIC/AIC), as scikit-learn counts them. */
export function freeParameters(state: Pick<GmmState, 'k' | 'd' | 'covarianceType'>): number {
  const { k, d } = state;
  const cov = { full: (k * d * (d + 1)) / 2, diag: k * d, tied: (d * (d + 1)) / 2, spherical: k }[state.covarianceType];
  return cov + k * d + k - 1;
}

/** A weighted average of the component means: a numerically convenient centre for float32 work. */
export function mixtureCenter(state: GmmState): Float64Array {
  const c = new Float64Array(state.d);
  for (let k = 0; k < state.k; k++) for (let j = 0; j < state.d; j++) c[j] += state.weights[k] * state.means[k * state.d + j];
  return c;
}
