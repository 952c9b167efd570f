import { createRng } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { SENER_KOLTUN_CLIP, minNormPair, minNormWeights } from './min-norm.js';

const quadratic = (g: number[][], a: readonly number[]) => a.reduce((s, ai, i) => s + ai * a.reduce((t, aj, j) => t + g[i][j] * aj, 0), 0);

/** G = AAᵀ for a K×d matrix A of standard normals (positive definite when d ≥ K). */
function randomGram(k: number, d: number, seed: number): number[][] {
  const rng = createRng(seed);
  const a = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.normal()));
  return a.map((ai) => a.map((aj) => ai.reduce((s, x, m) => s + x * aj[m], 0)));
}

/** Solve G x = b by Gaussian elimination with partial pivoting (small dense systems). */
function solve(g: number[][], b: number[]): number[] {
  const n = b.length;
  const m = g.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    const p = m.reduce((best, row, r) => (r >= c && Math.abs(row[c]) > Math.abs(m[best][c]) ? r : best), c);
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let j = c; j <= n; j++) m[r][j] -= f * m[c][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) x[r] = (m[r][n] - m[r].slice(r + 1, n).reduce((s, v, j) => s + v * x[r + 1 + j], 0)) / m[r][r];
  return x;
}

/**
 * The exact minimiser of αᵀGα over the simplex by enumerating active sets: on each support S the equality-constrained
 * minimiser is α_S ∝ G_SS⁻¹1; the feasible one (all ≥ 0) of least value is the minimiser (G positive definite).
 */
function exactMinNorm(g: number[][]): { alpha: number[]; value: number } {
  const k = g.length;
  let best = { alpha: [] as number[], value: Infinity };
  for (let mask = 1; mask < 1 << k; mask++) {
    const s = [...Array(k).keys()].filter((i) => mask & (1 << i));
    const x = solve(
      s.map((i) => s.map((j) => g[i][j])),
      s.map(() => 1),
    );
    const total = x.reduce((a, b) => a + b, 0);
    if (x.some((v) => v / total < 0)) continue;
    const alpha = new Array<number>(k).fill(0);
    s.forEach((i, m) => (alpha[i] = x[m] / total));
    const value = quadratic(g, alpha);
    if (value < best.value) best = { alpha, value };
  }
  return best;
}

describe('minNormPair and two-task minNormWeights', () => {
  it('is the minimiser over a fine grid of the segment between two random gradients', () => {
    for (let seed = 0; seed < 20; seed++) {
      const g = randomGram(2, 3, seed);
      const [a] = minNormWeights(g);
      const grid = Array.from({ length: 100001 }, (_, i) => i / 100000);
      const gridBest = grid.reduce((b, x) => (quadratic(g, [x, 1 - x]) < quadratic(g, [b, 1 - b]) ? x : b), 0);
      // The grid step is 1e-5; the quadratic is smooth, so the minimiser is within a step of the grid's best point.
      expect(Math.abs(a - gridBest)).toBeLessThanOrEqual(1e-5);
    }
  });

  it('matches the closed forms on hand-made cases', () => {
    expect(
      minNormWeights([
        [4, 0],
        [0, 1],
      ]),
    ).toEqual([0.2, 0.8]);
    // g₂ = 2g₁: the nearest point to 0 is g₁ itself.
    expect(
      minNormWeights([
        [1, 2],
        [2, 4],
      ]),
    ).toEqual([1, 0]);
    // g₁ = g₂ (and g₁ = g₂ = 0): any α; 0.5 by convention.
    expect(minNormPair(2, 2, 2)).toBe(0.5);
    expect(minNormPair(0, 0, 0)).toBe(0.5);
  });

  it("clips to Sener & Koltun's [0.001, 0.999] when asked", () => {
    expect(
      minNormWeights(
        [
          [1, 2],
          [2, 4],
        ],
        { clip: SENER_KOLTUN_CLIP },
      )[0],
    ).toBe(0.999);
    expect(
      minNormWeights(
        [
          [4, 2],
          [2, 1],
        ],
        { clip: SENER_KOLTUN_CLIP },
      )[0],
    ).toBe(0.001);
    expect(
      minNormWeights(
        [
          [4, 0],
          [0, 1],
        ],
        { clip: SENER_KOLTUN_CLIP },
      )[0],
    ).toBe(0.2);
  });
});

describe('minNormWeights with more than two tasks (Frank–Wolfe)', () => {
  it('reaches the exact quadratic-programme minimum on random positive-definite Gram matrices', () => {
    for (const k of [3, 4, 5])
      for (let seed = 0; seed < 10; seed++) {
        const g = randomGram(k, k + 2, 100 * k + seed);
        const alpha = minNormWeights(g);
        const exact = exactMinNorm(g);
        const scale = Math.max(...g.map((r, i) => r[i]));
        expect(alpha.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(Math.min(...alpha)).toBeGreaterThanOrEqual(0);
        // The stopping rule bounds αᵀGα − min by the duality gap, 1e-10·max G_kk.
        expect(quadratic(g, alpha) - exact.value).toBeLessThanOrEqual(1e-9 * scale);
        expect(quadratic(g, alpha) - exact.value).toBeGreaterThanOrEqual(-1e-9 * scale);
      }
  });

  it('finds zero weight-norm when the gradients conflict completely (0 inside the hull)', () => {
    // g₁ = (1, 0), g₂ = (−1, 1), g₃ = (−0.5, −0.5): 0 = 0.4·g₁ + 0.2·g₂ + 0.4·g₃ lies inside their hull.
    const vs = [
      [1, 0],
      [-1, 1],
      [-0.5, -0.5],
    ];
    const g = vs.map((a) => vs.map((b) => a[0] * b[0] + a[1] * b[1]));
    expect(quadratic(g, minNormWeights(g))).toBeLessThan(1e-9);
  });

  it('returns [1] for one task and rejects a non-square matrix', () => {
    expect(minNormWeights([[3]])).toEqual([1]);
    expect(() => minNormWeights([[1, 2]])).toThrow('minNormWeights: the Gram matrix must be square and non-empty, got 1 rows');
  });
});
