import { matrix, symmetricEigen } from '@latentkit/core';

/** scikit-learn's `SMALL`, added to √ψ_j "to help numerics". */
const SMALL = 1e-12;

/**
 * The loadings that maximise the likelihood for fixed noise variances ψ (Barber, BRML §21.2; scikit-learn's
 * `FactorAnalysis.fit` loop body): with s_j = √ψ_j + 10⁻¹² and the eigen-decomposition
 * diag(s)⁻¹ S diag(s)⁻¹ = V Λ Vᵀ (λ₁ ≥ λ₂ ≥ …), W = diag(s) V_K diag(√max(λ_k − 1, 0)).
 * The λ_k are the squared singular values of X_c diag(s)⁻¹ / √N that scikit-learn computes; working on the D×D
 * covariance makes one step O(D³), independent of N.
 */
export function svdLoadings(cov: Float64Array, noise: Float64Array, d: number, k: number): Float64Array {
  const s = Float64Array.from(noise, (v) => Math.sqrt(v) + SMALL);
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = cov[i * d + j] / (s[i] * s[j]);
  const { values, vectors } = symmetricEigen(matrix(d, d, a));
  const w = new Float64Array(d * k);
  for (let c = 0; c < k; c++) {
    const f = Math.sqrt(Math.max(values[c] - 1, 0));
    for (let j = 0; j < d; j++) w[j * k + c] = f * vectors.data[j * d + c] * s[j];
  }
  return w;
}

/** The noise update of the SVD iteration: ψ_j = max(S_jj − Σ_k W_jk², floor). */
export function svdNoise(variance: Float64Array, w: Float64Array, d: number, k: number, floor: number): Float64Array {
  const psi = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let h = 0;
    for (let c = 0; c < k; c++) h += w[j * k + c] ** 2;
    psi[j] = Math.max(variance[j] - h, floor);
  }
  return psi;
}
