import { createRng, initBackend } from '@latentkit/core';
import { expectClose } from '@latentkit/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mwsDecomposition } from './mws.js';

const logNormal = (z: number, m: number, ls: number) => -0.5 * ((z - m) / Math.exp(ls)) ** 2 - ls - 0.5 * Math.log(2 * Math.PI);
const logSumExp = (v: number[]) => {
  const m = Math.max(...v);
  return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
};

describe('minibatch-weighted sampling estimate of the β-TCVAE decomposition', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('matches a brute-force float64 evaluation of the MWS formulas on a batch of 4 rows', () => {
    const b = 4;
    const k = 3;
    const nData = 1000;
    const rng = createRng(3);
    const draw = (scale: number) => Array.from({ length: b }, () => Array.from({ length: k }, () => scale * rng.normal()));
    const z = draw(1);
    const loc = draw(1);
    const logScale = draw(0.4);
    // Brute force: q(z_i | x_m) = Π_k N(z_ik; loc_mk, σ_mk²), log q(z_i) ≈ log Σ_m q(z_i | x_m) − log(N·B).
    const mi: number[] = [];
    const tc: number[] = [];
    const dkl: number[] = [];
    for (let i = 0; i < b; i++) {
      const joint = Array.from({ length: b }, (_, m) => z[i].reduce((s, zik, c) => s + logNormal(zik, loc[m][c], logScale[m][c]), 0));
      const logQz = logSumExp(joint) - Math.log(nData * b);
      let logQzProduct = 0;
      for (let c = 0; c < k; c++)
        logQzProduct += logSumExp(Array.from({ length: b }, (_, m) => logNormal(z[i][c], loc[m][c], logScale[m][c]))) - Math.log(nData * b);
      const logQzCond = joint[i];
      const logPz = z[i].reduce((s, v) => s + logNormal(v, 0, 0), 0);
      mi.push(logQzCond - logQz);
      tc.push(logQz - logQzProduct);
      dkl.push(logQzProduct - logPz);
    }
    const before = tf.memory().numTensors;
    const got = tf.tidy(() => {
      const d = mwsDecomposition(tf.tensor2d(z), tf.tensor2d(loc), tf.tensor2d(logScale), nData);
      return tf.stack([d.mutualInformation, d.totalCorrelation, d.dimensionKl]);
    });
    const values = Array.from(got.dataSync());
    got.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // float32 log densities of magnitude ≤ ~20 and a log(N·B) ≈ 8.3 offset: absolute 2e-5.
    expectClose(values.slice(0, b), mi, { rtol: 0, atol: 2e-5, label: 'mutual information' });
    expectClose(values.slice(b, 2 * b), tc, { rtol: 0, atol: 2e-5, label: 'total correlation' });
    expectClose(values.slice(2 * b), dkl, { rtol: 0, atol: 2e-5, label: 'dimension-wise KL' });
    // The three parts add up to log q(z_i | x_i) − log p(z_i), the single-sample KL.
    for (let i = 0; i < b; i++)
      expect(mi[i] + tc[i] + dkl[i]).toBeCloseTo(
        z[i].reduce((s, v, c) => s + logNormal(v, loc[i][c], logScale[i][c]) - logNormal(v, 0, 0), 0),
        10,
      );
  });
});
