import { createHash } from 'node:crypto';
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

  it('keeps the data of the Gaussian prior as before the prior options (hashes taken from the earlier generator)', () => {
    const hash = (o: Parameters<typeof contrastiveSim>[0]) => {
      const { data } = contrastiveSim(o);
      const h = createHash('sha256');
      h.update(new Uint8Array(data.values.buffer));
      h.update(new Uint8Array(data.factors!.values.buffer));
      return h.digest('hex').slice(0, 16);
    };
    expect(hash({ seed: 0 })).toBe('48bfc421ae3b6d4d');
    expect(hash({ nBackground: 50, nTarget: 70, dz: 3, dt: 1, dx: 6, hidden: 8, noise: 0.3, seed: 4 })).toBe('e3154d1d3e26839b');
    expect(hash({ seed: 0, prior: 'gaussian', components: 5 })).toBe('48bfc421ae3b6d4d');
  });

  it('gives the row groups and the truth as factors: z on every row, t on target rows and 0 on background rows', () => {
    const { data, truth } = contrastiveSim({ nBackground: 3, nTarget: 2, dz: 1, dt: 2, seed: 7 });
    expect(data.groups).toEqual({ name: 'group', values: ['background', 'background', 'background', 'target', 'target'] });
    expect(data.factors!.names).toEqual(['z1', 't1', 't2']);
    for (let i = 0; i < 5; i++) {
      expect(data.factors!.values[3 * i]).toBe(truth.z[i]);
      expect([data.factors!.values[3 * i + 1], data.factors!.values[3 * i + 2]]).toEqual([truth.t[2 * i], truth.t[2 * i + 1]]);
    }
  });

  it("draws each latent from its mixture component with prior 'mixture': N(μ_k, I) around the component's mean", () => {
    const n = 4000;
    const { data, truth } = contrastiveSim({ prior: 'mixture', components: 3, dx: 20, nBackground: n, nTarget: n, noise: 0, seed: 1 });
    expect([data.nRows, data.nCols]).toEqual([2 * n, 20]);
    const m = truth.mixture!;
    expect(m.z.means).toHaveLength(3);
    expect(m.t.means[0]).toHaveLength(2);
    expect(Array.from(m.tComponent.subarray(0, n)).every((k) => k === -1)).toBe(true);
    // Residuals z − μ_k are N(0, I): per coordinate, mean 0 (se 1/√8000) and variance 1 (se √(2/8000)); 5 se.
    let sum = 0;
    let ss = 0;
    const counts = [0, 0, 0];
    for (let i = 0; i < 2 * n; i++) {
      const k = m.zComponent[i];
      counts[k]++;
      const r = truth.z[2 * i] - m.z.means[k][0];
      sum += r;
      ss += r * r;
    }
    expect(Math.abs(sum / (2 * n))).toBeLessThan(5 / Math.sqrt(2 * n));
    expect(Math.abs(ss / (2 * n) - 1)).toBeLessThan(5 * Math.sqrt(2 / (2 * n)));
    // Equal weights: each count is Binomial(8000, 1/3), sd ≈ 42.
    for (const c of counts) expect(Math.abs(c - (2 * n) / 3)).toBeLessThan(5 * 42.2);
    // Same network as the Gaussian prior with the same seed: the means come after it on its stream.
    expect(truth.layers).toEqual(contrastiveSim({ dx: 20, nBackground: 1, nTarget: 1, seed: 1 }).truth.layers);
  });

  it('refuses an unknown prior and a component count below 1 in one line', () => {
    expect(() => contrastiveSim({ prior: 'laplace' as 'gaussian', seed: 0 })).toThrow("contrastive-sim: prior must be 'gaussian' or 'mixture', got 'laplace'");
    expect(() => contrastiveSim({ prior: 'mixture', components: 0, seed: 0 })).toThrow(/components/);
  });

  it('gives more target groups their own salient blocks: t_g only on group g, x = f(z, t_1, t_2, t_3) exactly without noise', () => {
    const { data, truth } = contrastiveSim({ nBackground: 4, nTarget: 3, targetGroups: 3, dz: 1, dt: 2, dx: 5, noise: 0, seed: 3 });
    expect(data.nRows).toBe(13);
    expect(data.groups!.values).toEqual([...new Array(4).fill('background'), ...['target1', 'target2', 'target3'].flatMap((g) => new Array(3).fill(g))]);
    expect(Array.from(truth.group)).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(data.factors!.names).toEqual(['z1', 't1_1', 't1_2', 't2_1', 't2_2', 't3_1', 't3_2']);
    expect(truth.layers[0].weights[0]).toHaveLength(1 + 3 * 2);
    for (let i = 0; i < 13; i++) {
      const g = truth.group[i];
      const row = truth.t.subarray(6 * i, 6 * i + 6);
      // The row's own block is drawn (non-zero with probability 1); every other block is exactly 0.
      for (let b = 1; b <= 3; b++) expect(Array.from(row.subarray(2 * (b - 1), 2 * b)).every((v) => (v !== 0) === (b === g))).toBe(true);
      expect(Array.from(data.values.subarray(5 * i, 5 * i + 5))).toEqual(applyMixing(truth.layers, [truth.z[i], ...row]));
    }
  });

  it("with salient 'shared' the target groups draw the same factors through the one-group network", () => {
    const shared = contrastiveSim({ nBackground: 2, nTarget: 2, targetGroups: 2, salient: 'shared', seed: 8 });
    expect(shared.data.groups!.values).toEqual(['background', 'background', 'target1', 'target1', 'target2', 'target2']);
    expect(shared.data.factors!.names).toEqual(['z1', 'z2', 't1', 't2']);
    expect(shared.truth.layers).toEqual(contrastiveSim({ nBackground: 2, nTarget: 2, seed: 8 }).truth.layers);
    expect(() => contrastiveSim({ targetGroups: 0, seed: 0 })).toThrow(/targetGroups/);
    expect(() => contrastiveSim({ salient: 'joint' as 'shared', seed: 0 })).toThrow("contrastive-sim: salient must be 'per-group' or 'shared', got 'joint'");
  });
});
