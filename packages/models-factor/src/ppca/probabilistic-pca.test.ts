import { initBackend, type DenseDataset } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCase, maxDiffUpToColumnSign, part, readFixture, rel } from '../test-support/reference-data.js';
import type { FittedPpca } from './ppca-fitted.js';
import type { PpcaParams } from './ppca-params.js';
import { ppca } from './probabilistic-pca.js';

// Reference values: tooling/reference/ppca_reference.py (scikit-learn 1.2.1 PCA(svd_solver='full'), and the
// maximum-likelihood closed form computed there with numpy.linalg.eigh and scipy.stats.multivariate_normal).
const fixture = readFixture('ppca');
const CASES = Object.keys(fixture.cases) as string[];
const transpose = (m: number[][]): number[][] => m[0].map((_, j) => m.map((row) => row[j]));

async function fit(data: DenseDataset, params: Partial<PpcaParams>, seed = 0): Promise<FittedPpca> {
  return (await createRegistry().register(ppca, em).create('factor/ppca', params).fit(data, { seed })) as FittedPpca;
}

/** Columns of W scaled to unit length: the principal axes. */
function axes(f: FittedPpca): Float64Array {
  const { d, k, loadings } = f.state;
  const out = Float64Array.from(loadings);
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += loadings[j * k + a] ** 2;
    for (let j = 0; j < d; j++) out[j * k + a] /= Math.sqrt(s);
  }
  return out;
}

beforeAll(async () => {
  await initBackend();
});

describe('factor/ppca closed form against scikit-learn PCA and the maximum-likelihood reference', () => {
  for (const name of CASES) {
    for (const kName of ['k2', 'k3']) {
      it(`${name}, K=${kName[1]}: ddof 1 gives scikit-learn's PCA.score; ddof 0 the ML fit`, async () => {
        const c = fixture.cases[name];
        const data = await loadCase(c);
        const k = Number(kName[1]);
        const before = tf.memory().numTensors;
        const sk = c.fits[kName].sklearn;
        const asSklearn = await fit(data, { nComponents: k, ddof: 1 });
        // Both sides are float64 eigen/SVD solutions of the same problem: agreement to rounding (~1e-14).
        expect(rel(asSklearn.score(data), sk.score)).toBeLessThan(1e-11);
        expect(rel(asSklearn.noiseVariance, sk.noiseVariance)).toBeLessThan(1e-10);
        const s1 = asSklearn.scoreSamples(data);
        sk.scoreSamples.forEach((v: number, i: number) => expect(rel(s1[i], v)).toBeLessThan(1e-10));
        expect(maxDiffUpToColumnSign(axes(asSklearn), transpose(sk.components))).toBeLessThan(1e-8);
        asSklearn.mean.forEach((m, j) => expect(m).toBeCloseTo(sk.mean[j], 10));
        // The engine evaluates the closed form once, keeps it, and stops at the second iteration (change 0).
        expect([asSklearn.iterations, asSklearn.converged]).toEqual([2, true]);

        const ml = c.fits[kName].ml;
        const fitted = await fit(data, { nComponents: k });
        expect(rel(fitted.score(data), ml.score)).toBeLessThan(1e-11);
        expect(rel(fitted.noiseVariance, ml.noiseVariance)).toBeLessThan(1e-10);
        const s0 = fitted.scoreSamples(data);
        ml.scoreSamples.forEach((v: number, i: number) => expect(rel(s0[i], v)).toBeLessThan(1e-10));
        expect(maxDiffUpToColumnSign(fitted.state.loadings, ml.loadings)).toBeLessThan(1e-8 * Math.sqrt(ml.eigenvalues[0]));
        // The ML fit is the maximum: scikit-learn's 1/(N−1) fit scores lower on the training data.
        expect(fitted.score(data)).toBeGreaterThan(asSklearn.score(data));
        const z = fitted.transform(data);
        expect(maxDiffUpToColumnSign(z.values.subarray(0, 5 * k), ml.transform)).toBeLessThan(1e-8);
        expect(tf.memory().numTensors).toBe(before);
      });
    }
  }

  for (const name of CASES.filter((c) => c.endsWith('standardized'))) {
    it(`${name}, K=2: scores held-out rows like the references after fitting the train rows`, async () => {
      const c = fixture.cases[name];
      const all = await loadCase(c);
      const train = part(all, 'train');
      const test = part(all, 'test');
      const ref = c.fits.k2.split;
      const asSklearn = await fit(train, { nComponents: 2, ddof: 1 });
      expect(rel(asSklearn.score(train), ref.sklearn.scoreTrain)).toBeLessThan(1e-11);
      expect(rel(asSklearn.score(test), ref.sklearn.scoreTest)).toBeLessThan(1e-11);
      const ml = await fit(train, { nComponents: 2 });
      expect(rel(ml.score(train), ref.ml.scoreTrain)).toBeLessThan(1e-11);
      expect(rel(ml.score(test), ref.ml.scoreTest)).toBeLessThan(1e-11);
    });
  }

  it('leaves the log-likelihood unchanged under varimax and quartimax rotations', async () => {
    const data = await loadCase(fixture.cases['wine-standardized']);
    const base = (await fit(data, { nComponents: 3 })).score(data);
    for (const rotation of ['varimax', 'quartimax'] as const) {
      const rotated = await fit(data, { nComponents: 3, rotation });
      expect(rel(rotated.score(data), base)).toBeLessThan(1e-13);
      const r = rotated.rotation;
      // R is orthogonal: R Rᵀ = I.
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) expect(r[a].reduce((s, v, t) => s + v * r[b][t], 0)).toBeCloseTo(a === b ? 1 : 0, 12);
    }
  });
});

describe('factor/ppca EM on complete data', () => {
  // On the raw files, whose column variances span 10 orders of magnitude, EM needs 10⁴–10⁵ iterations to get this
  // close; the closed form is the method for complete data, EM is there for missing values.
  for (const name of ['wine-standardized', 'breast_cancer-standardized']) {
    it(`${name}, K=2: converges from a random start to the closed-form maximum (ddof 0)`, async () => {
      const c = fixture.cases[name];
      const data = await loadCase(c);
      const ml = c.fits.k2.ml;
      const fitted = await fit(data, { nComponents: 2, method: 'em', tol: 1e-13, maxIter: 100000 }, 3);
      expect(fitted.converged).toBe(true);
      expect(rel(fitted.score(data), ml.score)).toBeLessThan(1e-10);
      expect(rel(fitted.noiseVariance, ml.noiseVariance)).toBeLessThan(1e-6);
      // EM's W is any rotation of the ML one; the fitted model returns it as principal axes again.
      const scale = Math.sqrt(ml.eigenvalues[0]);
      expect(maxDiffUpToColumnSign(fitted.state.loadings, ml.loadings) / scale).toBeLessThan(1e-5);
      fitted.mean.forEach((m, j) => expect(Math.abs(m - ml.mean[j]) / scale).toBeLessThan(1e-6));
    });
  }

  it('rejects ddof=1 with method em, and nComponents >= D', async () => {
    const data = await loadCase(fixture.cases['wine-raw']);
    await expect(fit(data, { method: 'em', ddof: 1 })).rejects.toThrow(/^factor\/ppca: ddof=1 applies to method 'closed-form' only/);
    await expect(fit(data, { nComponents: 13 })).rejects.toThrow(/^factor\/ppca: nComponents=13 must be less than the 13 columns of the data/);
  });
});
