import { initBackend, inverseSpd, logDet, matrix, type DenseDataset } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCase, readFixture, rel } from '../test-support/reference-data.js';
import type { FittedPpca } from './ppca-fitted.js';
import type { PpcaParams } from './ppca-params.js';
import { ppca } from './probabilistic-pca.js';

// Reference: tooling/reference/ppca_reference.py, "missing": wine standardized, K = 2, 20% of the cells removed
// (flat indices stored), the observed-data maximum found by torch L-BFGS from two starts.
const fixture = readFixture('ppca');
const ref = fixture.missing;
const c = fixture.cases[`${ref.dataset}-${ref.prep}`];

async function fit(data: DenseDataset, params: Partial<PpcaParams>, seed = 0): Promise<FittedPpca> {
  return (await createRegistry().register(ppca, em).create('factor/ppca', params).fit(data, { seed })) as FittedPpca;
}

async function masked(): Promise<DenseDataset> {
  const data = await loadCase(c);
  const values = Float64Array.from(data.values);
  for (const q of ref.missingIndices as number[]) values[q] = Number.NaN;
  return { ...data, values };
}

const frobenius = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let q = 0; q < a.length; q++) s += (a[q] - b[q]) ** 2;
  return Math.sqrt(s);
};

beforeAll(async () => {
  await initBackend();
});

describe('factor/ppca EM with missing values', () => {
  it('reaches the observed-data maximum of the L-BFGS reference, from several seeds', async () => {
    const data = await masked();
    expect(ref.count).toBe(Math.round(0.2 * data.nRows * data.nCols));
    const before = tf.memory().numTensors;
    const refCov = (ref.observedMl.covariance as number[][]).flat();
    for (const seed of [0, 1, 2]) {
      const fitted = await fit(data, { nComponents: 2, method: 'em', tol: 1e-12, maxIter: 20000 }, seed);
      expect(fitted.converged).toBe(true);
      // The reference's gradient norm is 1.5e-8, so its value is exact to ~1e-15; EM stops at a change < 1e-12.
      expect(rel(fitted.score(data), ref.observedMl.score)).toBeLessThan(1e-10);
      expect(rel(fitted.trace.at(-1)!.objective, ref.observedMl.score)).toBeLessThan(1e-10);
      const cov = fitted.covariance().flat();
      expect(frobenius(cov, refCov) / frobenius(refCov, new Float64Array(refCov.length))).toBeLessThan(1e-5);
      expect(rel(fitted.noiseVariance, ref.observedMl.noiseVariance)).toBeLessThan(1e-5);
      fitted.mean.forEach((m, j) => expect(Math.abs(m - ref.observedMl.mean[j])).toBeLessThan(1e-5));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("gives a W Wᵀ + σ²I close to the complete-data fit (as close as the reference's maximum is)", async () => {
    const fitted = await fit(await masked(), { nComponents: 2, method: 'em', tol: 1e-10, maxIter: 20000 });
    const complete = await fit(await loadCase(c), { nComponents: 2 });
    const cov = fitted.covariance().flat();
    const full = complete.covariance().flat();
    const dist = frobenius(cov, full) / frobenius(full, new Float64Array(full.length));
    // The reference maximum is at relative Frobenius distance 0.0816 from the complete-data fit: 20% of the cells
    // carry that much information; ours must be at the same distance (it is the same maximum).
    const refDist =
      frobenius((ref.observedMl.covariance as number[][]).flat(), (ref.completeDataMl.covariance as number[][]).flat()) /
      frobenius(full, new Float64Array(full.length));
    expect(refDist).toBeLessThan(0.1);
    expect(Math.abs(dist - refDist)).toBeLessThan(1e-5);
    expect(rel(complete.score(await loadCase(c)), ref.completeDataMl.score)).toBeLessThan(1e-11);
  });

  it('scores and transforms rows with missing cells from their observed cells', async () => {
    const data = await masked();
    const fitted = await fit(data, { nComponents: 2, method: 'em', tol: 1e-8 });
    const { d, k, loadings: w, mean } = fitted.state;
    const cov = fitted.covariance();
    const samples = fitted.scoreSamples(data);
    const z = fitted.transform(data);
    for (let i = 0; i < 12; i++) {
      const obs = Array.from({ length: d }, (_, j) => j).filter((j) => !Number.isNaN(data.values[i * d + j]));
      // Direct formulas on the observed block: log N(x_O | μ_O, C_O) and E[z | x_O] = W_Oᵀ C_O⁻¹ (x_O − μ_O).
      const co = matrix(
        obs.length,
        obs.length,
        obs.flatMap((a) => obs.map((b) => cov[a][b])),
      );
      const inv = inverseSpd(co).data;
      const r = obs.map((j) => data.values[i * d + j] - mean[j]);
      let quad = 0;
      const y = r.map((_, a) => r.reduce((s, rb, b) => s + inv[a * obs.length + b] * rb, 0));
      r.forEach((ra, a) => (quad += ra * y[a]));
      const ll = -0.5 * (obs.length * Math.log(2 * Math.PI) + logDet(co) + quad);
      expect(rel(samples[i], ll)).toBeLessThan(1e-12);
      for (let a = 0; a < k; a++) {
        const za = obs.reduce((s, j, t) => s + w[j * k + a] * y[t], 0);
        expect(z.values[i * k + a]).toBeCloseTo(za, 12);
      }
    }
  });

  it('rejects missing cells in the closed form with a one-line error naming the cell', async () => {
    const data = await masked();
    await expect(fit(data, { nComponents: 2 })).rejects.toThrow(
      /\/wine\.csv:\d+: column '.*' \(\d+\): missing value \(NaN\), but factor\/ppca with method=closed-form does not accept missing values; set method=em to fit them$/,
    );
  });

  it('names a column without any observed value', async () => {
    const data = await loadCase(c);
    const values = data.values.map((v, q) => (q % data.nCols === 2 ? Number.NaN : v));
    await expect(fit({ ...data, values }, { nComponents: 2, method: 'em' })).rejects.toThrow(/^factor\/ppca: column 'ash' has no observed value$/);
  });
});
