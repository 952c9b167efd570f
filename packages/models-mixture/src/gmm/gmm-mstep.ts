import { assertDefinite } from './gmm-singular.js';
import type { GmmStats } from './gmm-stats.js';
import type { CovarianceType } from './gmm-params.js';
import type { GmmState } from './gmm-state.js';
import { lowerCongruence, lowerTimesVector } from './lower-products.js';

const EPS10 = 10 * Number.EPSILON;

/**
 * M-step in float64 from the statistics (scikit-learn's `_estimate_gaussian_parameters`), with N_k ← N_k + 10ε:
 * π_k = N_k / N, μ_k = m_k + A_k δ_k and the scatter per point
 * C_k = A_k (T_k / N_k − δ_k δ_kᵀ) A_kᵀ, δ_k = F_k / N_k, in each component's frame (m_k, A_k) of {@link GmmStats};
 * full: Σ_k = C_k + reg·I; diag: its diagonal + reg; spherical: its mean diagonal + reg; tied: Σ = Σ_k N_k C_k / N + reg·I.
 *
 * Error bound relied on: in the frame the float32 sums carry an error |ΔT_ab| ≤ ε √(T_aa T_bb) with ε ≤ γ_B + 2u·ρ
 * (γ_B the per-block summation bound of `ROW_BLOCK` (1024 rows), u = 2⁻²⁴, ρ the rounding of the frame coordinates: of order
 * ‖x − c‖ / σ_k for rows centred at c, independent of N), so C_k is exact up to a perturbation of order ε · A_k A_kᵀ,
 * i.e. relative to the previous covariance of the component, not to its squared distance from the centre. The
 * δ_k δ_kᵀ correction is small because m_k is the component's previous mean (or this pass's weighted mean).
 *
 * With `check` (scikit-learn raises there too), a covariance that is still not positive definite after adding regCovar
 * throws a one-line {@link SingularCovarianceError} naming the component and its N_k.
 */
export function gmmMStep(stats: GmmStats, covarianceType: CovarianceType, regCovar: number, opts: { check?: boolean; who?: string } = {}): GmmState {
  const { k, d } = stats;
  const weights = new Float64Array(k);
  const means = new Float64Array(k * d);
  const covariances = new Float64Array(k * d * d);
  const delta = new Float64Array(d);
  const inner = new Float64Array(d * d);
  const tmp = new Float64Array(d * d);
  let total = 0;
  for (let c = 0; c < k; c++) total += stats.nk[c] + EPS10;
  const tied = covarianceType === 'tied' ? new Float64Array(d * d) : null;
  for (let c = 0; c < k; c++) {
    const nk = stats.nk[c] + EPS10;
    weights[c] = nk / total;
    for (let j = 0; j < d; j++) delta[j] = stats.m1[c * d + j] / nk;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) inner[i * d + j] = stats.m2[c * d * d + i * d + j] / nk - delta[i] * delta[j];
    const cov = covariances.subarray(c * d * d, (c + 1) * d * d);
    const a = stats.basis ? stats.basis.subarray(c * d * d, (c + 1) * d * d) : null;
    if (a) {
      // μ = m + A δ; C = A inner Aᵀ (A lower triangular).
      const mean = means.subarray(c * d, (c + 1) * d);
      mean.set(stats.shift.subarray(c * d, (c + 1) * d));
      lowerTimesVector(a, delta, d, mean, true);
      lowerCongruence(a, inner, d, cov, tmp);
    } else {
      for (let j = 0; j < d; j++) means[c * d + j] = stats.shift[c * d + j] + delta[j];
      cov.set(inner);
    }
    if (tied) {
      for (let i = 0; i < d * d; i++) tied[i] += nk * cov[i];
      continue;
    }
    if (covarianceType === 'diag' || covarianceType === 'spherical') {
      let mean = 0;
      for (let i = 0; i < d; i++) mean += cov[i * d + i] + regCovar;
      mean /= d;
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) if (i !== j) cov[i * d + j] = 0;
      for (let i = 0; i < d; i++) cov[i * d + i] = covarianceType === 'spherical' ? mean : cov[i * d + i] + regCovar;
    } else {
      symmetrise(cov, d);
      for (let i = 0; i < d; i++) cov[i * d + i] += regCovar;
    }
  }
  if (tied) {
    for (let i = 0; i < d * d; i++) tied[i] /= total;
    symmetrise(tied, d);
    for (let i = 0; i < d; i++) tied[i * d + i] += regCovar;
    for (let c = 0; c < k; c++) covariances.set(tied, c * d * d);
  }
  if (opts.check) assertDefinite(opts.who ?? 'mixture/gmm', covariances, stats.nk, stats.n, regCovar, tied !== null);
  return { k, d, covarianceType, weights, means, covariances };
}

function symmetrise(a: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const m = 0.5 * (a[i * d + j] + a[j * d + i]);
      a[i * d + j] = m;
      a[j * d + i] = m;
    }
  }
}

/**
 * Full K×D×D covariances projected on a covariance type: diag keeps each diagonal, spherical replaces each by
 * its mean diagonal times I, tied replaces all by Σ_k π_k Σ_k; full keeps them. Returns a new array.
 */
export function projectCovariances(cov: Float64Array, weights: Float64Array, k: number, d: number, covarianceType: CovarianceType): Float64Array {
  const out = Float64Array.from(cov);
  if (covarianceType === 'full') return out;
  if (covarianceType === 'tied') {
    const pooled = new Float64Array(d * d);
    let total = 0;
    for (let c = 0; c < k; c++) total += weights[c];
    for (let c = 0; c < k; c++) for (let i = 0; i < d * d; i++) pooled[i] += (weights[c] / total) * cov[c * d * d + i];
    for (let c = 0; c < k; c++) out.set(pooled, c * d * d);
    return out;
  }
  for (let c = 0; c < k; c++) {
    const m = out.subarray(c * d * d, (c + 1) * d * d);
    let mean = 0;
    for (let i = 0; i < d; i++) mean += m[i * d + i] / d;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) if (i !== j) m[i * d + j] = 0;
    if (covarianceType === 'spherical') for (let i = 0; i < d; i++) m[i * d + i] = mean;
  }
  return out;
}
