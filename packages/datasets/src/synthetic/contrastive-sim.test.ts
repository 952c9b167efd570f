import { describe, expect, it } from 'vitest';
import { applyMixing, contrastiveSim } from './contrastive-sim.js';

describe('contrastiveSim', () => {
  it('puts background rows first with salient latents fixed at zero', () => {
    const { data, truth } = contrastiveSim({ nBackground: 30, nTarget: 20, dz: 3, dt: 2, dx: 8, seed: 1 });
    expect([data.nRows, data.nCols]).toEqual([50, 8]);
    expect(data.labels!.slice(0, 30).every((g) => g === 'background')).toBe(true);
    expect(data.labels!.slice(30).every((g) => g === 'target')).toBe(true);
    expect(Array.from(truth.group)).toEqual([...new Array(30).fill(0), ...new Array(20).fill(1)]);
    expect(truth.t.subarray(0, 60).every((v) => v === 0)).toBe(true);
    expect(truth.t.subarray(60).every((v) => v !== 0)).toBe(true);
    expect(data.factors!.names).toEqual(['z1', 'z2', 'z3', 't1', 't2']);
    expect(truth.layers.map((l) => [l.weights.length, l.weights[0].length])).toEqual([
      [32, 5],
      [32, 32],
      [8, 32],
    ]);
  });

  it('is x = f(z, t) exactly without noise, and has residual standard deviation `noise` otherwise', () => {
    const exact = contrastiveSim({ nBackground: 40, nTarget: 40, noise: 0, seed: 2 });
    for (let i = 0; i < 80; i++) {
      const input = [...exact.truth.z.subarray(2 * i, 2 * i + 2), ...exact.truth.t.subarray(2 * i, 2 * i + 2)];
      expect(Array.from(exact.data.values.subarray(10 * i, 10 * i + 10))).toEqual(applyMixing(exact.truth.layers, input));
    }
    const n = 4000;
    const { data, truth } = contrastiveSim({ nBackground: n / 2, nTarget: n / 2, noise: 0.1, seed: 2 });
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const f = applyMixing(truth.layers, [...truth.z.subarray(2 * i, 2 * i + 2), ...truth.t.subarray(2 * i, 2 * i + 2)]);
      for (let q = 0; q < 10; q++) ss += (data.values[10 * i + q] - f[q]) ** 2;
    }
    // Mean of 40,000 squared N(0, 0.01) residuals: standard error 0.01·√(2/40000); 5 of them.
    expect(Math.abs(ss / (10 * n) - 0.01)).toBeLessThan(5 * 0.01 * Math.sqrt(2 / (10 * n)));
  });

  it('keeps the network fixed for a seed whatever the sample sizes', () => {
    const a = contrastiveSim({ nBackground: 10, nTarget: 10, seed: 5 });
    expect(contrastiveSim({ nBackground: 10, nTarget: 10, seed: 5 }).data.values).toEqual(a.data.values);
    expect(contrastiveSim({ nBackground: 3, nTarget: 99, seed: 5 }).truth.layers).toEqual(a.truth.layers);
    expect(contrastiveSim({ nBackground: 10, nTarget: 10, seed: 6 }).truth.layers).not.toEqual(a.truth.layers);
  });
});
