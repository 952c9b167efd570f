import { describe, expect, it } from 'vitest';
import { sparseVaeSim } from './sparse-vae-sim.js';

const corr = (a: number[], b: number[]): number => {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
};

describe('sparseVaeSim', () => {
  it('computes the seven features from the factors exactly when there is no noise', () => {
    const { data, truth } = sparseVaeSim({ n: 200, rho: 0.3, noise: 0, seed: 4 });
    expect([data.nRows, data.nCols]).toEqual([200, 7]);
    for (let i = 0; i < 200; i++) {
      const z1 = truth.z[2 * i];
      const z2 = truth.z[2 * i + 1];
      const x = Array.from(data.values.subarray(7 * i, 7 * i + 7));
      expect(x).toEqual([z1, 2 * z1, 3 * z1 * z1, 4 * z2, 5 * z2, 6 * Math.sin(z2), 7 * z1 * z2]);
    }
    expect(data.factors!.names).toEqual(['z1', 'z2']);
    expect(data.factors!.values).toEqual(truth.z);
  });

  it('gives the factors correlation ρ, unit variances and noise of standard deviation 0.5', () => {
    const n = 20_000;
    const rho = 0.6;
    const { data, truth } = sparseVaeSim({ n, rho, seed: 8 });
    const z1 = Array.from({ length: n }, (_, i) => truth.z[2 * i]);
    const z2 = Array.from({ length: n }, (_, i) => truth.z[2 * i + 1]);
    // Standard error of a sample correlation ≈ (1 − ρ²)/√n; 5 of them.
    expect(Math.abs(corr(z1, z2) - rho)).toBeLessThan((5 * (1 - rho * rho)) / Math.sqrt(n));
    const var2 = z2.reduce((s, v) => s + v * v, 0) / n;
    expect(Math.abs(var2 - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    const resid = Array.from({ length: n }, (_, i) => data.values[7 * i + 1] - 2 * z1[i]);
    const rv = resid.reduce((s, v) => s + v * v, 0) / n;
    expect(Math.abs(rv - 0.25)).toBeLessThan(5 * 0.25 * Math.sqrt(2 / n));
  });

  it('records the support, the anchors and W_true of the reference evaluation', () => {
    const { truth } = sparseVaeSim({ n: 10, seed: 1 });
    expect(truth.support.map((r) => r.map(Number))).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
      [0, 1],
      [0, 1],
      [0, 1],
      [1, 1],
    ]);
    expect(truth.anchors).toEqual([
      [0, 1],
      [3, 4],
    ]);
    expect(truth.wTrue.length).toBe(7);
    expect(truth.wTrue[6]).toEqual([0.5, 0.5, 0, 0, 0]);
    expect(truth.wTrue.map((r) => r.slice(2).every((v) => v === 0))).toEqual(new Array(7).fill(true));
  });

  it('is deterministic under a seed and rejects |ρ| ≥ 1', () => {
    expect(sparseVaeSim({ n: 50, seed: 3 }).data.values).toEqual(sparseVaeSim({ n: 50, seed: 3 }).data.values);
    expect(sparseVaeSim({ n: 50, seed: 3 }).data.values).not.toEqual(sparseVaeSim({ n: 50, seed: 4 }).data.values);
    expect(() => sparseVaeSim({ rho: 1, seed: 1 })).toThrow('rho must be in (-1, 1), got 1');
  });
});
