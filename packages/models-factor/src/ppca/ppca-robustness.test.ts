import { initBackend, type DenseDataset } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFixture, rel } from '../test-support/reference-data.js';
import { fixtureCaseData } from '../test-support/robustness-data.js';
import type { FittedPpca } from './ppca-fitted.js';
import type { PpcaParams } from './ppca-params.js';
import { ppca } from './probabilistic-pca.js';

// Reference values: tooling/reference/factor_robustness_reference.py (scikit-learn 1.2.1 PCA(svd_solver='full'),
// whose score uses the 1/(n − 1) covariance: latentkit's ddof 1, as in probabilistic-pca.test.ts).
const fixture = readFixture('factor-robustness');
const cases = fixture.cases as Record<string, any>;
const data = (name: string): DenseDataset => fixtureCaseData(cases[name], name);

async function fit(ds: DenseDataset, params: Partial<PpcaParams>, seed = 0): Promise<FittedPpca> {
  return (await createRegistry()
    .register(ppca, em)
    .create('factor/ppca', { nComponents: 2, ...params })
    .fit(ds, { seed })) as FittedPpca;
}

/** Every 7th cell (flat row-major index 3, 10, 17, …) missing. */
function withMissing(ds: DenseDataset): DenseDataset {
  const values = Float64Array.from(ds.values);
  for (let q = 3; q < values.length; q += 7) values[q] = Number.NaN;
  return { ...ds, values };
}

beforeAll(async () => {
  await initBackend();
});

describe('factor/ppca on hard but ordinary data, against scikit-learn PCA', () => {
  // The bar is 1e-4 relative; both sides are float64 eigen/SVD solutions from a centred covariance, so they
  // agree to rounding (observed ≤ 4e-14 relative).
  for (const name of ['base', 'shift-1e4', 'shift-1e6', 'outlier', 'collinear', 'constant-column', 'large-shift-1e6']) {
    it(`${name}: closed form with ddof 1 gives scikit-learn's PCA.score within 1e-4 relative`, async () => {
      const ds = data(name);
      const before = tf.memory().numTensors;
      const fitted = await fit(ds, { ddof: 1 });
      expect(rel(fitted.score(ds), cases[name].ppca.score)).toBeLessThan(1e-4);
      expect(rel(fitted.noiseVariance, cases[name].ppca.noiseVariance)).toBeLessThan(1e-4);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('shifting every column by 1e4 or 1e6 leaves the closed form and the EM with missing cells unchanged to 1e-6 relative', async () => {
    const base = data('base');
    const closed = (await fit(base, {})).score(base);
    const missingBase = withMissing(base);
    // EM from the same seeded start; on the shifted data only the rounding of the values differs.
    const emBase = (await fit(missingBase, { method: 'em', tol: 1e-12, maxIter: 5000 })).score(missingBase);
    for (const name of ['shift-1e4', 'shift-1e6']) {
      const ds = data(name);
      expect(rel((await fit(ds, {})).score(ds), closed)).toBeLessThan(1e-6);
      const missing = withMissing(ds);
      const emShifted = await fit(missing, { method: 'em', tol: 1e-12, maxIter: 5000 });
      expect(emShifted.converged).toBe(true);
      expect(rel(emShifted.score(missing), emBase)).toBeLessThan(1e-6);
    }
  });

  it('EM on 200,000 rows shifted by 1e6 reaches the closed-form maximum', async () => {
    const ds = data('large-shift-1e6');
    // On complete data EM converges to the closed-form maximum (ddof 0): the same score to ~tol.
    const closed = await fit(ds, {});
    const viaEm = await fit(ds, { method: 'em', tol: 1e-10, maxIter: 2000 });
    expect(rel(viaEm.score(ds), closed.score(ds))).toBeLessThan(1e-6);
  });

  it('three distinct rows: K = 1 matches scikit-learn; K = 2 (rank ≤ K, no noise left) fails with one line', async () => {
    const ds = data('three-distinct-rows');
    const k1 = await fit(ds, { nComponents: 1, ddof: 1 });
    expect(rel(k1.score(ds), cases['three-distinct-rows'].ppcaK1.score)).toBeLessThan(1e-4);
    // scikit-learn returns a noise variance of 1e-28 and a score of −6.6e11 here; latentkit refuses.
    expect(cases['three-distinct-rows'].ppca.exactScore).toBeNull();
    await expect(fit(ds, { ddof: 1 })).rejects.toThrow(
      /^factor\/ppca: the noise variance σ² \(the mean of the 4 smallest covariance eigenvalues\) is [-0-9.e]+: the data have rank at most nComponents=2; reduce nComponents$/,
    );
    await expect(fit(ds, { method: 'em' })).rejects.toThrow(
      /^factor\/ppca: the noise variance σ² fell to [-0-9.e]+: the data are \(nearly\) of rank nComponents=2; reduce nComponents$/,
    );
  });
});
