import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { inverse, luDecompose, SingularMatrixError } from './lu.js';
import { fromRows, identity, matmul, matrix, toRows } from './matrix.js';

// Reference values from tooling/reference/linalg_reference.py (numpy 1.24).
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/linalg.json', import.meta.url), 'utf8'));

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const maxAbs = (a: ArrayLike<number>): number => maxAbsDiff(a, new Float64Array(a.length));

describe('inverse', () => {
  it('matches numpy on a 5×5 matrix that needs row exchanges', () => {
    // cond(A) ≈ 6; both inverses are within ~n·ε·cond of the truth, so 1e-12 relative is safe.
    const inv = inverse(fromRows(ref.general5.a));
    const expected = fromRows(ref.general5.inverse).data;
    expect(maxAbsDiff(inv.data, expected)).toBeLessThan(1e-12 * maxAbs(expected));
  });

  it('gives A·A⁻¹ ≈ I for a random 80×80 matrix', () => {
    const n = 80;
    const rng = createRng(11);
    const a = matrix(
      n,
      n,
      Float64Array.from({ length: n * n }, () => rng.normal()),
    );
    expect(maxAbsDiff(matmul(a, inverse(a)).data, identity(n).data)).toBeLessThan(1e-10);
  });

  it('inverts a permutation exactly', () => {
    expect(
      toRows(
        inverse(
          fromRows([
            [0, 2],
            [1, 0],
          ]),
        ),
      ),
    ).toEqual([
      [0, 1],
      [0.5, 0],
    ]);
  });

  it('names the matrix and the zero pivot when A is singular', () => {
    const a = fromRows([
      [1, 2, 3],
      [2, 4, 6],
      [1, 0, 1],
    ]);
    expect(() => inverse(a, { name: 'loading Gram matrix' })).toThrow(new SingularMatrixError('loading Gram matrix', 2, 0));
    expect(() => inverse(a)).toThrow('matrix is singular (pivot 2 is 0)');
    expect(() =>
      inverse(
        fromRows([
          [NaN, 1],
          [1, 1],
        ]),
      ),
    ).toThrow(SingularMatrixError);
    expect(() => inverse(matrix(2, 3))).toThrow(RangeError);
    expect(() => luDecompose(matrix(2, 3))).toThrow(/^luDecompose: expected a square matrix, got 2×3$/);
    const error = (() => {
      try {
        inverse(a, { name: 'W' });
      } catch (e) {
        return e as SingularMatrixError;
      }
      throw new Error('expected a throw');
    })();
    expect(error).toBeInstanceOf(SingularMatrixError);
    expect([error.name, error.matrixName, error.pivot, error.pivotValue]).toEqual(['SingularMatrixError', 'W', 2, 0]);
  });
});

/** det A by the Leibniz formula, Σ over permutations σ of sgn(σ)·Πᵢ A[i, σ(i)]: independent of any elimination. */
function leibnizDet(a: number[][]): number {
  const n = a.length;
  let det = 0;
  const visit = (prefix: number[], sign: number): void => {
    if (prefix.length === n) {
      det += sign * prefix.reduce((p, c, i) => p * a[i][c], 1);
      return;
    }
    for (let c = 0; c < n; c++) {
      if (prefix.includes(c)) continue;
      // Placing c after the prefix adds one inversion per larger column already placed.
      const inversions = prefix.filter((x) => x > c).length;
      visit([...prefix, c], inversions % 2 === 0 ? sign : -sign);
    }
  };
  visit([], 1);
  return det;
}

describe('luDecompose', () => {
  it('factorises P·A = L·U with |Lᵢⱼ| ≤ 1', () => {
    const a = fromRows(ref.general5.a);
    const { lu, perm, sign } = luDecompose(a);
    const n = 5;
    const l = identity(n);
    const u = matrix(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (j < i) l.data[i * n + j] = lu.data[i * n + j];
        else u.data[i * n + j] = lu.data[i * n + j];
      }
    }
    const pa = matrix(n, n);
    for (let i = 0; i < n; i++) pa.data.set(a.data.subarray(perm[i] * n, perm[i] * n + n), i * n);
    expect(maxAbsDiff(matmul(l, u).data, pa.data)).toBeLessThan(1e-14 * maxAbs(a.data));
    expect(maxAbs(l.data)).toBeLessThanOrEqual(1);
    expect(Math.abs(sign)).toBe(1);
    expect(Array.from(perm).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('returns the sign of P, so that det A = sign·Πᵢ Uᵢᵢ (against the Leibniz formula)', () => {
    // general5 needs row exchanges; tridiag(1, 4, 1) needs none (sign +1); the 2×2 exchange has sign −1.
    // |det| ≤ 1e3 here and both sides are sums of products of O(1) numbers: 1e-12 relative is ~1e4 ε.
    for (const rows of [
      ref.general5.a as number[][],
      [
        [4, 1, 0],
        [1, 4, 1],
        [0, 1, 4],
      ],
      [
        [0, 2],
        [1, 0],
      ],
    ]) {
      const n = rows.length;
      const { lu, sign } = luDecompose(fromRows(rows));
      let det = sign;
      for (let i = 0; i < n; i++) det *= lu.data[i * n + i];
      const exact = leibnizDet(rows);
      expect(Math.abs(det - exact)).toBeLessThan(1e-12 * Math.abs(exact));
    }
    expect(
      luDecompose(
        fromRows([
          [0, 2],
          [1, 0],
        ]),
      ).sign,
    ).toBe(-1);
  });
});
