import { cholesky, fromRows } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { gaussianMixture } from './gaussian-mixture.js';

describe('gaussianMixture', () => {
  it('returns data and parameters of the documented shapes', () => {
    const { data, truth } = gaussianMixture({ n: 50, d: 3, k: 4, seed: 1 });
    expect([data.nRows, data.nCols, data.values.length]).toEqual([50, 3, 150]);
    expect(data.columns).toEqual(['x1', 'x2', 'x3']);
    expect(data.labels).toEqual(Array.from(truth.labels));
    expect(data.split!.filter((s) => s === 'test').length).toBe(10);
    expect(truth.weights.length).toBe(4);
    expect(Math.abs(truth.weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
    expect(truth.means.map((m) => m.length)).toEqual([3, 3, 3, 3]);
    for (const s of truth.covariances) {
      // Σ = AAᵀ/D + 0.5·I: symmetric, and Σ − 0.5·I is positive definite (A is square Gaussian, so full rank).
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(s[i][j]).toBe(s[j][i]);
      expect(() => cholesky(fromRows(s.map((row, i) => row.map((v, j) => v - (i === j ? 0.5 : 0)))))).not.toThrow();
    }
  });

  it('is deterministic under a seed, and its parameters do not depend on n', () => {
    const a = gaussianMixture({ n: 100, seed: 42 });
    const b = gaussianMixture({ n: 100, seed: 42 });
    expect(a.data.values).toEqual(b.data.values);
    expect(a.truth).toEqual(b.truth);
    expect(gaussianMixture({ n: 100, seed: 43 }).data.values).not.toEqual(a.data.values);
    expect(gaussianMixture({ n: 7, seed: 42 }).truth.means).toEqual(a.truth.means);
  });

  it('has component proportions, means and covariances near the truth', () => {
    const n = 30_000;
    const d = 2;
    const { data, truth } = gaussianMixture({ n, d, k: 3, separation: 4, seed: 9 });
    for (let c = 0; c < 3; c++) {
      const rows: number[] = [];
      truth.labels.forEach((l, i) => l === c && rows.push(i));
      const nk = rows.length;
      const w = truth.weights[c];
      // Tolerances: 5 standard errors of each statistic.
      expect(Math.abs(nk / n - w)).toBeLessThan(5 * Math.sqrt((w * (1 - w)) / n));
      const mean = [0, 1].map((r) => rows.reduce((s, i) => s + data.values[i * d + r], 0) / nk);
      const sigma = truth.covariances[c];
      for (let r = 0; r < d; r++) expect(Math.abs(mean[r] - truth.means[c][r])).toBeLessThan(5 * Math.sqrt(sigma[r][r] / nk));
      for (let r = 0; r < d; r++) {
        for (let s = 0; s <= r; s++) {
          const cov = rows.reduce((acc, i) => acc + (data.values[i * d + r] - mean[r]) * (data.values[i * d + s] - mean[s]), 0) / (nk - 1);
          // Var of a Gaussian sample covariance: (σ_rr·σ_ss + σ_rs²)/n_k.
          expect(Math.abs(cov - sigma[r][s])).toBeLessThan(5 * Math.sqrt((sigma[r][r] * sigma[s][s] + sigma[r][s] ** 2) / nk));
        }
      }
    }
  });

  it('rejects invalid sizes', () => {
    expect(() => gaussianMixture({ n: 0, seed: 1 })).toThrow('n must be an integer ≥ 1, got 0');
    expect(() => gaussianMixture({ k: 1.5, seed: 1 })).toThrow('k must be an integer ≥ 1, got 1.5');
  });
});
