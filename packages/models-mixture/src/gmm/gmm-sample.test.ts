import { describe, expect, it } from 'vitest';
import { sampleMixture } from './gmm-sample.js';

// Three correlated components in 3-D with unequal weights: a sampler that used Lᵀ for L, a wrong component or a
// misplaced weight would move the moments below by many standard errors.
const k = 3;
const d = 3;
const weights = Float64Array.from([0.5, 0.3, 0.2]);
const means = Float64Array.from([0, 0, 0, 5, -2, 1, -4, 3, 10]);
const covariances = Float64Array.from(
  [
    [4, 1.6, -0.8, 1.6, 2, 0.3, -0.8, 0.3, 1],
    [1, -0.7, 0, -0.7, 1, 0.5, 0, 0.5, 2],
    [0.5, 0.1, 0.2, 0.1, 3, -1.2, 0.2, -1.2, 1.5],
  ].flat(),
);
const N = 100_000;
// Every check is at 4 standard errors: about 6e-5 two-sided per check under the sampler's own law.
const Z = 4;

describe('mixture/gmm sample', () => {
  const ds = sampleMixture({ k, d, weights, means, covariances }, N, 7, ['a', 'b', 'c'], 'sample');
  const labels = ds.labels as number[];

  it('draws components with the mixing weights (binomial standard errors)', () => {
    for (let c = 0; c < k; c++) {
      const p = labels.filter((l) => l === c).length / N;
      expect(Math.abs(p - weights[c])).toBeLessThan(Z * Math.sqrt((weights[c] * (1 - weights[c])) / N));
    }
  });

  it('draws each component with its mean and covariance (standard errors of the sample moments)', () => {
    for (let c = 0; c < k; c++) {
      const rows = labels.flatMap((l, i) => (l === c ? [i] : []));
      const n = rows.length;
      const S = (i: number, j: number) => covariances[c * d * d + i * d + j];
      const mean = new Float64Array(d);
      for (const r of rows) for (let j = 0; j < d; j++) mean[j] += ds.values[r * d + j] / n;
      for (let j = 0; j < d; j++) expect(Math.abs(mean[j] - means[c * d + j])).toBeLessThan(Z * Math.sqrt(S(j, j) / n));
      for (let i = 0; i < d; i++) {
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (const r of rows) s += (ds.values[r * d + i] - means[c * d + i]) * (ds.values[r * d + j] - means[c * d + j]);
          // Gaussian rows: Var((x_i − μ_i)(x_j − μ_j)) = Σ_ii Σ_jj + Σ_ij².
          expect(Math.abs(s / n - S(i, j))).toBeLessThan(Z * Math.sqrt((S(i, i) * S(j, j) + S(i, j) ** 2) / n));
        }
      }
    }
  });

  it('gives the mixture mean Σ π_k μ_k over all rows', () => {
    for (let j = 0; j < d; j++) {
      let m = 0;
      let second = 0;
      for (let c = 0; c < k; c++) {
        m += weights[c] * means[c * d + j];
        second += weights[c] * (covariances[c * d * d + j * d + j] + means[c * d + j] ** 2);
      }
      let s = 0;
      for (let r = 0; r < N; r++) s += ds.values[r * d + j];
      expect(Math.abs(s / N - m)).toBeLessThan(Z * Math.sqrt((second - m * m) / N));
    }
  });

  it('is reproducible from its seed', () => {
    const again = sampleMixture({ k, d, weights, means, covariances }, 1000, 7, ['a', 'b', 'c'], 'sample');
    expect(Array.from(again.values)).toEqual(Array.from(ds.values.subarray(0, 1000 * d)));
  });
});
