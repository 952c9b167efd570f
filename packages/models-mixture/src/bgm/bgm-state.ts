import { digamma, type DenseDataset } from '@latentkit/core';
import type { CovarianceType } from '../gmm/gmm-params.js';
import type { GaussianComponents } from '../gmm/gmm-state.js';
import type { BgmParams, WeightConcentrationPriorType } from './bgm-params.js';

/** The priors in force for a fit, with scikit-learn's data-dependent defaults filled in. */
export interface BgmPriors {
  /** Stick-breaking (`dirichlet_process`) or Dirichlet (`dirichlet_distribution`) prior on the weights. */
  readonly weightConcentrationPriorType: WeightConcentrationPriorType;
  /** γ₀. */
  readonly weightConcentration: number;
  /** β₀. */
  readonly meanPrecision: number;
  /** m₀ (D). */
  readonly mean: Float64Array;
  /** ν₀. */
  readonly degreesOfFreedom: number;
  /** Ψ₀ (D×D, full; projected on the covariance type where used). */
  readonly covariance: Float64Array;
}

/**
 * The variational posterior q(π) q(μ, Λ) of the Bayesian mixture, in scikit-learn's parameterisation:
 * q(μ_k, Λ_k) = N(μ_k | m_k, (β_k Λ_k)⁻¹) W(Λ_k | W_k, ν_k), stored as `means` = m_k, `meanPrecision` = β_k,
 * `degreesOfFreedom` = ν_k and `covariances` = (ν_k W_k)⁻¹ = E[Λ_k]⁻¹ (full K×D×D matrices for every type;
 * tied repeats one matrix and one ν). q(π) is Dirichlet(γ_1..γ_K), or for the truncated Dirichlet process
 * Π_k Beta(v_k | α_k, β'_k) with π_k = v_k Π_{j<k} (1 − v_j) (`concentrationA` = α, `concentrationB` = β').
 */
export interface BgmState extends GaussianComponents {
  /** The covariance parameterisation fitted (`covariances` are stored full whatever it is). */
  readonly covarianceType: CovarianceType;
  /** The priors the posterior was fitted under, defaults filled in. */
  readonly priors: BgmPriors;
  /** γ_k (Dirichlet) or α_k (Dirichlet process). */
  readonly concentrationA: Float64Array;
  /** β'_k (Dirichlet process); null for the Dirichlet distribution. */
  readonly concentrationB: Float64Array | null;
  /** β_k = β₀ + N_k, the precision scale of q(μ_k | Λ_k) (K). */
  readonly meanPrecision: Float64Array;
  /** ν_k = ν₀ + N_k, the Wishart degrees of freedom of q(Λ_k) (K; tied repeats one value, ν₀ + N / K). */
  readonly degreesOfFreedom: Float64Array;
}

/**
 * Priors from the hyperparameters and the data (scikit-learn's defaults): γ₀ = 1/K, β₀ = 1, m₀ = column means,
 * ν₀ = D, Ψ₀ = the sample covariance with ddof 1. Throws a one-line error for a ν₀ ≤ D − 1 or a wrong shape.
 */
export function resolvePriors(params: BgmParams, ds: DenseDataset): BgmPriors {
  const { nRows: n, nCols: d, values } = ds;
  const who = 'mixture/bayesian-gmm';
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += values[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  let covariance: Float64Array;
  if (params.covariancePrior) {
    const m = params.covariancePrior;
    if (m.length !== d || m.some((row) => row.length !== d)) throw new Error(`${who}: covariancePrior must be ${d}×${d} (the data has ${d} columns)`);
    covariance = Float64Array.from(m.flat());
  } else {
    covariance = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < d; a++) {
        const va = values[i * d + a] - mean[a];
        for (let b = 0; b < d; b++) covariance[a * d + b] += va * (values[i * d + b] - mean[b]);
      }
    }
    for (let i = 0; i < d * d; i++) covariance[i] /= n - 1;
  }
  if (params.meanPrior && params.meanPrior.length !== d)
    throw new Error(`${who}: meanPrior has ${params.meanPrior.length} numbers but the data has ${d} columns`);
  const dof = params.degreesOfFreedomPrior ?? d;
  if (!(dof > d - 1)) throw new Error(`${who}: degreesOfFreedomPrior=${dof} must be greater than D − 1 = ${d - 1}`);
  return {
    weightConcentrationPriorType: params.weightConcentrationPriorType,
    weightConcentration: params.weightConcentrationPrior ?? 1 / params.nComponents,
    meanPrecision: params.meanPrecisionPrior ?? 1,
    mean: params.meanPrior ? Float64Array.from(params.meanPrior) : mean,
    degreesOfFreedom: dof,
    covariance,
  };
}

/**
 * E[log π_k] under q(π): ψ(γ_k) − ψ(Σ_j γ_j) for the Dirichlet; for the stick-breaking prior
 * ψ(α_k) − ψ(α_k + β'_k) + Σ_{j<k} (ψ(β'_j) − ψ(α_j + β'_j)).
 */
export function expectedLogWeights(state: BgmState): Float64Array {
  const { k, concentrationA: a, concentrationB: b } = state;
  const out = new Float64Array(k);
  if (!b) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += a[c];
    const psiSum = digamma(sum);
    for (let c = 0; c < k; c++) out[c] = digamma(a[c]) - psiSum;
    return out;
  }
  let stick = 0;
  for (let c = 0; c < k; c++) {
    const psiSum = digamma(a[c] + b[c]);
    out[c] = digamma(a[c]) - psiSum + stick;
    stick += digamma(b[c]) - psiSum;
  }
  return out;
}

/**
 * The per-component additive term of the E-step, so that with the Gaussian N(x | m_k, covariances_k) the sum is
 * E_q[log π_k + log N(x | μ_k, Λ_k⁻¹)] (Bishop 2006, eqs. 10.64–10.66; scikit-learn's `_estimate_log_prob`):
 * E[log π_k] − (D/2) log ν_k + ½ (D log 2 + Σ_{j<D} ψ((ν_k − j)/2)) − D / (2 β_k).
 */
export function variationalLogWeights(state: BgmState): Float64Array {
  const { k, d } = state;
  const out = expectedLogWeights(state);
  for (let c = 0; c < k; c++) {
    const nu = state.degreesOfFreedom[c];
    let logLambda = d * Math.LN2;
    for (let j = 0; j < d; j++) logLambda += digamma(0.5 * (nu - j));
    out[c] += -0.5 * d * Math.log(nu) + 0.5 * (logLambda - d / state.meanPrecision[c]);
  }
  return out;
}

/**
 * Point estimate of the weights (scikit-learn's `weights_`): E[π_k] = γ_k / Σ_j γ_j for the Dirichlet; for the
 * stick-breaking prior E[v_k] Π_{j<k} (1 − E[v_j]) with E[v_k] = α_k / (α_k + β'_k), renormalised to sum to 1.
 */
export function pointWeights(state: BgmState): Float64Array {
  const { k, concentrationA: a, concentrationB: b } = state;
  const w = new Float64Array(k);
  if (!b) {
    for (let c = 0; c < k; c++) w[c] = a[c];
  } else {
    let rest = 1;
    for (let c = 0; c < k; c++) {
      w[c] = (a[c] / (a[c] + b[c])) * rest;
      rest *= b[c] / (a[c] + b[c]);
    }
  }
  let sum = 0;
  for (let c = 0; c < k; c++) sum += w[c];
  for (let c = 0; c < k; c++) w[c] /= sum;
  return w;
}
