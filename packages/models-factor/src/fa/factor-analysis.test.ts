import { initBackend, type DenseDataset } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCase, maxDiffUpToColumnSign, part, readFixture, rel } from '../test-support/reference-data.js';
import { fa } from './factor-analysis.js';
import type { FittedFa } from './fa-fitted.js';
import type { FaParams } from './fa-params.js';

// Reference values: tooling/reference/fa_reference.py (scikit-learn 1.2.1 FactorAnalysis, svd_method='lapack').
const fixture = readFixture('fa');
const CASES = Object.keys(fixture.cases) as string[];
const ROTATIONS = ['none', 'varimax', 'quartimax'] as const;
const transpose = (m: number[][]): number[][] => m[0].map((_, j) => m.map((row) => row[j]));

async function fit(data: DenseDataset, params: Partial<FaParams>): Promise<FittedFa> {
  return (await createRegistry().register(fa, em).create('factor/fa', params).fit(data)) as FittedFa;
}

beforeAll(async () => {
  await initBackend();
});

describe('factor/fa against scikit-learn FactorAnalysis (same start ψ = 1, same stopping rule)', () => {
  for (const name of CASES) {
    for (const kName of ['k2', 'k3']) {
      it(`${name}, K=${kName[1]}, scikit-learn's default tol: trace, iterations and score`, async () => {
        const c = fixture.cases[name];
        const ref = c.fits[kName].none.default;
        const data = await loadCase(c);
        const n = data.nRows;
        // scikit-learn stops when the TOTAL log-likelihood gains less than tol = 1e-2; ours is the mean per row.
        const fitted = await fit(data, { nComponents: Number(kName[1]), tol: 1e-2 / n, maxIter: 1000 });
        // The trace is the exact log-likelihood of (W(ψ_t), ψ_t), which is scikit-learn's loglike_[t] / n up to its
        // √ψ + 10⁻¹² (relative 10⁻¹²/√ψ_j, ~4e-10 for the smallest ψ_j ≈ 6e-6 of raw breast_cancer) and rounding.
        ref.loglikeHead.forEach((ll: number, t: number) => expect(rel(fitted.trace[t].objective, ll / n)).toBeLessThan(1e-9));
        expect(fitted.iterations).toBe(ref.iterations);
        expect(fitted.converged).toBe(true);
        // Our state is one SVD step past scikit-learn's (the driver's objective is at the input state), so the score
        // differs by about one step's gain (< tol / n): the bar is 1e-3, the observed difference below 1e-5.
        expect(rel(fitted.score(data), ref.score)).toBeLessThan(1e-5);
      });
    }
  }

  for (const name of CASES.filter((c) => c.endsWith('standardized'))) {
    for (const kName of ['k2', 'k3']) {
      it(`${name}, K=${kName[1]}, strict tol: score, noise variances, rotated loadings, transform`, async () => {
        const c = fixture.cases[name];
        const data = await loadCase(c);
        const n = data.nRows;
        const before = tf.memory().numTensors;
        const scores: number[] = [];
        for (const rotation of ROTATIONS) {
          const ref = c.fits[kName][rotation].strict;
          const fitted = await fit(data, { nComponents: Number(kName[1]), rotation, tol: 1e-9 / n, maxIter: 100000 });
          // Both runs stop where one step gains < 1e-9 / n nats per row; the slow tail of the iteration leaves the
          // parameters agreeing to ~1e-6, the log-likelihood to ~1e-10.
          expect(rel(fitted.score(data), ref.score)).toBeLessThan(1e-9);
          fitted.noiseVariances.forEach((v, j) => expect(Math.abs(v - ref.noiseVariance[j])).toBeLessThan(1e-5));
          expect(maxDiffUpToColumnSign(fitted.state.loadings, transpose(ref.components))).toBeLessThan(1e-4);
          expect(maxDiffUpToColumnSign(fitted.transform(data).values.subarray(0, 5 * fitted.nComponents), ref.transform)).toBeLessThan(1e-4);
          const samples = fitted.scoreSamples(data);
          // Per-row values move to first order with the parameters (the mean does not, at the maximum): ~1e-6 relative.
          ref.scoreSamples.forEach((v: number, i: number) => expect(rel(samples[i], v)).toBeLessThan(1e-5));
          fitted.mean.forEach((m, j) => expect(m).toBeCloseTo(ref.mean[j], 12));
          scores.push(fitted.score(data));
        }
        // Rotations leave W Wᵀ, hence the likelihood, unchanged.
        expect(rel(scores[1], scores[0])).toBeLessThan(1e-12);
        expect(rel(scores[2], scores[0])).toBeLessThan(1e-12);
        expect(tf.memory().numTensors).toBe(before);
      });
    }

    it(`${name}, K=2: scores held-out rows like scikit-learn after fitting the train rows`, async () => {
      const c = fixture.cases[name];
      const ref = c.fits.k2.split.trainFit;
      const all = await loadCase(c);
      const train = part(all, 'train');
      const fitted = await fit(train, { nComponents: 2, tol: 1e-9 / train.nRows, maxIter: 100000 });
      expect(rel(fitted.score(train), ref.scoreTrain)).toBeLessThan(1e-9);
      expect(rel(fitted.score(part(all, 'test')), ref.scoreTest)).toBeLessThan(1e-8);
    });

    it(`${name}: method 'em' (Rubin & Thayer) reaches scikit-learn's maximum from the same start`, async () => {
      const c = fixture.cases[name];
      const data = await loadCase(c);
      for (const kName of ['k2', 'k3']) {
        const ref = c.fits[kName].none.strict;
        const fitted = await fit(data, { nComponents: Number(kName[1]), method: 'em', tol: 1e-12, maxIter: 200000 });
        expect(fitted.converged).toBe(true);
        // The first objective is that of the shared start (W(ψ = 1), ψ = 1).
        expect(rel(fitted.trace[0].objective, ref.loglikeHead[0] / data.nRows)).toBeLessThan(1e-10);
        // EM converges linearly and more slowly than the SVD iteration (185 to 12,914 iterations here against 60 to
        // 1,728); at tol 1e-12 it stops within 5e-9 relative of the maximum, with ψ within 5e-5.
        expect(rel(fitted.score(data), ref.score)).toBeLessThan(1e-7);
        fitted.noiseVariances.forEach((v, j) => expect(Math.abs(v - ref.noiseVariance[j])).toBeLessThan(1e-4));
      }
    });
  }
});

describe('factor/fa edge cases', () => {
  it('floors the noise variance of a constant column at noiseVarianceFloor, as scikit-learn does', async () => {
    const base = await loadCase(fixture.cases['wine-standardized']);
    const d = base.nCols + 1;
    const values = new Float64Array(base.nRows * d);
    for (let i = 0; i < base.nRows; i++) {
      values.set(base.values.subarray(i * base.nCols, (i + 1) * base.nCols), i * d);
      values[i * d + d - 1] = 3;
    }
    const data: DenseDataset = { ...base, nCols: d, values, columns: [...base.columns, 'constant'] };
    const plain = await fit(base, { nComponents: 2, tol: 1e-9 / base.nRows, maxIter: 100000 });
    const withConstant = await fit(data, { nComponents: 2, tol: 1e-9 / base.nRows, maxIter: 100000 });
    expect(withConstant.noiseVariances[d - 1]).toBe(1e-12);
    // The constant column adds −½ (log 2π + log 10⁻¹²) ≈ +12.9 nats per row (ALGORITHMS.md §4.2 pitfall).
    const gain = -0.5 * (Math.log(2 * Math.PI) + Math.log(1e-12));
    expect(withConstant.score(data) - plain.score(base)).toBeCloseTo(gain, 6);
    const raised = await fit(data, { nComponents: 2, noiseVarianceFloor: 1e-3, tol: 1e-9 / base.nRows, maxIter: 100000 });
    expect(raised.noiseVariances[d - 1]).toBe(1e-3);
  });

  it("with noiseVarianceInit 'variance' the fit does not depend on the units of the columns", async () => {
    // x' = (x − m) / s rescales S to D⁻¹SD⁻¹; starting from ψ = diag S every iterate rescales the same way, so the
    // traces differ by the log-Jacobian Σ_j log s_j at every iteration (up to the 10⁻¹² added to √ψ, ~1e-12 here).
    const c = fixture.cases['wine-standardized'];
    const raw = await loadCase({ data: c.data });
    const std = await loadCase(c);
    const logJacobian = (c.standardize.std as number[]).reduce((s, v) => s + Math.log(v), 0);
    const a = await fit(raw, { nComponents: 2, noiseVarianceInit: 'variance', tol: 1e-9 / raw.nRows, maxIter: 100000 });
    const b = await fit(std, { nComponents: 2, noiseVarianceInit: 'variance', tol: 1e-9 / raw.nRows, maxIter: 100000 });
    expect(a.iterations).toBe(b.iterations);
    a.trace.forEach((t, i) => expect(t.objective).toBeCloseTo(b.trace[i].objective - logJacobian, 9));
    a.noiseVariances.forEach((v, j) => expect(rel(v, b.noiseVariances[j] * c.standardize.std[j] ** 2)).toBeLessThan(1e-8));
    // From ψ = 1 the raw data need far more iterations than the standardised data (scikit-learn: 69,856 against 145).
    expect(b.iterations).toBeLessThan(300);
    expect(rel(b.score(std), c.fits.k2.none.strict.score)).toBeLessThan(1e-9);
  });

  it('rejects more factors than columns with a one-line error', async () => {
    const data = await loadCase(fixture.cases['wine-raw']);
    await expect(fit(data, { nComponents: 14 })).rejects.toThrow(/^factor\/fa: nComponents=14 is more than the 13 columns of the data$/);
  });

  it('rejects missing cells naming the file, line and column', async () => {
    const data = await loadCase(fixture.cases['wine-raw']);
    const values = Float64Array.from(data.values);
    values[2 * data.nCols + 4] = Number.NaN;
    await expect(fit({ ...data, values }, { nComponents: 2 })).rejects.toThrow(
      /wine\.csv:4: column 'magnesium' \(5\): missing value \(NaN\), but factor\/fa does not accept missing values/,
    );
  });
});
