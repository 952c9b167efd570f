import type { Dataset, DenseDataset } from '@latentkit/core';

/** The dataset as a dense matrix, or a one-line error naming the model. */
export function asDense(data: Dataset, key: string): DenseDataset {
  if (data.kind !== 'dense') throw new Error(`${key} needs a dense numeric matrix, got a count matrix`);
  return data;
}

/** Column means and the 1/N covariance of complete data (float64, two passes). */
export interface Moments {
  readonly n: number;
  readonly d: number;
  /** Column means x̄ (D). */
  readonly mean: Float64Array;
  /** S = (1/N) Σ_i (x_i − x̄)(x_i − x̄)ᵀ, D×D row-major. */
  readonly cov: Float64Array;
}

/**
 * Column means x̄ and the covariance S = (1/N) Σ_i (x_i − x̄)(x_i − x̄)ᵀ of an N×D row-major matrix, in float64:
 * the columns are centred first (so S carries no cancellation error from large means) and stored contiguously,
 * then each of the D(D+1)/2 entries is one dot product of length N.
 */
export function columnMoments(values: Float64Array, n: number, d: number): Moments {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += values[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cols = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) cols[j * n + i] = values[i * d + j] - mean[j];
  const cov = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = dot(cols, a * n, b * n, n) / n;
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  return { n, d, mean, cov };
}

/** Σ_i x[p + i]·x[q + i] for i < n, with four partial sums. */
function dot(x: Float64Array, p: number, q: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[p + i] * x[q + i];
    s1 += x[p + i + 1] * x[q + i + 1];
    s2 += x[p + i + 2] * x[q + i + 2];
    s3 += x[p + i + 3] * x[q + i + 3];
  }
  for (; i < n; i++) s0 += x[p + i] * x[q + i];
  return s0 + s1 + s2 + s3;
}
