import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { identity, matmul, matrix, transpose, type Matrix } from './matrix.js';
import { thinSvd, type ThinSvdResult } from './svd.js';
import { symmetricEigen } from './symmetric-eigen.js';

// thinSvd on matrices tall enough for its default blocks of rows (at least J and about 32,768 / J rows): 1–2 s, so
// this file is apart from svd.test.ts, which the core-linalg-svd mutation module runs for every mutant (the
// several-block paths are tested on small matrices with small blocks in householder-qr.test.ts).

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const maxAbs = (a: ArrayLike<number>): number => maxAbsDiff(a, new Float64Array(a.length));

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  return matrix(
    rows,
    cols,
    Float64Array.from({ length: rows * cols }, () => rng.normal()),
  );
}

function reconstruct({ u, s, v }: ThinSvdResult): Matrix {
  const us = matrix(
    u.rows,
    u.cols,
    u.data.map((x, i) => x * s[i % u.cols]),
  );
  return matmul(us, transpose(v));
}

/** A = U·diag(s)·Vᵀ to `tol`·‖A‖, UᵀU = VᵀV = I to `tol`, s descending and non-negative. */
function expectValidSvd(a: Matrix, svd: ThinSvdResult, tol: number): void {
  const r = Math.min(a.rows, a.cols);
  expect([svd.u.rows, svd.u.cols, svd.v.rows, svd.v.cols, svd.s.length]).toEqual([a.rows, r, a.cols, r, r]);
  expect(maxAbsDiff(reconstruct(svd).data, a.data)).toBeLessThanOrEqual(tol * Math.max(maxAbs(a.data), Number.MIN_VALUE));
  expect(maxAbsDiff(matmul(transpose(svd.u), svd.u).data, identity(r).data)).toBeLessThan(tol);
  expect(maxAbsDiff(matmul(transpose(svd.v), svd.v).data, identity(r).data)).toBeLessThan(tol);
  for (let i = 0; i < r; i++) {
    expect(svd.s[i]).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(svd.s[i]).toBeLessThanOrEqual(svd.s[i - 1]);
  }
}

describe('thinSvd over its default blocks of rows', () => {
  it('works on tall matrices spanning several row blocks, agreeing with the eigenvalues of AᵀA', () => {
    // 4000×20 runs in blocks of 1639, 1639 and 722 rows; 500×200 in blocks of 200 (exactly J), 200 and 100.
    for (const [rows, cols] of [
      [4000, 20],
      [500, 200],
    ]) {
      const a = randomMatrix(rows, cols, 21);
      const svd = thinSvd(a);
      expectValidSvd(a, svd, 1e-12);
      // Independent check: σᵢ² = λᵢ(AᵀA). These random A have cond ≤ 6, where the Gram route is accurate to ~1e-13.
      const lambda = symmetricEigen(matmul(transpose(a), a)).values;
      expect(maxAbsDiff(svd.s, lambda.map(Math.sqrt))).toBeLessThan(1e-11 * svd.s[0]);
    }
  });

  it('copes with exactly zero columns and low rank across row blocks', () => {
    const b = randomMatrix(3000, 5, 31);
    const c = randomMatrix(5, 20, 32);
    const a = matmul(b, c);
    for (let i = 0; i < 3000; i++) a.data[i * 20 + 7] = 0;
    const svd = thinSvd(a);
    expectValidSvd(a, svd, 1e-13);
    expect(svd.s[4]).toBeGreaterThan(1);
    expect(svd.s[5]).toBeLessThan(1e-13 * svd.s[0]);
  });
});
