import { createRng, log1pexp, sigmoid } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import type { DdeData } from '../dde-data.js';
import type { DdeFamily, DdeState } from '../dde-state.js';
import { createStatsBuilder } from '../stats/stats-builder.js';
import type { DdeStats } from '../stats/dde-stats.js';
import { maximiseDde } from './dde-mstep.js';

// One latent layer of K = 2 and J = 3 children of one family; N rows with latents drawn from p = (0.5, 0.4).
const TRUE = [
  [-1, 2, 0],
  [0.5, -1.5, 1],
  [-0.5, 0.8, 1.2],
];

function problem(family: DdeFamily, n: number, seed: number, coefficients = TRUE): { state: DdeState; data: DdeData; stats: DdeStats; a: Uint8Array[] } {
  const rng = createRng(seed);
  const J = coefficients.length;
  const a = Array.from({ length: n }, () => Uint8Array.from([rng.uniform() < 0.5 ? 1 : 0, rng.uniform() < 0.4 ? 1 : 0]));
  const values = new Float64Array(n * J);
  a.forEach((ai, i) =>
    coefficients.forEach((b, j) => {
      const eta = b[0] + b[1] * ai[0] + b[2] * ai[1];
      if (family === 'bernoulli') values[i * J + j] = rng.uniform() < sigmoid(eta) ? 1 : 0;
      else if (family === 'normal') values[i * J + j] = eta + 0.7 * rng.normal();
      else {
        // Poisson by inversion (small means).
        let k = 0;
        let p = Math.exp(-Math.exp(eta));
        let cdf = p;
        const u = rng.uniform();
        while (u > cdf) {
          p *= Math.exp(eta) / ++k;
          cdf += p;
        }
        values[i * J + j] = k;
      }
    }),
  );
  const families = Array<DdeFamily>(J).fill(family);
  const state: DdeState = {
    layers: [{ coefficients: coefficients.map(() => [0, 0.5, 0.5]), graph: coefficients.map(() => [1, 1]) }],
    topProbabilities: [0.5, 0.5],
    families,
    ...(family === 'normal' && { variances: Array<number>(J).fill(1) }),
    columns: coefficients.map((_, j) => `x${j}`),
  };
  const data: DdeData = { nRows: n, nCols: J, values, columns: state.columns, families };
  const builder = createStatsBuilder(state, data);
  a.forEach((ai, i) => builder.add(i, [ai], 1));
  return { state, data, stats: builder.finish(), a };
}

/** The unpenalised GLM MLE by Newton's method on the raw rows (independent of the statistics and the solver). */
function newtonMle(family: DdeFamily, a: Uint8Array[], x: (i: number) => number): number[] {
  let b = [0, 0, 0];
  for (let it = 0; it < 50; it++) {
    const g = [0, 0, 0];
    const h = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    a.forEach((ai, i) => {
      const z = [1, ai[0], ai[1]];
      const eta = b[0] + b[1] * z[1] + b[2] * z[2];
      const mu = family === 'bernoulli' ? sigmoid(eta) : family === 'poisson' ? Math.exp(eta) : eta;
      const v = family === 'bernoulli' ? mu * (1 - mu) : family === 'poisson' ? mu : 1;
      for (let u = 0; u < 3; u++) {
        g[u] += (x(i) - mu) * z[u];
        for (let w = 0; w < 3; w++) h[u][w] += v * z[u] * z[w];
      }
    });
    // Solve h·d = g by Cramer's rule (3 × 3).
    const det = (m: number[][]): number =>
      m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    const d0 = det(h);
    const d = [0, 1, 2].map((c) => det(h.map((row, r) => row.map((v, col) => (col === c ? g[r] : v)))) / d0);
    b = b.map((v, u) => v + d[u]);
  }
  return b;
}

const noPenalty = { lambda: [0], tau: [1e-12], nonNegative: false, confirmatoryGraph: null };

describe('maximiseDde', () => {
  for (const family of ['bernoulli', 'poisson', 'normal'] as const)
    it(`${family}: λ = 0 gives the unpenalised GLM MLE (Newton on the raw rows) to 1e-6`, () => {
      const { state, data, stats, a } = problem(family, 3000, 7);
      const { state: next } = maximiseDde(state, stats, noPenalty);
      for (let j = 0; j < 3; j++) {
        const mle = newtonMle(family, a, (i) => data.values[i * 3 + j]);
        next.layers[0].coefficients[j].forEach((v, u) => expect(v).toBeCloseTo(mle[u], 6));
      }
      expect(next.topProbabilities[0]).toBeCloseTo(a.filter((ai) => ai[0] === 1).length / 3000, 12);
      if (family === 'normal') {
        // γ_j = RSS/N at the new coefficients.
        for (let j = 0; j < 3; j++) {
          const b = next.layers[0].coefficients[j];
          const rss = a.reduce((s, ai, i) => s + (data.values[i * 3 + j] - b[0] - b[1] * ai[0] - b[2] * ai[1]) ** 2, 0);
          expect(next.variances![j]).toBeCloseTo(rss / 3000, 10);
        }
      }
    });

  it('with the TLP: every slope is 0 or at least τ in size, and no grid point of the box has a smaller penalised objective', () => {
    const { state, stats, a, data } = problem('bernoulli', 400, 8);
    const lambda = 6;
    const tau = 0.4;
    const { state: next } = maximiseDde(state, stats, { lambda: [lambda], tau: [tau], nonNegative: false, confirmatoryGraph: null });
    for (const row of next.layers[0].coefficients) for (const b of row.slice(1)) expect(b === 0 || Math.abs(b) >= tau).toBe(true);
    expect(next.layers[0].graph.map((r) => r.join(''))).toEqual(
      next.layers[0].coefficients.map((r) =>
        r
          .slice(1)
          .map((b) => (b !== 0 ? 1 : 0))
          .join(''),
      ),
    );
    // Brute force over the box [−5, 5] × [−2.5, 5]² at step 0.1 (on the four latent patterns' sufficient counts).
    for (let j = 0; j < 3; j++) {
      const cnt = new Float64Array(4);
      const sum = new Float64Array(4);
      a.forEach((ai, i) => {
        cnt[ai[0] + 2 * ai[1]]++;
        sum[ai[0] + 2 * ai[1]] += data.values[i * 3 + j];
      });
      const F = (b0: number, b1: number, b2: number): number => {
        let f = lambda * (Math.min(Math.abs(b1), tau) + Math.min(Math.abs(b2), tau));
        for (let m = 0; m < 4; m++) {
          const eta = b0 + (m & 1 ? b1 : 0) + (m & 2 ? b2 : 0);
          f -= sum[m] * eta - cnt[m] * log1pexp(eta);
        }
        return f;
      };
      let best = Infinity;
      for (let b0 = -5; b0 <= 5; b0 += 0.1)
        for (let b1 = -2.5; b1 <= 5; b1 += 0.1) for (let b2 = -2.5; b2 <= 5; b2 += 0.1) best = Math.min(best, F(b0, b1, b2));
      const [b0, b1, b2] = next.layers[0].coefficients[j];
      expect(F(b0, b1, b2)).toBeLessThanOrEqual(best + 1e-9);
    }
  });

  it('respects the box: a child whose MLE lies outside it ends on the bound', () => {
    // Child 0 is 1 on every row (intercept MLE +∞) → 5; child 1 strongly negative in a_1 (slope MLE ≈ −4) → −2.5.
    const { state, stats } = problem('bernoulli', 2000, 9, [
      [30, 0, 0],
      [1, -4, 0],
      [0, 0, 0],
    ]);
    const { state: next } = maximiseDde(state, stats, noPenalty);
    expect(next.layers[0].coefficients[0][0]).toBe(5);
    expect(next.layers[0].coefficients[1][1]).toBe(-2.5);
    for (const row of next.layers[0].coefficients) {
      expect(row[0]).toBeGreaterThanOrEqual(-5);
      expect(row[0]).toBeLessThanOrEqual(5);
      for (const b of row.slice(1)) expect(b >= -2.5 && b <= 5).toBe(true);
    }
  });

  it('confirmatoryGraph fixes slopes outside G at 0 and leaves slopes on G unpenalised; nonNegative bounds Normal slopes at 0', () => {
    const { state, stats } = problem('normal', 2000, 10);
    const G = [
      [1, 0],
      [1, 1],
      [0, 1],
    ];
    const { state: next } = maximiseDde(state, stats, { lambda: [1e6], tau: [10], nonNegative: true, confirmatoryGraph: G });
    expect(next.layers[0].graph).toEqual(G);
    const c = next.layers[0].coefficients;
    expect(c[0][2]).toBe(0);
    expect(c[2][1]).toBe(0);
    expect(c[0][1]).toBeCloseTo(2, 0); // unpenalised despite λ = 10⁶, τ = 10
    expect(c[1][1]).toBe(0); // true −1.5, bounded at 0
    expect(c[1][2]).toBeGreaterThan(0.5);
  });
});
