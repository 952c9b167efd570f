import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { fromRows, identity, matmul, matrix, matvec, transpose, type Matrix } from './matrix.js';
import { choleskySolve, invertLower, solveLower, solveLowerTransposed, solveUpper } from './triangular.js';

// Reference values from tooling/reference/linalg_reference.py (numpy 1.24).
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/linalg.json', import.meta.url), 'utf8'));

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const maxAbs = (a: ArrayLike<number>): number => maxAbsDiff(a, new Float64Array(a.length));
const expectRelClose = (actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number): void => {
  expect(actual.length).toBe(expected.length);
  expect(maxAbsDiff(actual, expected)).toBeLessThanOrEqual(rtol * maxAbs(expected));
};

function randomLower(n: number, seed: number): Matrix {
  const rng = createRng(seed);
  const l = matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) l.data[i * n + j] = rng.normal() / Math.sqrt(n);
    l.data[i * n + i] = 1 + rng.uniform();
  }
  return l;
}

// The 5×5 Cholesky factor has cond ≈ 3, so all solves agree with numpy to ~1e-15; 1e-12 leaves margin.
const L = fromRows(ref.spd5.cholesky);
const rhsVector = Float64Array.from(ref.spd5.rhsVector);
const rhsMatrix = fromRows(ref.spd5.rhsMatrix);

describe('triangular solves', () => {
  it('match numpy on the 5×5 Cholesky factor', () => {
    expectRelClose(solveLower(L, rhsVector), ref.spd5.lowerSolveVector, 1e-12);
    expectRelClose(solveLowerTransposed(L, rhsMatrix).data, fromRows(ref.spd5.lowerTransposedSolveMatrix).data, 1e-12);
    expectRelClose(solveUpper(transpose(L), rhsMatrix).data, fromRows(ref.spd5.upperSolveMatrix).data, 1e-12);
    expectRelClose(choleskySolve(L, rhsVector), ref.spd5.solveVector, 1e-12);
    expectRelClose(choleskySolve(L, rhsMatrix).data, fromRows(ref.spd5.solveMatrix).data, 1e-12);
    expectRelClose(invertLower(L).data, fromRows(ref.spd5.invertLower).data, 1e-12);
  });

  it('leave small residuals on a random 60×60 system with several right-hand sides', () => {
    const n = 60;
    const l = randomLower(n, 3);
    const rng = createRng(4);
    const b = matrix(
      n,
      3,
      Float64Array.from({ length: n * 3 }, () => rng.normal()),
    );
    const u = transpose(l);
    // Backward stability: ‖T·X − B‖ ≤ c·n·ε·‖T‖·‖X‖; 1e-12 is far above that and far below any real bug.
    expectRelClose(matmul(l, solveLower(l, b)).data, b.data, 1e-12);
    expectRelClose(matmul(u, solveUpper(u, b)).data, b.data, 1e-12);
    expectRelClose(matmul(u, solveLowerTransposed(l, b)).data, b.data, 1e-12);
    expectRelClose(matmul(matmul(l, u), choleskySolve(l, b)).data, b.data, 1e-12);
    const inv = invertLower(l);
    expectRelClose(matmul(l, inv).data, identity(n).data, 1e-12);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) expect(inv.data[i * n + j]).toBe(0);
    }
  });

  it('keep the right-hand side type and never mutate their inputs', () => {
    const v = Float64Array.from([1, 2, 3, 4, 5]);
    const x = solveLower(L, v);
    expect(x).toBeInstanceOf(Float64Array);
    expect(x).not.toBe(v);
    expect(Array.from(v)).toEqual([1, 2, 3, 4, 5]);
    expectRelClose(matvec(L, x), v, 1e-14);
    const m = solveUpper(transpose(L), rhsMatrix);
    expect([m.rows, m.cols]).toEqual([5, 2]);
    expect(rhsMatrix.data).toEqual(fromRows(ref.spd5.rhsMatrix).data);
  });

  it('ignore the other triangle', () => {
    const full = fromRows([
      [2, 7],
      [1, 1],
    ]);
    expect(Array.from(solveLower(full, Float64Array.from([2, 3])))).toEqual([1, 2]);
    expect(Array.from(solveUpper(full, Float64Array.from([9, 1])))).toEqual([1, 1]);
  });

  it('reject zero diagonals and mismatched shapes', () => {
    const singular = fromRows([
      [1, 0],
      [1, 0],
    ]);
    expect(() => solveLower(singular, Float64Array.from([1, 1]))).toThrow(/diagonal entry 1 is 0/);
    expect(() => invertLower(singular)).toThrow(/diagonal entry 1 is 0/);
    expect(() => solveLower(L, Float64Array.from([1, 2]))).toThrow(/do not align/);
    expect(() => solveUpper(matrix(2, 3), Float64Array.from([1, 2]))).toThrow(RangeError);
  });

  it('reject a non-square matrix in one line naming the function, even with a non-zero diagonal', () => {
    // 2×3 of ones: rows match the right-hand side and data[0] = data[3] = 1, so only the shape check can refuse it.
    const wide = matrix(2, 3, new Float64Array(6).fill(1));
    const b = Float64Array.from([1, 2]);
    expect(() => solveLower(wide, b)).toThrow(/^solveLower: expected a square matrix, got 2×3$/);
    expect(() => solveUpper(wide, b)).toThrow(/^solveUpper: expected a square matrix, got 2×3$/);
    expect(() => solveLowerTransposed(wide, b)).toThrow(/^solveLowerTransposed: expected a square matrix, got 2×3$/);
    expect(() => choleskySolve(wide, b)).toThrow(/^solveLower: expected a square matrix, got 2×3$/);
    expect(() => invertLower(wide)).toThrow(/^invertLower: expected a square matrix, got 2×3$/);
  });
});
