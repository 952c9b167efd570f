import { createRng } from '@latentkit/core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crossMcc } from './cross-mcc.js';
import { mcc, mccPlugin } from './mcc.js';

// Fixed inputs and numpy/scipy values (np.corrcoef, spearmanr, linear_sum_assignment) from
// tooling/reference/metrics_reference.py.
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/metrics.json', import.meta.url), 'utf8'));

function gaussianRows(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
}

describe('metrics/mcc', () => {
  it('is 1 for identity codes and for permuted, sign-flipped, rescaled codes', () => {
    const z = gaussianRows(500, 3, 1);
    expect(mcc(z, z).value).toBeCloseTo(1, 12);
    const transformed = z.map(([a, b, c]) => [-2 * c + 1, b * 0.5, -a]);
    for (const method of ['pearson', 'spearman'] as const) expect(mcc(z, transformed, { method }).value).toBeCloseTo(1, 12);
    expect(mcc(z, transformed).settings.matching).toEqual({ x1: 'x3', x2: 'x2', x3: 'x1' });
  });

  it('is 1 with Spearman, below 1 with Pearson, for monotone nonlinear codes', () => {
    const z = gaussianRows(500, 2, 2);
    const cubed = z.map((r) => r.map((v) => v ** 3));
    expect(mcc(z, cubed, { method: 'spearman' }).value).toBeCloseTo(1, 12);
    expect(mcc(z, cubed, { method: 'pearson' }).value).toBeLessThan(0.95);
  });

  it('is near 0 for codes independent of the factors', () => {
    // E|r| ≈ sqrt(2/(πN)) = 0.016 for N = 2000; the best matching of 3×3 stays well below 0.08.
    expect(mcc(gaussianRows(2000, 3, 3), gaussianRows(2000, 3, 4)).value).toBeLessThan(0.08);
  });

  it('matches scipy to 1e-9 (Pearson, Spearman, more estimated than true columns and the reverse)', () => {
    const m = ref.mcc;
    const p = mcc(m.truth, m.pred);
    expect(Math.abs(p.value - m.pearson.value)).toBeLessThan(1e-9);
    expect(Math.abs(mcc(m.truth, m.pred, { method: 'spearman' }).value - m.spearman.value)).toBeLessThan(1e-9);
    expect(Math.abs(mcc(m.pred, m.truth).value - m.pearsonTransposedRoles.value)).toBeLessThan(1e-9);
    // The matching itself must agree: scipy's optimum is unique here.
    const matching = Object.fromEntries(m.pearson.matching.map(([a, b]: number[]) => [`x${a + 1}`, `x${b + 1}`]));
    expect(p.settings.matching).toEqual(matching);
  });

  it('records the method in settings through the plugin', () => {
    const m = ref.mcc;
    const t = { nRows: m.truth.length, nCols: 3, values: Float64Array.from(m.truth.flat()), columns: ['a', 'b', 'c'] };
    const r = mccPlugin.compute({ truth: t, pred: t }, { method: 'spearman' });
    expect(r.value).toBeCloseTo(1, 12);
    expect(r.settings).toMatchObject({ method: 'spearman', matching: { a: 'a', b: 'b', c: 'c' } });
    expect(Object.keys(r.parts ?? {})).toEqual(['corr:a', 'corr:b', 'corr:c']);
  });
});

describe('metrics/cross-mcc', () => {
  it('matches the reference to 1e-9', () => {
    const c = ref.crossMcc;
    for (const method of ['pearson', 'spearman'] as const) {
      const r = crossMcc(c.truth, c.pred, { method, truthSplit: 2, predSplit: 2 });
      expect(Math.abs(r.value - c[method].value)).toBeLessThan(1e-9);
      expect(Math.abs(r.parts.trueFirstVsPredSecond - c[method].trueFirstVsPredSecond)).toBeLessThan(1e-9);
    }
    // Splits default to half the columns.
    expect(crossMcc(c.truth, c.pred).value).toBe(crossMcc(c.truth, c.pred, { truthSplit: 2, predSplit: 2 }).value);
  });

  it('is 1 when the estimated blocks are swapped and rejects splits that leave a block empty', () => {
    const z = gaussianRows(300, 4, 5);
    const swapped = z.map(([a, b, c, d]) => [c, d, a, b]);
    expect(crossMcc(z, swapped).value).toBeCloseTo(1, 12);
    expect(() => crossMcc(z, z, { truthSplit: 4 })).toThrow(
      /^metrics\/cross-mcc: truthSplit=4 must leave at least one column of truth \(4 columns\) in each block$/,
    );
  });
});
