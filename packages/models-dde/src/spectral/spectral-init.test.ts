import { describe, expect, it } from 'vitest';
import { spectralInit } from './spectral-init.js';
import { mixedTwoLayerData, twoLayerAccuracy, twoLayerData } from './test-support/two-layer.js';

const N = 2000;
const SEEDS = [51, 52, 53];

describe('spectralInit on the two-layer designs (ALGORITHMS.md §9.2, N = 2000, seeds 51–53)', () => {
  // Floors a little below the lowest of 4 seeds observed (51–54): G1 / G2 / both =
  //   Bernoulli 0.935–0.944 / 0.833 / 0.925–0.933; Poisson 0.889–0.926 / 0.750–0.833 / 0.883–0.917;
  //   Normal 1.000 / 0.750–0.917 / 0.975–0.992. (G2 has 12 entries: one entry = 0.083.)
  const floors = { bernoulli: { g1: 0.92, both: 0.91 }, poisson: { g1: 0.87, both: 0.86 }, normal: { g1: 0.99, both: 0.96 } };
  for (const likelihood of ['bernoulli', 'poisson', 'normal'] as const)
    it(`recovers G from the initialiser alone: ${likelihood}`, () => {
      for (const seed of SEEDS) {
        const { data, truth } = twoLayerData(N, likelihood, seed);
        const init = spectralInit(data, [6, 2], { epsilon: 1e-4 });
        const acc = twoLayerAccuracy(init, truth, N);
        expect(acc.g1, `seed ${seed}`).toBeGreaterThanOrEqual(floors[likelihood].g1);
        expect(acc.both, `seed ${seed}`).toBeGreaterThanOrEqual(floors[likelihood].both);
        expect(acc.g2, `seed ${seed}`).toBeGreaterThanOrEqual(0.66);
      }
    });

  it('returns the SpectralInit shapes: rows = children [intercept, slopes], Â per layer, p̂ in (0, 1), γ̂ only for Normal', () => {
    const { data } = twoLayerData(500, 'normal', 7);
    const init = spectralInit(data, [6, 2], { epsilon: 1e-4 });
    expect(init.layers.map((l) => [l.coefficients.length, l.coefficients[0].length, l.graph.length, l.graph[0].length])).toEqual([
      [18, 7, 18, 6],
      [6, 3, 6, 2],
    ]);
    expect(init.latents.map((a) => a.length)).toEqual([500 * 6, 500 * 2]);
    expect(init.latents.every((a) => a.every((x) => x === 0 || x === 1))).toBe(true);
    expect(init.topProbabilities).toHaveLength(2);
    for (const p of init.topProbabilities) expect(p > 0 && p < 1).toBe(true);
    expect(init.variances).toHaveLength(18);
    // Normal layer 1 is masked by Ĝ (reference Normal_init): zero slopes exactly off the graph.
    init.layers[0].coefficients.forEach((row, j) => row.slice(1).forEach((b, t) => expect(b !== 0).toBe(init.layers[0].graph[j][t] === 1)));
    // γ̂_j = mean squared residual: the true γ is 1; with 1% of Â wrong it stays within 0.8–1.5.
    for (const g of init.variances!) expect(g! > 0.8 && g! < 1.5).toBe(true);
    const bern = spectralInit(twoLayerData(500, 'bernoulli', 7).data, [6, 2], { epsilon: 1e-4 });
    expect(bern.variances).toBeUndefined();
  });

  it('floors each latent’s anchor slope at 2.5 on logit/log layers and sets the intercept to −B̃·mean(Â)', () => {
    const { data } = twoLayerData(N, 'poisson', 51);
    const init = spectralInit(data, [6, 2], { epsilon: 1e-4 });
    for (const [d, layer] of init.layers.entries()) {
      const k = layer.coefficients[0].length - 1;
      const mean = Array.from({ length: k }, (_, t) => {
        let s = 0;
        for (let i = 0; i < N; i++) s += init.latents[d][i * k + t];
        return s / N;
      });
      for (let t = 0; t < k; t++) expect(Math.max(...layer.coefficients.map((r) => r[1 + t]))).toBeGreaterThanOrEqual(2.5);
      for (const row of layer.coefficients) expect(row[0]).toBeCloseTo(-row.slice(1).reduce((s, b, t) => s + b * mean[t], 0), 10);
    }
  });

  it('handles a mixed layer 1 (Bernoulli and Normal columns) through each column’s own inverse link', () => {
    for (const seed of SEEDS) {
      const { data, truth } = mixedTwoLayerData(N, seed);
      const init = spectralInit(data, [6, 2], { epsilon: 1e-4 });
      const acc = twoLayerAccuracy(init, truth, N);
      // Observed G1 over seeds 51–54: 0.963, 0.954, 0.972, 0.944.
      expect(acc.g1, `seed ${seed}`).toBeGreaterThanOrEqual(0.93);
      expect(init.variances!.map((g) => g === null)).toEqual(data.families.map((f) => f !== 'normal'));
    }
  });

  it('K_d = 1 uses the first singular vector unrotated: a dense graph', () => {
    const init = spectralInit(twoLayerData(500, 'bernoulli', 3).data, [6, 1], { epsilon: 1e-4 });
    expect(init.layers[1].graph.every((r) => r[0] === 1)).toBe(true);
  });
});

describe('spectralInit with a confirmatory G^(1)', () => {
  it('keeps G^(1) as the support, masks the refit by it and aligns Â^(1) with its columns', () => {
    const { data, truth } = twoLayerData(N, 'bernoulli', 51);
    const g = truth.g1.map((r) => r.map(Number));
    const init = spectralInit(data, [6, 2], { epsilon: 1e-4, confirmatoryGraph: g });
    expect(init.layers[0].graph).toEqual(g);
    init.layers[0].coefficients.forEach((row, j) => row.slice(1).forEach((b, t) => g[j][t] === 0 && expect(b).toBe(0)));
    // Without any matching to the truth, column t of Â^(1) is the truth's latent t (observed agreement 0.86).
    let hits = 0;
    for (let i = 0; i < N * 6; i++) if (init.latents[0][i] === truth.a1[i]) hits++;
    expect(hits / (N * 6)).toBeGreaterThan(0.8);
  });
  it('rejects a graph of the wrong shape or with entries other than 0/1, naming confirmatoryGraph', () => {
    const { data } = twoLayerData(200, 'bernoulli', 1);
    const row = [1, 0, 0, 0, 0, 0];
    expect(() => spectralInit(data, [6, 2], { epsilon: 1e-4, confirmatoryGraph: new Array(17).fill(row) })).toThrow(/confirmatoryGraph.*J = 18.*17 rows/);
    expect(() => spectralInit(data, [6, 2], { epsilon: 1e-4, confirmatoryGraph: new Array(18).fill([1, 0]) })).toThrow(
      /confirmatoryGraph row 1 has 2 entries, expected K1 = 6/,
    );
    const bad = new Array(18).fill(row).map((r, j) => (j === 4 ? [1, 0, 2, 0, 0, 0] : r));
    expect(() => spectralInit(data, [6, 2], { epsilon: 1e-4, confirmatoryGraph: bad })).toThrow(/confirmatoryGraph row 5, entry 3 is 2, expected 0 or 1/);
  });
  it('rejects widths that do not shrink upwards', () => {
    const { data } = twoLayerData(200, 'bernoulli', 1);
    expect(() => spectralInit(data, [6, 7], { epsilon: 1e-4 })).toThrow(/layers\[1\] = 7 must be an integer in \[1, 6\]/);
    expect(() => spectralInit(data, [19], { epsilon: 1e-4 })).toThrow(/layers\[0\] = 19.*J = 18/);
  });
});
