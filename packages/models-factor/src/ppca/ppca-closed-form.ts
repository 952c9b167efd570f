import { matrix, requireFinite, symmetricEigen, type Dataset, requireDense } from '@latentkit/core';
import { columnMoments, type Moments } from '../shared/column-moments.js';
import type { LinearGaussian } from '../shared/linear-gaussian.js';

/** Registry key of probabilistic PCA. */
export const PPCA_KEY = 'factor/ppca';

/** Moments of complete data for the closed form; NaN cells are rejected with a one-line error naming the cell. */
export function preparePpcaMoments(data: Dataset, k: number): Moments {
  const ds = requireDense(data, PPCA_KEY);
  requireNoiseDimensions(k, ds.nCols);
  requireFinite(ds, `${PPCA_KEY} with method 'closed-form' (use method 'em' for missing values)`);
  return columnMoments(ds.values, ds.nRows, ds.nCols);
}

/** PPCA needs at least one discarded dimension to estimate σ². */
export function requireNoiseDimensions(k: number, d: number): void {
  if (k >= d) throw new Error(`${PPCA_KEY}: nComponents=${k} must be less than the ${d} columns of the data (σ² is estimated from the discarded dimensions)`);
}

/**
 * The maximum-likelihood PPCA fit (Tipping & Bishop 1999, eqs. 7–8) from the covariance S' = S·N/(N − ddof) with
 * eigenvalues λ₁ ≥ … ≥ λ_D and eigenvectors U: σ² = (1/(D − K)) Σ_{j>K} λ_j and W = U_K (Λ_K − σ²I)^{1/2}.
 * With ddof = 1 this is scikit-learn's `PCA`: `noise_variance_` = σ² and `components_` = U_Kᵀ.
 */
export function ppcaClosedForm(m: Moments, k: number, ddof: number): LinearGaussian {
  const { n, d } = m;
  const scale = n / (n - ddof);
  const { values, vectors } = symmetricEigen(matrix(d, d, m.cov));
  let discarded = 0;
  for (let j = k; j < d; j++) discarded += values[j];
  const sigma2 = (scale * discarded) / (d - k);
  if (!(sigma2 > 1e-12 * scale * values[0])) {
    throw new Error(
      `${PPCA_KEY}: the noise variance σ² (the mean of the ${d - k} smallest covariance eigenvalues) is ${sigma2.toPrecision(2)}: the data have rank at most nComponents=${k}; reduce nComponents`,
    );
  }
  const loadings = new Float64Array(d * k);
  for (let c = 0; c < k; c++) {
    const f = Math.sqrt(Math.max(scale * values[c] - sigma2, 0));
    for (let j = 0; j < d; j++) loadings[j * k + c] = vectors.data[j * d + c] * f;
  }
  return { d, k, mean: m.mean, loadings, noise: new Float64Array(d).fill(sigma2) };
}
