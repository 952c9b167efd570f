import { createRng } from '@latentkit/core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockR2 } from './block-r2.js';

// Fixed inputs and scikit-learn 1.2.1 KernelRidge / r2_score values from tooling/reference/metrics_reference.py.
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/metrics.json', import.meta.url), 'utf8'));

describe('metrics/block-r2', () => {
  it('matches scikit-learn KernelRidge + r2_score to 1e-8 (rows in file order, as the reference fits them)', () => {
    const b = ref.blockR2;
    const r = blockR2(b.truth, b.pred, { nTrain: 200, nTest: 100, shuffle: false });
    expect(Math.abs(r.value - b.default.value)).toBeLessThan(1e-8);
    expect(Math.abs(r.parts['r2:x2'] - b.default.r2[1])).toBeLessThan(1e-8);
    expect(Math.abs(r.parts.trainR2 - b.default.train)).toBeLessThan(1e-8);
    expect(Math.abs(blockR2(b.truth, b.pred, { nTrain: 200, nTest: 100, alpha: 1, gamma: 0.5, shuffle: false }).value - b.alpha1Gamma05.value)).toBeLessThan(
      1e-8,
    );
    // 300 rows with the default 2000/1000: the first 2/3 train, as with 200/100.
    expect(blockR2(b.truth, b.pred, { shuffle: false }).value).toBe(r.value);
    expect(r.settings).toMatchObject({ alpha: 0.1, gamma: null, gammaUsed: 1 / 3, nTrainUsed: 200, nTestUsed: 100 });
  });

  it('is near 1 for a smooth invertible function of the estimated block and near 0 for an unrelated one', () => {
    const rng = createRng(11);
    const z = Array.from({ length: 600 }, () => [rng.normal(), rng.normal()]);
    const est = z.map(([a, b]) => [Math.tanh(a) + 0.5 * b, b - 0.3 * a]);
    expect(blockR2(z, est).value).toBeGreaterThan(0.97);
    const noise = z.map(() => [rng.normal(), rng.normal()]);
    // An unrelated regressor overfits the training rows, so its test R² is slightly negative, never clearly positive.
    const r = blockR2(z, noise).value;
    expect(r).toBeLessThan(0.02);
    expect(r).toBeGreaterThan(-0.2);
  });

  it('splits shuffled rows, so rows sorted by value (or by group) still test inside the training range', () => {
    // Rows sorted by z: in file order the first 2/3 (z below ~0.43) train and the top third tests, where the RBF
    // regression extrapolates towards the training mean, so R² is far below 0; shuffled, it is near 1 as above.
    const rng = createRng(5);
    const z = Array.from({ length: 600 }, () => rng.normal()).sort((a, b) => a - b);
    const truth = z.map((v) => [v]);
    const est = z.map((v) => [Math.tanh(v) + 0.2 * v]);
    expect(blockR2(truth, est, { shuffle: false }).value).toBeLessThan(0);
    expect(blockR2(truth, est).value).toBeGreaterThan(0.97);
    expect(blockR2(truth, est, { seed: 1 }).value).toBeGreaterThan(0.97);
    expect(blockR2(truth, est).settings).toMatchObject({ shuffle: true, seed: 0, nTrainUsed: 400, nTestUsed: 200 });
  });
});
