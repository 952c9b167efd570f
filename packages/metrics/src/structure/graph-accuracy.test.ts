import { describe, expect, it } from 'vitest';
import { graphAccuracy, graphAccuracyPlugin } from './graph-accuracy.js';
import { parameterRmse } from './parameter-rmse.js';

// The two-layer block design's supports (ALGORITHMS.md §9.2): G2 is 6×2, G1 is 18×6 ([I; I; pairs]).
const block = (k: number): number[][] => {
  const rows = Array.from({ length: 3 * k }, () => new Array<number>(k).fill(0));
  for (let c = 0; c < k; c++) rows[c][c] = rows[k + c][c] = 1;
  for (let c = 0; c < k / 2; c++) rows[2 * k + c][c] = rows[2 * k + c][c + k / 2] = rows[2 * k + k / 2 + c][c] = rows[2 * k + k / 2 + c][c + k / 2] = 1;
  return rows;
};
const g1 = block(6);
const g2 = block(2);

/** The true graphs with relabelled latents: true latent a of layer d is fitted latent π_d[a] (columns of Ĝ^(d), rows of Ĝ^(d+1)). */
function permuted(pi1: number[], pi2: number[]): number[][][] {
  const h1 = g1.map((row) => {
    const out = new Array<number>(6);
    pi1.forEach((b, a) => (out[b] = row[a]));
    return out;
  });
  const h2 = new Array<number[]>(6);
  g2.forEach((row, r) => {
    const out = new Array<number>(2);
    pi2.forEach((b, a) => (out[b] = row[a]));
    h2[pi1[r]] = out;
  });
  return [h1, h2];
}

describe('graphAccuracy', () => {
  it('is 1 with identity permutations for the truth itself', () => {
    const r = graphAccuracy([g1, g2], [g1, g2]);
    expect(r).toEqual({
      value: 1,
      layers: [1, 1],
      permutations: [
        [0, 1, 2, 3, 4, 5],
        [0, 1],
      ],
      matches: 18 * 6 + 6 * 2,
      entries: 120,
    });
  });

  it('is 1 for a copy with relabelled latents in both layers, and returns the relabelling', () => {
    const pi1 = [3, 0, 5, 1, 4, 2];
    const pi2 = [1, 0];
    const r = graphAccuracy([g1, g2], permuted(pi1, pi2));
    expect([r.value, r.layers, r.permutations]).toEqual([1, [1, 1], [pi1, pi2]]);
    // Booleans and coefficients with a threshold are read the same way.
    const coef = permuted(pi1, pi2).map((g) => g.map((row) => row.map((v) => (v ? -2.5 : 0.1))));
    expect(
      graphAccuracy(
        [g1, g2].map((g) => g.map((row) => row.map(Boolean))),
        coef,
        { threshold: 0.5 },
      ).value,
    ).toBe(1);
  });

  it('counts the errors of a hand-made case after matching (and matches layer 2 rows through layer 1)', () => {
    // Layer 1: 3 observed × 2 latents; layer 2: 2 × 1. The fitted latents of layer 1 are swapped, with one wrong entry.
    const truth = [
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      [[1], [0]],
    ];
    const fitted = [
      [
        [0, 1],
        [1, 0],
        [1, 0],
      ],
      // Fitted latent 1 is true latent 0 (π1 = [1, 0]), so its row must be [1]; latent 0 (true latent 1) [0].
      [[0], [1]],
    ];
    const r = graphAccuracy(truth, fitted);
    // Agreement counts of layer 1: [[1, 2], [3, 0]]; the identity agrees on 1 of 6 entries, the swap on 5.
    expect(r.permutations).toEqual([[1, 0], [0]]);
    expect(r.layers).toEqual([5 / 6, 1]);
    expect([r.value, r.matches, r.entries]).toEqual([7 / 8, 7, 8]);
    // Without following π1 into layer 2's rows it would score 0 there.
    expect(graphAccuracy([truth[1]], [fitted[1]]).value).toBe(0);
  });

  it('rejects mismatched stacks with one line naming the layer', () => {
    expect(() => graphAccuracy([g1, g2], [g1])).toThrow(/^graphAccuracy: truth has 2 layers but fitted has 1$/);
    expect(() => graphAccuracy([g1], [g1.map((r) => r.slice(1))])).toThrow(/^graphAccuracy: layer 1 of fitted is 18×5 but truth's is 18×6$/);
    expect(() => graphAccuracy([g1, g2.slice(1)], [g1, g2])).toThrow(/^graphAccuracy: layer 2 of truth has 5 rows, expected 6 \(the width of layer 1\)$/);
    expect(() => graphAccuracy([g1, [[1, 0], [1]]], [g1, g2])).toThrow(/^graphAccuracy: layer 2 of truth, row 2 has 1 entries, expected 2$/);
    expect(() => graphAccuracy([], [])).toThrow(/^graphAccuracy: truth has no layers$/);
  });
});

describe('metrics/graph-accuracy', () => {
  const stack = (layers: number[][][]) => layers.flatMap((g) => g.map((row) => [...row, ...new Array(6 - row.length).fill(0)]));

  it('reads layers stacked bottom-up (G1 rows, then G2 rows in the first K2 columns) and reports parts and permutations', () => {
    const pi1 = [3, 0, 5, 1, 4, 2];
    const r = graphAccuracyPlugin.compute({ truth: stack([g1, g2]) as never, pred: stack(permuted(pi1, [1, 0])) as never }, { layers: [6, 2], threshold: 0 });
    expect(r.value).toBe(1);
    expect(r.parts).toEqual({ layer1: 1, layer2: 1, matches: 120, entries: 120 });
    expect(r.settings!.permutations).toEqual([pi1, [1, 0]]);
    // With the default `layers: []` the whole matrix is one layer.
    expect(graphAccuracyPlugin.compute({ truth: g1 as never, pred: permuted(pi1, [0, 1])[0] as never }, graphAccuracyPlugin.defaults).value).toBe(1);
  });

  it('names the stacked widths that do not fit the matrix', () => {
    expect(() => graphAccuracyPlugin.compute({ truth: g2 as never, pred: g2 as never }, { layers: [6, 2], threshold: 0 })).toThrow(
      /^metrics\/graph-accuracy: truth has 6 rows, expected more than the 6 latent rows of layers \[6, 2\]$/,
    );
    expect(() => graphAccuracyPlugin.compute({ truth: g2 as never, pred: g2 as never }, { layers: [3], threshold: 0 })).toThrow(
      /^metrics\/graph-accuracy: truth has 2 columns, expected at least 3 for layers \[3\]$/,
    );
  });
});

describe('parameterRmse', () => {
  const truth = {
    layers: [
      {
        coefficients: [
          [-2, 4, 0],
          [-1, 0, 3],
        ],
      },
      {
        coefficients: [
          [-1, 2],
          [0.5, 1],
        ],
      },
    ],
    topProbabilities: [0.3],
  };

  it('is 0 for a relabelled copy and counts every parameter once (§2.8 denominator)', () => {
    // Swap the two latents of layer 1: slope columns swap in layer 1, rows swap in layer 2.
    const fitted = {
      layers: [
        {
          coefficients: [
            [-2, 0, 4],
            [-1, 3, 0],
          ],
        },
        {
          coefficients: [
            [0.5, 1],
            [-1, 2],
          ],
        },
      ],
      topProbabilities: [0.3],
    };
    expect(parameterRmse(truth, fitted, [[1, 0], [0]])).toEqual({ mse: 0, rmse: 0, count: 2 * 3 + 2 * 2 + 1 });
  });

  it('averages the squared errors over the parameters, Normal variances included when both sides have them', () => {
    const fitted = { ...truth, topProbabilities: [0.5], variances: [1, 2] };
    // (0.5 − 0.3)² over 11 parameters; the truth has no variances, so they are not compared.
    expect(parameterRmse(truth, fitted, [[0, 1], [0]]).mse).toBeCloseTo(0.04 / 11, 15);
    const r = parameterRmse({ ...truth, variances: [1, 1] }, fitted, [[0, 1], [0]]);
    expect([r.count, r.mse]).toEqual([13, (0.2 ** 2 + 1) / 13]);
    expect(r.rmse).toBe(Math.sqrt(r.mse));
    expect(() => parameterRmse(truth, { ...truth, layers: truth.layers.slice(1) }, [[0, 1], [0]])).toThrow(
      /^parameterRmse: truth has 2 layers but fitted has 1/,
    );
  });
});
