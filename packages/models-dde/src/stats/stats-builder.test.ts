import { createRng } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import type { DdeData } from '../dde-data.js';
import type { DdeFamily, DdeLayer } from '../dde-state.js';
import { averageStats } from './average-stats.js';
import type { DdeStats } from './dde-stats.js';
import { patternKey } from './pattern-key.js';
import { createStatsBuilder } from './stats-builder.js';

const layer = (children: number, width: number): DdeLayer => ({
  coefficients: Array.from({ length: children }, () => new Array<number>(width + 1).fill(0)),
  graph: Array.from({ length: children }, () => new Array<number>(width).fill(0)),
});

// Mixed families on layer 1 (J = 4: Bernoulli, Normal, Poisson, Normal), K = [3, 2].
const families: DdeFamily[] = ['bernoulli', 'normal', 'poisson', 'normal'];
const shape = { layers: [layer(4, 3), layer(3, 2)], families };

function randomRows(n: number, seed: number): { data: DdeData; draws: { row: number; a: Uint8Array[]; w: number }[] } {
  const rng = createRng(seed);
  const values = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    values[i * 4] = rng.uniform() < 0.5 ? 1 : 0;
    values[i * 4 + 1] = rng.normal();
    values[i * 4 + 2] = rng.int(5);
    values[i * 4 + 3] = 2 + rng.normal();
  }
  const draws = Array.from({ length: 3 * n }, (_, t) => ({
    row: t % n,
    a: [Uint8Array.from({ length: 3 }, () => (rng.uniform() < 0.5 ? 1 : 0)), Uint8Array.from({ length: 2 }, () => (rng.uniform() < 0.5 ? 1 : 0))],
    w: rng.uniform(),
  }));
  return { data: { nRows: n, nCols: 4, values, columns: ['a', 'b', 'c', 'd'], families }, draws };
}

function build(data: DdeData, draws: { row: number; a: Uint8Array[]; w: number }[]): DdeStats {
  const b = createStatsBuilder(shape, data);
  for (const d of draws) b.add(d.row, d.a, d.w);
  return b.finish();
}

/** Σ over the draws whose layer-d configuration equals `pattern` of w·f(draw): the direct sum the tables must hold. */
function direct(
  draws: { row: number; a: Uint8Array[]; w: number }[],
  d: number,
  pattern: Uint8Array,
  f: (x: { row: number; a: Uint8Array[] }) => number,
): number {
  return draws.filter((x) => x.a[d].every((v, k) => v === pattern[k])).reduce((s, x) => s + x.w * f(x), 0);
}

describe('createStatsBuilder', () => {
  it('pattern tables, Normal moments, top sums and total weight equal the direct weighted sums', () => {
    const { data, draws } = randomRows(40, 1);
    const stats = build(data, draws);
    expect(stats.totalWeight).toBeCloseTo(
      draws.reduce((s, x) => s + x.w, 0),
      10,
    );
    for (let l = 0; l < 2; l++)
      expect(stats.topSums[l]).toBeCloseTo(
        draws.reduce((s, x) => s + x.w * x.a[1][l], 0),
        10,
      );
    const [l1, l2] = stats.layers;
    expect([...l1.patternChildren]).toEqual([0, 2]);
    expect([...l1.normalChildren]).toEqual([1, 3]);
    expect([...l2.patternChildren]).toEqual([0, 1, 2]);
    expect(l1.nPatterns).toBe(8);
    expect(l2.nPatterns).toBe(4);
    for (let m = 0; m < l1.nPatterns; m++) {
      const pat = l1.patterns.subarray(m * 3, m * 3 + 3);
      expect(l1.patternWeights[m]).toBeCloseTo(
        direct(draws, 0, pat, () => 1),
        10,
      );
      expect(l1.patternSums[m * 2]).toBeCloseTo(
        direct(draws, 0, pat, (x) => data.values[x.row * 4]),
        10,
      );
      expect(l1.patternSums[m * 2 + 1]).toBeCloseTo(
        direct(draws, 0, pat, (x) => data.values[x.row * 4 + 2]),
        10,
      );
    }
    for (let m = 0; m < l2.nPatterns; m++) {
      const pat = l2.patterns.subarray(m * 2, m * 2 + 2);
      for (let c = 0; c < 3; c++)
        expect(l2.patternSums[m * 3 + c]).toBeCloseTo(
          direct(draws, 1, pat, (x) => x.a[0][c]),
          10,
        );
    }
    const z = (x: { a: Uint8Array[] }): number[] => [1, ...x.a[0]];
    for (let u = 0; u < 4; u++)
      for (let v = 0; v < 4; v++)
        expect(l1.gram[u * 4 + v]).toBeCloseTo(
          draws.reduce((s, x) => s + x.w * z(x)[u] * z(x)[v], 0),
          10,
        );
    for (const [q, j] of [1, 3].entries()) {
      for (let u = 0; u < 4; u++)
        expect(l1.cross[q * 4 + u]).toBeCloseTo(
          draws.reduce((s, x) => s + x.w * z(x)[u] * data.values[x.row * 4 + j], 0),
          10,
        );
      expect(l1.squares[q]).toBeCloseTo(
        draws.reduce((s, x) => s + x.w * data.values[x.row * 4 + j] ** 2, 0),
        10,
      );
    }
  });
});

describe('averageStats', () => {
  it('(1 − γ)·running + γ·fresh equals the statistics of the two draw sets with weights scaled, including patterns present on one side only', () => {
    const { data, draws } = randomRows(30, 2);
    // Split so that some configurations occur only in one half.
    const first = draws.filter((x) => x.a[0][0] === 0 || x.a[0][1] === 0);
    const second = draws.filter((x) => x.a[0][2] === 1);
    const gamma = 0.3;
    const avg = averageStats(build(data, first), build(data, second), gamma);
    const combined = build(data, [...first.map((x) => ({ ...x, w: x.w * (1 - gamma) })), ...second.map((x) => ({ ...x, w: x.w * gamma }))]);
    expect(avg.totalWeight).toBeCloseTo(combined.totalWeight, 10);
    for (let d = 0; d < 2; d++) {
      const a = avg.layers[d];
      const c = combined.layers[d];
      expect(a.nPatterns).toBe(c.nPatterns);
      for (let m = 0; m < c.nPatterns; m++) {
        const at = a.keys.indexOf(c.keys[m]);
        expect(at).toBeGreaterThanOrEqual(0);
        expect(a.patternWeights[at]).toBeCloseTo(c.patternWeights[m], 10);
        const n = c.patternChildren.length;
        for (let p = 0; p < n; p++) expect(a.patternSums[at * n + p]).toBeCloseTo(c.patternSums[m * n + p], 10);
      }
      a.gram.forEach((v, q) => expect(v).toBeCloseTo(c.gram[q], 10));
      a.cross.forEach((v, q) => expect(v).toBeCloseTo(c.cross[q], 10));
    }
  });

  it('γ = 1/t makes the running statistics the mean of all draws', () => {
    const { data, draws } = randomRows(20, 3);
    const parts = [0, 1, 2, 3].map((t) =>
      build(
        data,
        draws.filter((_, q) => q % 4 === t),
      ),
    );
    let running: DdeStats | undefined;
    parts.forEach((s, t) => (running = averageStats(running, s, 1 / (t + 1))));
    const total = draws.reduce((s, x) => s + x.w, 0);
    expect(running!.totalWeight).toBeCloseTo(total / 4, 10);
    expect(running!.topSums[0]).toBeCloseTo(draws.reduce((s, x) => s + x.w * x.a[1][0], 0) / 4, 10);
  });
});

describe('patternKey', () => {
  it('distinguishes configurations of 64 latents (string keys above 52)', () => {
    const rng = createRng(4);
    const seen = new Map<number | string, string>();
    for (let t = 0; t < 2000; t++) {
      const a = Uint8Array.from({ length: 64 }, () => (rng.uniform() < 0.5 ? 1 : 0));
      a[63] = t % 2; // the highest bit matters
      const key = patternKey(a, 0, 64);
      const text = a.join('');
      expect(seen.get(key) ?? text).toBe(text);
      seen.set(key, text);
    }
    const a = new Uint8Array(64);
    const b = new Uint8Array(64);
    b[63] = 1;
    expect(patternKey(a, 0, 64)).not.toBe(patternKey(b, 0, 64));
    expect(patternKey(Uint8Array.from([1, 0, 1]), 0, 3)).toBe(5);
  });
});
