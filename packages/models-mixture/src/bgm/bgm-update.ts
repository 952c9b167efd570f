import type { GmmStats } from '../gmm/gmm-estep.js';
import { gmmMStep } from '../gmm/gmm-mstep.js';
import type { CovarianceType } from '../gmm/gmm-params.js';
import type { BgmPriors, BgmState } from './bgm-state.js';

const EPS10 = 10 * Number.EPSILON;

/**
 * The variational update of q(π) q(μ, Λ) from the expected statistics of q(z) (Bishop 2006, eqs. 10.58–10.63,
 * with scikit-learn's `_estimate_weights`, `_estimate_means` and `_estimate_wishart_*`): with N_k = Σ_i r_ik + 10ε,
 * x̄_k and S_k the weighted mean and covariance (+ regCovar on the diagonal, projected on the covariance type),
 * - weights: γ_k = γ₀ + N_k (Dirichlet), or α_k = 1 + N_k and β'_k = γ₀ + Σ_{j>k} N_j (stick-breaking);
 * - means: β_k = β₀ + N_k, m_k = (β₀ m₀ + N_k x̄_k) / β_k;
 * - precisions: ν_k = ν₀ + N_k and covariances_k = (Ψ₀ + N_k S_k + (N_k β₀ / β_k)(x̄_k − m₀)(x̄_k − m₀)ᵀ) / ν_k,
 *   diag/spherical keeping the diagonal/its mean of each term; tied pools them: ν = ν₀ + N/K and
 *   (Ψ₀ + S·N/K + (β₀/K) Σ_k (N_k/β_k)(x̄_k − m₀)(x̄_k − m₀)ᵀ) / ν for every component.
 */
export function bgmUpdate(stats: GmmStats, priors: BgmPriors, covarianceType: CovarianceType, regCovar: number): BgmState {
  const k = stats.nk.length;
  const d = stats.d;
  const g = gmmMStep(stats, covarianceType, regCovar);
  const nk = Float64Array.from(stats.nk, (v) => v + EPS10);
  const g0 = priors.weightConcentration;
  let concentrationA: Float64Array;
  let concentrationB: Float64Array | null = null;
  if (priors.weightConcentrationPriorType === 'dirichlet_process') {
    concentrationA = Float64Array.from(nk, (v) => 1 + v);
    concentrationB = new Float64Array(k);
    let tail = 0;
    for (let c = k - 1; c >= 0; c--) {
      concentrationB[c] = g0 + tail;
      tail += nk[c];
    }
  } else {
    concentrationA = Float64Array.from(nk, (v) => g0 + v);
  }
  const b0 = priors.meanPrecision;
  const m0 = priors.mean;
  const meanPrecision = Float64Array.from(nk, (v) => b0 + v);
  const means = new Float64Array(k * d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) means[c * d + j] = (b0 * m0[j] + nk[c] * g.means[c * d + j]) / meanPrecision[c];
  const psi = projectPrior(priors.covariance, d, covarianceType);
  const degreesOfFreedom = new Float64Array(k);
  const covariances = new Float64Array(k * d * d);
  const diff = new Float64Array(d);
  if (covarianceType === 'tied') {
    let total = 0;
    for (let c = 0; c < k; c++) total += nk[c];
    const nu = priors.degreesOfFreedom + total / k;
    const cov = new Float64Array(d * d);
    for (let i = 0; i < d * d; i++) cov[i] = psi[i] + (g.covariances[i] * total) / k;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) diff[j] = g.means[c * d + j] - m0[j];
      const w = (b0 / k) * (nk[c] / meanPrecision[c]);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b] += w * diff[a] * diff[b];
    }
    for (let i = 0; i < d * d; i++) cov[i] /= nu;
    degreesOfFreedom.fill(nu);
    for (let c = 0; c < k; c++) covariances.set(cov, c * d * d);
    return { k, d, covarianceType, priors, concentrationA, concentrationB, meanPrecision, means, degreesOfFreedom, covariances };
  }
  for (let c = 0; c < k; c++) {
    const nu = priors.degreesOfFreedom + nk[c];
    degreesOfFreedom[c] = nu;
    for (let j = 0; j < d; j++) diff[j] = g.means[c * d + j] - m0[j];
    const w = (nk[c] * b0) / meanPrecision[c];
    const sk = g.covariances.subarray(c * d * d, (c + 1) * d * d);
    const cov = covariances.subarray(c * d * d, (c + 1) * d * d);
    if (covarianceType === 'full') {
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b] = (psi[a * d + b] + nk[c] * sk[a * d + b] + w * diff[a] * diff[b]) / nu;
    } else if (covarianceType === 'diag') {
      for (let a = 0; a < d; a++) cov[a * d + a] = (psi[a * d + a] + nk[c] * sk[a * d + a] + w * diff[a] * diff[a]) / nu;
    } else {
      let meanSq = 0;
      for (let a = 0; a < d; a++) meanSq += (diff[a] * diff[a]) / d;
      const v = (psi[0] + nk[c] * sk[0] + w * meanSq) / nu;
      for (let a = 0; a < d; a++) cov[a * d + a] = v;
    }
  }
  return { k, d, covarianceType, priors, concentrationA, concentrationB, meanPrecision, means, degreesOfFreedom, covariances };
}

/** Ψ₀ on the covariance type: diag keeps the diagonal, spherical the mean diagonal times I, full and tied as is. */
function projectPrior(psi: Float64Array, d: number, covarianceType: CovarianceType): Float64Array {
  if (covarianceType === 'full' || covarianceType === 'tied') return psi;
  const out = new Float64Array(d * d);
  let mean = 0;
  for (let a = 0; a < d; a++) mean += psi[a * d + a] / d;
  for (let a = 0; a < d; a++) out[a * d + a] = covarianceType === 'spherical' ? mean : psi[a * d + a];
  return out;
}
