import { initBackend, loadDenseCsv, type DenseDataset } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { gmm } from './gaussian-mixture.js';
import type { FittedGmm } from './gmm-fitted.js';
import type { CovarianceType } from './gmm-params.js';

// Reference values: tooling/reference/gmm_reference.py (scikit-learn 1.2.1), start "hardAssignment".
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../tooling/reference/fixtures/gmm.json', import.meta.url)), 'utf8'));
const dataPath = (file: string) => fileURLToPath(new URL(`../../../datasets/data/${file}`, import.meta.url));
const TYPES: CovarianceType[] = ['full', 'diag', 'spherical', 'tied'];

// float32 E-step and statistics: scores agree with float64 scikit-learn to ~1e-6 relative; the bar is 1e-4.
const RTOL = 1e-4;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

async function load(name: 'faithful' | 'iris'): Promise<DenseDataset> {
  const c = fixture.cases[name].data;
  return (await loadDenseCsv(dataPath(c.file), { columns: c.columns })) as DenseDataset;
}

describe('mixture/gmm against scikit-learn GaussianMixture', () => {
  beforeAll(async () => {
    await initBackend();
  });

  for (const name of ['faithful', 'iris'] as const) {
    for (const covarianceType of TYPES) {
      it(`matches the mean log-likelihood on ${name} (${covarianceType}) from the same initial means`, async () => {
        const data = await load(name);
        const ref = fixture.cases[name].fits[covarianceType].hardAssignment;
        const registry = createRegistry().register(gmm, em);
        const base = { nComponents: fixture.cases[name].data.k, covarianceType, meansInit: fixture.cases[name].meansInit.values };
        const before = tf.memory().numTensors;
        const strict = (await registry.create('mixture/gmm', { ...base, tol: 1e-10, maxIter: 1000 }).fit(data)) as FittedGmm;
        const dflt = (await registry.create('mixture/gmm', base).fit(data)) as FittedGmm;
        expect(rel(strict.score(data), ref.strict.score)).toBeLessThan(RTOL);
        expect(rel(dflt.score(data), ref.default.score)).toBeLessThan(RTOL);
        expect(strict.converged).toBe(true);
        expect(rel(strict.bic(data), ref.strict.bic)).toBeLessThan(RTOL);
        expect(rel(strict.aic(data), ref.strict.aic)).toBeLessThan(RTOL);
        expect(strict.nParameters).toBe(ref.strict.nParameters);
        // The first trace value is the log-likelihood of the initial parameters: it checks the initialisation alone.
        expect(rel(strict.trace[0].objective, ref.strict.lowerBoundTrace[0])).toBeLessThan(1e-5);
        const proba = strict.predictProba(data);
        for (let i = 0; i < 5; i++) {
          for (let k = 0; k < proba.nCols; k++) expect(proba.values[i * proba.nCols + k]).toBeCloseTo(ref.strict.predictProba[i][k], 4);
        }
        const samples = strict.scoreSamples(data);
        // Per-row values can be near 0, so compare them on the scale max(1, |ref|).
        for (let i = 0; i < 5; i++) expect(Math.abs(samples[i] - ref.strict.scoreSamples[i]) / Math.max(1, Math.abs(ref.strict.scoreSamples[i]))).toBeLessThan(RTOL);
        expect(tf.memory().numTensors).toBe(before);
      });
    }
  }

  it('scores the test rows of faithful like scikit-learn after fitting the train rows', async () => {
    const all = await load('faithful');
    const pick = (which: 'train' | 'test'): DenseDataset => {
      const idx = all.split!.flatMap((s, i) => (s === which ? [i] : []));
      const values = new Float64Array(idx.length * all.nCols);
      idx.forEach((r, j) => values.set(all.values.subarray(r * all.nCols, (r + 1) * all.nCols), j * all.nCols));
      return { ...all, nRows: idx.length, values, split: undefined };
    };
    const ref = fixture.cases.faithful.fits.full.hardAssignment.split.trainFit;
    const registry = createRegistry().register(gmm, em);
    const fitted = await registry.create('mixture/gmm', { nComponents: 2, meansInit: fixture.cases.faithful.meansInit.values, tol: 1e-10, maxIter: 1000 }).fit(pick('train'));
    expect(rel(fitted.score(pick('train')), ref.scoreTrain)).toBeLessThan(RTOL);
    expect(rel(fitted.score(pick('test')), ref.scoreTest)).toBeLessThan(RTOL);
  });
});
