import type { GmmStats } from './gmm-estep.js';
import type { CovarianceType } from './gmm-params.js';
import type { GmmState } from './gmm-state.js';

const EPS10 = 10 * Number.EPSILON;

/**
 * M-step in float64 from the statistics (scikit-learn's `_estimate_gaussian_parameters`):
 * N_k ← N_k + 10ε, π_k = N_k / N, μ_k = S1_k / N_k, and
 * full: Σ_k = S2_k / N_k − μ̃_k μ̃_kᵀ + reg·I (μ̃ the centred mean);
 * diag: the diagonal of that; spherical: its mean diagonal; tied: Σ = Σ_k (S2_k − N_k μ̃_k μ̃_kᵀ) / N + reg·I.
 */
export function gmmMStep(stats: GmmStats, covarianceType: CovarianceType, regCovar: number): GmmState {
  const k = stats.nk.length;
  const d = stats.center.length;
  const weights = new Float64Array(k);
  const means = new Float64Array(k * d);
  const covariances = new Float64Array(k * d * d);
  const mu = new Float64Array(d);
  let total = 0;
  for (let c = 0; c < k; c++) total += stats.nk[c] + EPS10;
  const tied = covarianceType === 'tied' ? new Float64Array(d * d) : null;
  for (let c = 0; c < k; c++) {
    const nk = stats.nk[c] + EPS10;
    weights[c] = nk / total;
    for (let j = 0; j < d; j++) {
      mu[j] = stats.s1[c * d + j] / nk;
      means[c * d + j] = mu[j] + stats.center[j];
    }
    const cov = covariances.subarray(c * d * d, (c + 1) * d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const scatter = stats.s2[c * d * d + i * d + j] - nk * mu[i] * mu[j];
        if (tied) tied[i * d + j] += scatter;
        else cov[i * d + j] = scatter / nk;
      }
    }
    if (covarianceType === 'diag' || covarianceType === 'spherical') {
      let mean = 0;
      for (let i = 0; i < d; i++) mean += cov[i * d + i] + regCovar;
      mean /= d;
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) if (i !== j) cov[i * d + j] = 0;
      for (let i = 0; i < d; i++) cov[i * d + i] = covarianceType === 'spherical' ? mean : cov[i * d + i] + regCovar;
    } else if (!tied) {
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
