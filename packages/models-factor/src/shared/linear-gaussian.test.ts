import { createRng } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { columnMoments } from './column-moments.js';
import {
  covarianceRoot,
  modelCovariance,
  observedPosterior,
  rootLogLik,
  rowPosteriors,
  sampleRows,
  scatterTerms,
  type LinearGaussian,
} from './linear-gaussian.js';
import { canonicalLoadings } from './orient-loadings.js';

const model: LinearGaussian = {
  d: 4,
  k: 2,
  mean: Float64Array.from([1, -2, 0.5, 3]),
  loadings: Float64Array.from([0.9, 0.1, 0.8, -0.3, 0.2, 0.7, -0.4, 0.6]),
  noise: Float64Array.from([0.3, 0.2, 0.5, 0.25]),
};

describe('linear-Gaussian helpers', () => {
  it('samples rows whose covariance is W Wᵀ + Ψ', () => {
    const n = 40000;
    const { values } = sampleRows(model, n, createRng(5));
    const { mean, cov } = columnMoments(values, n, 4);
    const c = modelCovariance(model);
    for (let i = 0; i < 4; i++) {
      // Standard errors: √(C_ii/n) for a mean, √((C_ii C_jj + C_ij²)/n) for a covariance; 5 of them bound a miss.
      expect(Math.abs(mean[i] - model.mean[i])).toBeLessThan(5 * Math.sqrt(c[i * 4 + i] / n));
      for (let j = 0; j < 4; j++) expect(Math.abs(cov[i * 4 + j] - c[i * 4 + j])).toBeLessThan(5 * Math.sqrt((c[i * 5] * c[j * 5] + c[i * 4 + j] ** 2) / n));
    }
  });

  it('gives the same mean log-likelihood from the scatter as from the rows, and the same posterior for a complete row', () => {
    const n = 50;
    const { values } = sampleRows(model, n, createRng(9));
    const { logLik, means } = rowPosteriors(model, values, n, { logLik: true, means: true });
    // S_μ = (1/N) Σ_i (x_i − μ)(x_i − μ)ᵀ about the model mean.
    const scatter = new Float64Array(16);
    for (let i = 0; i < n; i++)
      for (let a = 0; a < 4; a++)
        for (let b = 0; b < 4; b++) scatter[a * 4 + b] += ((values[i * 4 + a] - model.mean[a]) * (values[i * 4 + b] - model.mean[b])) / n;
    const fromScatter = scatterTerms(model, scatter).logLik;
    expect(fromScatter).toBeCloseTo(logLik.reduce((s, v) => s + v, 0) / n, 12);
    const row = values.subarray(0, 4);
    const post = observedPosterior(model, row, true);
    expect(post.logLik).toBeCloseTo(logLik[0], 12);
    expect(post.mean[0]).toBeCloseTo(means[0], 12);
    expect(post.mean[1]).toBeCloseTo(means[1], 12);
    // A row with nothing observed keeps the prior and contributes 0.
    expect(observedPosterior(model, [NaN, NaN, NaN, NaN]).logLik).toBe(0);
  });

  it('keeps the log-likelihood accurate when some noise variances are tiny (nearly collinear columns)', () => {
    // Column 4 is 0.9·z₁ − 0.5·z₂ plus noise of variance 1e-9: S_44/ψ_4 ≈ 1e9. The rows' quadratic forms are sums of
    // non-negative terms, (r − Wm)ᵀΨ⁻¹(r − Wm) + mᵀm, accurate to ~u per term: they are the reference here.
    const tiny: LinearGaussian = {
      ...model,
      loadings: Float64Array.from([0.9, 0.1, 0.8, -0.3, 0.2, 0.7, 0.9, -0.5]),
      noise: Float64Array.from([0.3, 0.2, 0.5, 1e-9]),
    };
    const n = 2000;
    const { values } = sampleRows(tiny, n, createRng(11));
    const rows = rowPosteriors(tiny, values, n, { logLik: true }).logLik.reduce((s, v) => s + v, 0) / n;
    const scatter = new Float64Array(16);
    for (let i = 0; i < n; i++)
      for (let a = 0; a < 4; a++)
        for (let b = 0; b < 4; b++) scatter[a * 4 + b] += ((values[i * 4 + a] - tiny.mean[a]) * (values[i * 4 + b] - tiny.mean[b])) / n;
    // From S (summed with an error of ~N·u·S_jj) through its square root (~D·u·S_jj more), the objective can be
    // off by about (N + D)·u·S_44/ψ_4 ≈ 2004 · 1.1e-16 · 1e9 ≈ 2.2e-4 nats: observed 5e-8. (The inversion lemma's
    // Σ_j S_jj/ψ_j − tr(G Q) is off by 0.5 nats here, and by 2.7e4 nats at ψ_4 = 1e-11.)
    expect(Math.abs(rootLogLik(tiny, covarianceRoot(scatter, 4)) - rows)).toBeLessThan(2.2e-4);
    // At a well-conditioned model all three agree to rounding.
    const plain = rowPosteriors(model, values, n, { logLik: true }).logLik.reduce((s, v) => s + v, 0) / n;
    const plainScatter = new Float64Array(16);
    for (let i = 0; i < n; i++)
      for (let a = 0; a < 4; a++)
        for (let b = 0; b < 4; b++) plainScatter[a * 4 + b] += ((values[i * 4 + a] - model.mean[a]) * (values[i * 4 + b] - model.mean[b])) / n;
    expect(rootLogLik(model, covarianceRoot(plainScatter, 4))).toBeCloseTo(plain, 11);
    expect(scatterTerms(model, plainScatter).logLik).toBeCloseTo(plain, 11);
  });

  it('orients loadings canonically without changing W Wᵀ', () => {
    const w = canonicalLoadings(model.loadings, model.noise, 4, 2);
    const before = modelCovariance(model);
    const after = modelCovariance({ ...model, loadings: w });
    after.forEach((v, q) => expect(v).toBeCloseTo(before[q], 12));
    // Columns of Ψ^{-1/2} W are orthogonal, the first the longer one, each with its largest entry positive.
    let dot = 0;
    let n0 = 0;
    let n1 = 0;
    for (let j = 0; j < 4; j++) {
      dot += (w[j * 2] * w[j * 2 + 1]) / model.noise[j];
      n0 += w[j * 2] ** 2 / model.noise[j];
      n1 += w[j * 2 + 1] ** 2 / model.noise[j];
    }
    expect(dot).toBeCloseTo(0, 12);
    expect(n0).toBeGreaterThan(n1);
    for (let a = 0; a < 2; a++) {
      const col = [0, 1, 2, 3].map((j) => w[j * 2 + a]);
      expect(col.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0)).toBeGreaterThan(0);
    }
  });
});
