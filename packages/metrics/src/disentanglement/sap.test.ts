import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sap } from './sap.js';

// Fixed inputs and disentanglement_lib / scikit-learn 1.2.1 values from tooling/reference/metrics_reference.py.
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/metrics.json', import.meta.url), 'utf8'));

describe('metrics/sap', () => {
  it('matches disentanglement_lib with discrete factors (accuracies of the exact LinearSVC solution)', () => {
    const d = ref.discrete;
    const r = sap(d.factors, d.codes, { nTrain: 600, nTest: 300 });
    // Accuracies are multiples of 1/300; equal predictions give equal values up to summation rounding.
    expect(Math.abs(r.value - d.sapDiscrete.value)).toBeLessThan(1e-12);
    d.sapDiscrete.gaps.forEach((g: number, j: number) => expect(Math.abs(r.parts[`gap:x${j + 1}`] - g)).toBeLessThan(1e-12));
    expect(r.settings).toMatchObject({ nTrainUsed: 600, nTestUsed: 300, continuous: false });
  });

  it('uses the first 2/3 of the rows for training when there are fewer than nTrain + nTest', () => {
    const d = ref.discrete;
    expect(sap(d.factors, d.codes).value).toBe(sap(d.factors, d.codes, { nTrain: 600, nTest: 300 }).value);
  });

  it('matches the R² score matrix with continuous factors to 1e-9', () => {
    const d = ref.discrete;
    expect(Math.abs(sap(d.factors, d.codes, { continuous: true, nTrain: 600 }).value - d.sapContinuous.value)).toBeLessThan(1e-9);
    const c = ref.continuous;
    expect(Math.abs(sap(c.factors, c.codes, { continuous: true }).value - c.sapContinuous.value)).toBeLessThan(1e-9);
  });

  it('is 1 for identity codes of continuous factors, and near 0 for independent codes', () => {
    const c = ref.continuous;
    // R²(y_j, y_j) = 1 and R²(y_j, y_k) = sample corr² of independent Gaussians (~1/N = 0.002 here).
    expect(sap(c.factors, c.factors, { continuous: true }).value).toBeGreaterThan(0.99);
    const noise = c.codes.map((r: number[]) => [r[2]]);
    expect(sap(c.factors, noise, { continuous: true }).value).toBeLessThan(0.02);
  });
});
