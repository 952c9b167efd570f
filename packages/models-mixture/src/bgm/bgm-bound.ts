import { cholesky, lgamma, logBeta, matrix } from '@latentkit/core';
import type { BgmState } from './bgm-state.js';

/**
 * scikit-learn's variational lower bound of the Bayesian mixture (`_compute_lower_bound`), a total over rows
 * with the terms that do not depend on the variational parameters left out:
 *
 * L = −Σ_ik r_ik log r_ik − Σ_k log B(W_k, ν_k) − log C(q(π)) − (D/2) Σ_k log β_k,
 *
 * where log B(W, ν) = −(ν/2) log|W| − (νD/2) log 2 − Σ_{j<D} log Γ((ν − j)/2) is the log normaliser of the
 * Wishart without its π term (|W| = |ν⁻¹ covariances⁻¹|), and log C is log Γ(Σ γ) − Σ log Γ(γ_k) for the
 * Dirichlet, or −Σ_k log Beta(α_k, β'_k) for the stick-breaking prior. `sumRLogR` = Σ_ik r_ik log r_ik comes
 * from the E-step. Tied covariance counts the one Wishart K times, as scikit-learn does.
 */
export function bgmLowerBound(state: BgmState, sumRLogR: number): number {
  const { k, d } = state;
  let logWishart = 0;
  for (let c = 0; c < k; c++) {
    const nu = state.degreesOfFreedom[c];
    const L = cholesky(matrix(d, d, state.covariances.subarray(c * d * d, (c + 1) * d * d)), {
      name: `covariance of component ${c + 1}`,
      hint: 'increase regCovar',
    });
    let logDetCov = 0;
    for (let j = 0; j < d; j++) logDetCov += 2 * Math.log(L.data[j * d + j]);
    // log det of the precision's Cholesky factor, with the ν of the normalised covariances removed.
    const logDetPrecChol = -0.5 * logDetCov - 0.5 * d * Math.log(nu);
    let lg = 0;
    for (let j = 0; j < d; j++) lg += lgamma(0.5 * (nu - j));
    logWishart += -(nu * logDetPrecChol + nu * d * 0.5 * Math.LN2 + lg);
  }
  let logNormWeight = 0;
  const a = state.concentrationA;
  if (state.concentrationB) {
    for (let c = 0; c < k; c++) logNormWeight -= logBeta(a[c], state.concentrationB[c]);
  } else {
    let sum = 0;
    for (let c = 0; c < k; c++) {
      sum += a[c];
      logNormWeight -= lgamma(a[c]);
    }
    logNormWeight += lgamma(sum);
  }
  let logBeta0 = 0;
  for (let c = 0; c < k; c++) logBeta0 += Math.log(state.meanPrecision[c]);
  return -sumRLogR - logWishart - logNormWeight - 0.5 * d * logBeta0;
}
