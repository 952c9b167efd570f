import { createRng, initBackend, type DenseDataset } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
// @latentkit/datasets is not a devDependency of this package yet; the generator is imported from its source.
import { gaussianMixture } from '../../../datasets/src/synthetic/gaussian-mixture.js';
import { gmm } from './gaussian-mixture.js';
import { prepareGmmData, disposeGmmData } from './gmm-data.js';
import { FittedGmm } from './gmm-fitted.js';
import { unfittedInfo } from '../test-support/fit-info.js';
import { gmmDefaults, type CovarianceType, type GmmParams } from './gmm-params.js';

// Brute-force float64 EM with missing cells, row by row from the definitions: tooling/reference/gmm_missing_reference.py.
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../tooling/reference/fixtures/gmm-missing.json', import.meta.url)), 'utf8'));
const TYPES: CovarianceType[] = ['full', 'diag', 'spherical', 'tied'];

const tiny: DenseDataset = {
  kind: 'dense',
  nRows: fixture.data.length,
  nCols: 4,
  values: Float64Array.from((fixture.data as (number | null)[][]).flat(), (v) => (v === null ? NaN : v)),
  columns: fixture.columns,
  source: 'gmm-missing fixture',
};

const rel = (a: number, b: number, scale = Math.abs(b)) => Math.abs(a - b) / scale;

function startParams(type: CovarianceType, extra: Partial<GmmParams> = {}): Partial<GmmParams> {
  const s = fixture.fits[type].start;
  return { nComponents: 2, covarianceType: type, warmStart: true, weightsInit: s.weights, meansInit: s.means, covariancesInit: s.covariances, ...extra };
}

describe('mixture/gmm with missing cells, against a brute-force float64 EM', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('keeps complete data on the batched path: no missing rows, no imputed copy', () => {
    const complete: DenseDataset = { ...tiny, values: tiny.values.map((v) => (Number.isNaN(v) ? 1 : v)) };
    const before = tf.memory().numTensors;
    const p = prepareGmmData(complete);
    expect(p.missing).toBeNull();
    expect(p.completeRows).toBeNull();
    expect(p.imputed).toBeNull();
    expect(p.nComplete).toBe(50);
    expect(p.blocks.map((b) => b.shape)).toEqual([[50, 5]]);
    disposeGmmData(p);
    const q = prepareGmmData(tiny);
    // 52 of 200 cells are missing, in 33 rows (one of them entirely): 17 complete rows.
    expect(q.nComplete).toBe(17);
    expect(q.blocks.map((b) => b.shape)).toEqual([[17, 5]]);
    expect(q.missing!.count).toBe(33);
    disposeGmmData(q);
    expect(tf.memory().numTensors).toBe(before);
  });

  for (const type of TYPES) {
    it(`scores rows by marginalising the missing cells (${type})`, () => {
      const ref = fixture.fits[type];
      const s = ref.start;
      const fitted = new FittedGmm(
        { ...gmmDefaults, ...startParams(type) } as GmmParams,
        {
          k: 2,
          d: 4,
          covarianceType: type,
          weights: Float64Array.from(s.weights),
          means: Float64Array.from(s.means.flat()),
          covariances: Float64Array.from(s.covariances.flat(2)),
        },
        unfittedInfo(fixture.columns, 50),
      );
      const before = tf.memory().numTensors;
      const samples = fitted.scoreSamples(tiny);
      // Complete rows are scored in float32 (log-densities of a few nats: ~1e-6 absolute); the others in float64.
      samples.forEach((v, i) => expect(Math.abs(v - ref.startScoreSamples[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref.startScoreSamples[i]))));
      expect(samples[3]).toBeCloseTo(0, 12); // nothing observed: log Σ_k π_k = 0
      const proba = fitted.predictProba(tiny);
      proba.values.forEach((v, j) => expect(Math.abs(v - ref.startPredictProba[Math.floor(j / 2)][j % 2])).toBeLessThan(1e-5));
      expect(rel(fitted.score(tiny), ref.startScore)).toBeLessThan(1e-6);
      expect(tf.memory().numTensors).toBe(before);
    });

    it(`makes the exact EM step with conditional expectations and covariances (${type})`, async () => {
      const ref = fixture.fits[type];
      const registry = createRegistry().register(gmm, em);
      const one = (await registry.create('mixture/gmm', startParams(type, { maxIter: 1, tol: 0 })).fit(tiny)) as FittedGmm;
      expect(rel(one.trace[0].objective, ref.startScore)).toBeLessThan(1e-6);
      // Statistics of the 17 complete rows are float32 sums of centred values of order 1 (relative error ~1e-6);
      // every other quantity is float64, so 1e-5 of each matrix's scale bounds the difference.
      one.weights.forEach((w, c) => expect(rel(w, ref.oneStep.weights[c])).toBeLessThan(1e-5));
      one.means.flat().forEach((m, j) => expect(rel(m, ref.oneStep.means.flat()[j])).toBeLessThan(1e-5));
      one.covariances.forEach((cov, c) => {
        const scale = Math.max(...ref.oneStep.covariances[c].map((row: number[], i: number) => row[i]));
        cov.flat().forEach((v, j) => expect(rel(v, ref.oneStep.covariances[c].flat()[j], scale)).toBeLessThan(1e-5));
      });

      const full = (await registry.create('mixture/gmm', startParams(type, { maxIter: 2000, tol: 1e-10 })).fit(tiny)) as FittedGmm;
      // The reference stops at a change below 1e-12 and this fit at 1e-10, with float32 noise of ~1e-7 relative
      // per objective; the final scores agree to well within 1e-5 relative, the means to 1e-3 (cm).
      expect(rel(full.score(tiny), ref.converged.score)).toBeLessThan(1e-5);
      full.means.flat().forEach((m, j) => expect(Math.abs(m - ref.converged.means.flat()[j])).toBeLessThan(1e-3));
      for (let t = 1; t < full.trace.length; t++)
        expect(full.trace[t].objective).toBeGreaterThanOrEqual(full.trace[t - 1].objective - 1e-7 - 1e-6 * Math.abs(full.trace[t - 1].objective));
    });
  }

  it('rejects infinite cells with one line naming the row and column', async () => {
    const bad: DenseDataset = { ...tiny, values: tiny.values.map((v, i) => (i === 9 ? Infinity : v)) };
    const model = createRegistry().register(gmm, em).create('mixture/gmm', { nComponents: 2 });
    await expect(model.fit(bad)).rejects.toThrow(/row 3, column 'sepal_width_cm_' is Infinity; only finite numbers and NaN \(missing\) are accepted/);
    // With the file's line numbers (header on line 1), the message names the line instead of the row.
    const lines = Int32Array.from({ length: bad.nRows }, (_, i) => i + 2);
    await expect(model.fit({ ...bad, lines })).rejects.toThrow(/^mixture\/gmm: gmm-missing fixture:4, column 'sepal_width_cm_' is Infinity/);
  });
});

describe('mixture/gmm with 20% of the cells removed at random', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('recovers the means of the complete-data fit, with a monotone log-likelihood', async () => {
    const { data, truth } = gaussianMixture({ n: 3000, d: 3, k: 3, separation: 6, seed: 9 });
    const rng = createRng(5);
    const holed: DenseDataset = { ...data, values: data.values.map((v) => (rng.uniform() < 0.2 ? NaN : v)) };
    const missingCells = holed.values.reduce((a, v) => a + (Number.isNaN(v) ? 1 : 0), 0);
    expect(missingCells / holed.values.length).toBeGreaterThan(0.18);
    expect(missingCells / holed.values.length).toBeLessThan(0.22);
    const registry = createRegistry().register(gmm, em);
    const params: Partial<GmmParams> = { nComponents: 3, meansInit: truth.means, tol: 1e-8, maxIter: 500 };
    const before = tf.memory().numTensors;
    const complete = (await registry.create('mixture/gmm', params).fit(data)) as FittedGmm;
    const missing = (await registry.create('mixture/gmm', params).fit(holed)) as FittedGmm;
    expect(tf.memory().numTensors).toBe(before);
    // Tolerance: both fits are maximum-likelihood estimates; the complete-data one is efficient, so the variance
    // of their difference is Var(missing) − Var(complete). Coordinate j of μ_k is observed in 80% of the rows
    // (the others only help), so Var(missing) ≤ Σ_kjj / (0.8 N_k) and Var(difference) ≤ 0.25 Σ_kjj / N_k.
    // Four standard deviations: |Δμ_kj| ≤ 4 · 0.5 · sqrt(Σ_kjj / N_k).
    for (let k = 0; k < 3; k++) {
      const nk = complete.weights[k] * data.nRows;
      for (let j = 0; j < 3; j++) {
        const bound = 2 * Math.sqrt(complete.covariances[k][j][j] / nk);
        expect(Math.abs(missing.means[k][j] - complete.means[k][j])).toBeLessThan(bound);
      }
    }
    const trace = missing.trace;
    for (let t = 1; t < trace.length; t++)
      expect(trace[t].objective).toBeGreaterThanOrEqual(trace[t - 1].objective - 1e-7 - 1e-6 * Math.abs(trace[t - 1].objective));
    // Scoring the holed data marginalises the missing cells: finite for every row, even the emptiest.
    const s = missing.scoreSamples(holed);
    expect(s.every(Number.isFinite)).toBe(true);
  });
});
