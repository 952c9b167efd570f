import { createRng } from '@latentkit/core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { histogramDiscretize, histogramEdges } from '../stats/histogram.js';
import { mig, migPlugin } from './mig.js';

// Fixed inputs and scikit-learn 1.2.1 / disentanglement_lib values from tooling/reference/metrics_reference.py.
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/metrics.json', import.meta.url), 'utf8'));

/** Every combination of the levels, repeated: a full factorial design, so that distinct factors are exactly independent. */
function factorial(levels: readonly number[], repeat: number): number[][] {
  let rows: number[][] = [[]];
  for (const l of levels) rows = rows.flatMap((r) => Array.from({ length: l }, (_, v) => [...r, v]));
  return Array.from({ length: repeat }, () => rows).flat();
}

describe('histogram discretisation', () => {
  it('follows numpy: linspace edges, digitize against all but the last edge', () => {
    expect(Array.from(histogramEdges([0, 1, 4], 4))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(histogramDiscretize([0, 0.999, 1, 3.5, 4], 4))).toEqual([1, 1, 2, 4, 4]);
    // A constant column spans [v − ½, v + ½]: every value falls in the middle bin.
    expect(Array.from(histogramDiscretize([2, 2, 2], 4))).toEqual([3, 3, 3]);
  });
});

describe('metrics/mig', () => {
  it('is exactly 1 for identity codes on a full factorial design', () => {
    // With exactly independent factors, I(y_j; c_i) = 0 for i ≠ j (up to rounding, zeroed below machine epsilon),
    // and each integer level falls in its own histogram bin, so m_jj = H_j and every gap is H_j.
    const f = factorial([4, 5, 3], 7);
    const r = mig(f, f);
    expect(r.value).toBeCloseTo(1, 12);
    expect(r.parts['gap:x2']).toBeCloseTo(1, 12);
  });

  it('is the same for permuted and rescaled codes, and near 0 for codes independent of the factors', () => {
    const f = factorial([4, 5, 3], 7);
    const codes = f.map(([a, b, c]) => [3 * c - 1, -b, 0.5 * a]);
    expect(mig(f, codes).value).toBeCloseTo(1, 12);
    // Codes that are functions of a factorial "noise" block independent of the factors: MI exactly 0.
    const g = factorial([4, 5, 3, 6], 2);
    expect(
      mig(
        g.map((r) => r.slice(0, 3)),
        g.map((r) => [r[3], r[3] * 2 + 1]),
      ).value,
    ).toBeCloseTo(0, 12);
  });

  it('is near 0 for random codes independent of the factors', () => {
    const rng = createRng(3);
    const f = Array.from({ length: 3000 }, () => [Math.floor(rng.uniform() * 4), Math.floor(rng.uniform() * 5)]);
    const codes = f.map(() => [rng.normal(), rng.normal(), rng.normal()]);
    // The plug-in MI of independent variables is biased up by about (20 − 1)(levels − 1)/(2N) nats ≤ 0.013 nats, and
    // the gap between the two largest such estimates is smaller still.
    expect(mig(f, codes).value).toBeLessThan(0.01);
  });

  it('matches disentanglement_lib with sklearn mutual_info_score to 1e-9 (discrete factors)', () => {
    const d = ref.discrete;
    for (const [name, opts] of [
      ['mig', {}],
      ['migBins10', { bins: 10 }],
      ['migNTrain500', { nTrain: 500 }],
    ] as const) {
      const r = mig(d.factors, d.codes, opts);
      expect(Math.abs(r.value - d[name].value), name).toBeLessThan(1e-9);
      d[name].gaps.forEach((g: number, j: number) => expect(Math.abs(r.parts[`gap:x${j + 1}`] - g)).toBeLessThan(1e-9));
    }
  });

  it('matches the reference with continuous factors discretised by the 20-bin histogram', () => {
    const c = ref.continuous;
    expect(Math.abs(mig(c.factors, c.codes).value - c.mig.value)).toBeLessThan(1e-9);
  });

  it('records its settings and rejects a constant factor in one line', () => {
    const r = migPlugin.compute(
      {
        truth: { nRows: 3, nCols: 1, values: Float64Array.of(0, 1, 1), columns: ['y'] },
        pred: { nRows: 3, nCols: 1, values: Float64Array.of(0, 1, 1), columns: ['c'] },
      },
      migPlugin.defaults,
    );
    expect(r.settings).toMatchObject({ bins: 20, nTrain: 10000, factorBins: 20, nTrainUsed: 3 });
    expect(() => mig([[1], [1], [1]], [[0], [1], [2]])).toThrow(
      /^metrics\/mig: factor 'x1' of truth is constant over the 3 rows used, so its entropy is 0 and MIG is undefined$/,
    );
  });
});
