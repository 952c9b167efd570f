import { describe, expect, it } from 'vitest';
import { flipColumnSigns, hardThreshold, kaiserVarimax, rotatedLoadings } from './rotate-threshold.js';

describe('kaiserVarimax', () => {
  // A near-simple structure with small cross-loadings (an exact one is degenerate under Kaiser normalisation: all
  // rows collapse onto two directions and the fixed-point iteration cycles).
  const simple = [
    [1, 0.1],
    [0.9, -0.05],
    [0.6, 0.15],
    [0.7, 0],
    [0.1, 0.8],
    [-0.1, 0.9],
    [0.05, 0.3],
  ];
  const rotate = (rows: number[][], th: number) => ({
    rows: rows.length,
    cols: 2,
    data: Float64Array.from(rows.flatMap(([x, y]) => [Math.cos(th) * x - Math.sin(th) * y, Math.sin(th) * x + Math.cos(th) * y])),
  });
  const canonical = (m: { data: Float64Array }): number[][] => {
    // Columns ordered by their loading on row 1, signs by their column sums: a representative of the perm/sign class.
    const r = { rows: 7, cols: 2, data: Float64Array.from(m.data) };
    flipColumnSigns(r);
    const first = Math.abs(r.data[0]) > Math.abs(r.data[1]) ? 0 : 1;
    return Array.from({ length: 7 }, (_, a) => [r.data[a * 2 + first], r.data[a * 2 + 1 - first]]);
  };
  it('finds the same rotation from any orthogonally mixed start (the optimum does not depend on the start)', () => {
    const a = canonical(kaiserVarimax(rotate(simple, Math.PI / 7), 1000));
    const b = canonical(kaiserVarimax(rotate(simple, -Math.PI / 5), 1000));
    // Both runs stop when the criterion gains < √ε_mach relatively: loadings agree to ~1e-6.
    a.forEach((row, i) => row.forEach((x, t) => expect(x).toBeCloseTo(b[i][t], 5)));
  });
  it('puts each row’s large loading on its own factor', () => {
    const r = canonical(kaiserVarimax(rotate(simple, Math.PI / 7), 1000));
    expect(r.map(([x, y]) => (Math.abs(x) > Math.abs(y) ? 0 : 1))).toEqual([0, 0, 0, 0, 1, 1, 1]);
    for (const row of r.slice(0, 4)) expect(Math.abs(row[1])).toBeLessThan(0.2);
  });
});

describe('threshold and sign flip', () => {
  it('zeroes |b| < threshold and flips every column whose mean is not > 0 (a zero mean flips)', () => {
    const b = { rows: 2, cols: 3, data: Float64Array.from([0.05, -1, 1, -0.5, 0.2, -1]) };
    hardThreshold(b, 0.1);
    expect(Array.from(b.data)).toEqual([0, -1, 1, -0.5, 0.2, -1]);
    flipColumnSigns(b);
    expect(Array.from(b.data)).toEqual([-0, 1, -1, 0.5, -0.2, 1]);
  });
  it('uses the single vector unrotated and unthresholded when K = 1', () => {
    const v = { rows: 3, cols: 1, data: Float64Array.from([-0.9, -0.43, 0.01]) };
    expect(Array.from(rotatedLoadings(v, 0.5, 100).data)).toEqual([0.9, 0.43, -0.01]);
  });
});
