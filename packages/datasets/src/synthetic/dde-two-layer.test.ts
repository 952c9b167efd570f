import { describe, expect, it } from 'vitest';
import { ddeBlockDesign, type DdeLikelihood } from './dde-design.js';
import { ddeTwoLayer } from './dde-two-layer.js';

/** FNV-1a hash of the bytes of a float64 array. */
const fnv = (a: Float64Array): string => {
  let h = 0x811c9dc5;
  for (const b of new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16);
};

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

describe('ddeBlockDesign', () => {
  it('builds the K = 2 design of the paper: two identity blocks and a [[4, -4/3], [-4/3, 4]] block', () => {
    expect(ddeBlockDesign(2)).toEqual([
      [-2, 4, 0],
      [-2, 0, 4],
      [-4, 4, 0],
      [-4, 0, 4],
      [-2, 4, -4 / 3],
      [-2, -4 / 3, 4],
    ]);
  });

  it('scales intercepts with the maximum and rejects odd K', () => {
    const b = ddeBlockDesign(6, 5, -2.5);
    expect(b.length).toBe(18);
    expect(b.map((r) => r[0])).toEqual([...new Array(6).fill(-2.5), ...new Array(6).fill(-5), ...new Array(6).fill(-2.5)]);
    expect(b[12].slice(1)).toEqual([5, 0, 0, -2.5, 0, 0]);
    expect(b[15].slice(1)).toEqual([-2.5, 0, 0, 5, 0, 0]);
    expect(() => ddeBlockDesign(3)).toThrow('even number of parents');
  });
});

describe('ddeTwoLayer', () => {
  it('has K2 = 2, K1 = 6, J = 18 with supports from the design', () => {
    const { data, truth } = ddeTwoLayer({ n: 100, seed: 51 });
    expect([data.nRows, data.nCols]).toEqual([100, 18]);
    expect(truth.b1.length).toBe(18);
    expect(truth.b1[0].length).toBe(7);
    expect(truth.b2.length).toBe(6);
    expect(truth.g2.map((r) => r.map(Number))).toEqual([
      [1, 0],
      [0, 1],
      [1, 0],
      [0, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(truth.g1.flat().filter(Boolean).length).toBe(6 + 6 + 12);
    expect(data.factors!.names).toEqual(['a1_1', 'a1_2', 'a1_3', 'a1_4', 'a1_5', 'a1_6', 'a2_1', 'a2_2']);
    expect(truth.p).toEqual([0.5, 0.5]);
  });

  it.each<DdeLikelihood>(['bernoulli', 'poisson', 'normal'])('draws both layers and %s responses with the model probabilities', (likelihood) => {
    const n = 8000;
    const { data, truth } = ddeTwoLayer({ n, likelihood, seed: 52 });
    const { a1, a2, b1, b2 } = truth;
    // Every check: the mean of (draw − its conditional mean) is within 5 standard errors of 0.
    for (let l = 0; l < 2; l++) {
      const m = Array.from({ length: n }, (_, i) => a2[2 * i + l]).reduce((s, v) => s + v, 0) / n;
      expect(Math.abs(m - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / n));
    }
    for (let k = 0; k < 6; k++) {
      let dev = 0;
      let v = 0;
      for (let i = 0; i < n; i++) {
        const p = sigmoid(b2[k][0] + b2[k][1] * a2[2 * i] + b2[k][2] * a2[2 * i + 1]);
        dev += a1[6 * i + k] - p;
        v += p * (1 - p);
      }
      expect(Math.abs(dev / n)).toBeLessThan((5 * Math.sqrt(v)) / n);
    }
    for (let j = 0; j < 18; j++) {
      let dev = 0;
      let v = 0;
      for (let i = 0; i < n; i++) {
        let eta = b1[j][0];
        for (let k = 0; k < 6; k++) eta += b1[j][1 + k] * a1[6 * i + k];
        const mean = likelihood === 'bernoulli' ? sigmoid(eta) : likelihood === 'poisson' ? Math.exp(eta) : eta;
        v += likelihood === 'bernoulli' ? mean * (1 - mean) : likelihood === 'poisson' ? mean : 1;
        dev += data.values[18 * i + j] - mean;
      }
      expect(Math.abs(dev / n)).toBeLessThan((5 * Math.sqrt(v)) / n);
    }
    if (likelihood !== 'normal') expect(data.values.every((x) => Number.isInteger(x) && x >= 0 && (likelihood === 'poisson' || x <= 1))).toBe(true);
    expect(truth.gamma === undefined).toBe(likelihood !== 'normal');
  });

  it('is deterministic under a seed', () => {
    expect(ddeTwoLayer({ n: 30, likelihood: 'poisson', seed: 60 })).toEqual(ddeTwoLayer({ n: 30, likelihood: 'poisson', seed: 60 }));
    expect(ddeTwoLayer({ n: 30, seed: 60 }).data.values).not.toEqual(ddeTwoLayer({ n: 30, seed: 61 }).data.values);
  });

  it('draws the same data as before it was built on the D-layer sampler (hashes of the values and latents at seed 51)', () => {
    // Hashes of the output of the two-layer code of commit 9eebaf6 (its own loop), n = 40.
    const before = { bernoulli: ['1fde5585', '89b104c5'], poisson: ['7850adef', '89b104c5'], normal: ['a2cf6898', '8e0395f8'] };
    for (const [likelihood, hashes] of Object.entries(before)) {
      const { data } = ddeTwoLayer({ n: 40, likelihood: likelihood as DdeLikelihood, seed: 51 });
      expect([fnv(data.values), fnv(data.factors!.values)], likelihood).toEqual(hashes);
    }
  });

  it('gives its truth the layered form of the other DDE generators, agreeing with the two-layer fields', () => {
    const { truth } = ddeTwoLayer({ n: 20, likelihood: 'normal', seed: 3 });
    expect(truth.layers.map((l) => l.coefficients)).toEqual([truth.b1, truth.b2]);
    expect(truth.layers.map((l) => l.graph)).toEqual([truth.g1, truth.g2].map((g) => g.map((r) => r.map(Number))));
    expect([truth.topProbabilities, truth.variances]).toEqual([truth.p, truth.gamma]);
    expect(truth.latents).toEqual([truth.a1, truth.a2]);
    expect(ddeTwoLayer({ n: 5, seed: 3 }).truth.variances).toBeUndefined();
  });
});
