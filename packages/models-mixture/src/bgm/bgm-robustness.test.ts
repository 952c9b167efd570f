import { initBackend } from '@latentkit/core';
import { cavi } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CovarianceType } from '../gmm/gmm-params.js';
import { denseRows, shifted } from '../test-support/robustness-data.js';
import { bayesianGmm } from './bayesian-gmm.js';
import type { FittedBgm } from './bgm-fitted.js';

// The `clusters` case of tooling/reference/gmm_robustness_reference.py: 300 rows, three clusters, K = 3.
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../tooling/reference/fixtures/gmm-robustness.json', import.meta.url)), 'utf8'));
const TYPES: CovarianceType[] = ['full', 'diag', 'spherical', 'tied'];
// Translating the data (and the start) leaves the lower bound unchanged in exact arithmetic: the data are centred in
// float64 before the float32 E-step and the default priors (column means, sample covariance) move with them, so only
// float32 rounding of the centred rows differs (observed ≤ 1e-7 relative); 1e-6 is the bar.
const SHIFT_RTOL = 1e-6;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('mixture/bayesian-gmm on shifted data', () => {
  beforeAll(async () => {
    await initBackend();
  });

  for (const shift of [1e4, 1e6]) {
    it(`gives the lower bound of the unshifted data with every column shifted by ${shift} (all covariance types)`, async () => {
      const data = denseRows(fixture.cases.clusters.data, 'clusters');
      const means: number[][] = fixture.cases.clusters.meansInit;
      const registry = createRegistry().register(bayesianGmm, cavi);
      const before = tf.memory().numTensors;
      for (const covarianceType of TYPES) {
        // A fixed number of sweeps, so that both runs stop at the same iteration.
        const params = { nComponents: 3, covarianceType, maxIter: 30, tol: 0 };
        const base = (await registry.create('mixture/bayesian-gmm', { ...params, meansInit: means }).fit(data)) as FittedBgm;
        const far = (await registry
          .create('mixture/bayesian-gmm', { ...params, meansInit: means.map((m) => m.map((v) => v + shift)) })
          .fit(shifted(data, shift))) as FittedBgm;
        expect({ covarianceType, rel: rel(far.lowerBound, base.lowerBound) < SHIFT_RTOL }).toEqual({ covarianceType, rel: true });
        expect(far.means[0][0] - shift).toBeCloseTo(base.means[0][0], 4);
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
