import { dot } from '@latentkit/core';

/** Column means and the 1/N covariance of complete data (float64, centred two-pass). */
export interface Moments {
  readonly n: number;
  readonly d: number;
  /** Column means x̄ (D). */
  readonly mean: Float64Array;
  /** S = (1/N) Σ_i (x_i − x̄)(x_i − x̄)ᵀ, D×D row-major. */
  readonly cov: Float64Array;
}

/**
 * Column means x̄ and the covariance S = (1/N) Σ_i (x_i − x̄)(x_i − x̄)ᵀ of an N×D row-major matrix, in float64,
 * by the corrected two-pass algorithm (Chan, Golub & LeVeque 1983): a first pass gives m = (1/N) Σ_i x_i, a second
 * the correction x̄ = m + (1/N) Σ_i (x_i − m); the columns are then centred at x̄ and stored contiguously, and each
 * of the D(D+1)/2 entries is one dot product of length N. S is never formed as (1/N) Σ x xᵀ − x̄ x̄ᵀ.
 *
 * Error bound (Chan, Golub & LeVeque, "Algorithms for computing the sample variance", Am. Stat. 37(3), 1983, the
 * corrected two-pass algorithm; Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., §1.9): with
 * u = 2⁻⁵³ and κ_j = √(1 + x̄_j² / S_jj) the condition number of column j's variance, to first order in the constants
 * |Ŝ_jj − S_jj| ≤ (N u + N² u² κ_j²)·S_jj, and the same argument on the products of two centred columns gives
 * |Ŝ_jk − S_jk| ≤ (N u + N² u² κ_j κ_k)·√(S_jj S_kk).
 * A shift of the data only enters through κ², multiplied by (N u)²: for N = 200,000 rows of unit variance shifted
 * by 10⁶ the bound is 4.9e-10 relative (the textbook one-pass formula's bound, N u κ², is 22, i.e. no digit left).
 */
export function columnMoments(values: Float64Array, n: number, d: number): Moments {
  const mean = correctedColumnMeans(values, n, d);
  const cols = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) cols[j * n + i] = values[i * d + j] - mean[j];
  const cov = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = dot(cols, a * n, cols, b * n, n) / n;
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  return { n, d, mean, cov };
}

/**
 * Column means of the non-NaN cells of an N×D row-major matrix by two passes, m_j = (1/N_j) Σ_i x_ij then
 * x̄_j = m_j + (1/N_j) Σ_i (x_ij − m_j), which removes the first pass's rounding error (|x̄_j − mean| ≤ ~2u|mean| +
 * N u² Σ|x_ij − mean|/N_j). A column without a non-NaN cell gets NaN.
 */
export function correctedColumnMeans(values: Float64Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  const count = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = values[i * d + j];
      if (Number.isNaN(v)) continue;
      mean[j] += v;
      count[j] += 1;
    }
  }
  for (let j = 0; j < d; j++) mean[j] /= count[j];
  const correction = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = values[i * d + j];
      if (!Number.isNaN(v)) correction[j] += v - mean[j];
    }
  }
  for (let j = 0; j < d; j++) mean[j] += correction[j] / count[j];
  return mean;
}
