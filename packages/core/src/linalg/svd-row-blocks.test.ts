import { describe, expect, it } from 'vitest';
import { matmul, transpose, type Matrix } from './matrix.js';
import { thinSvd, type ThinSvdResult } from './svd.js';
import { maxAbsDiff, randomMatrix, svdDefects } from './test-support/svd-checks.js';
import { symmetricEigen } from './symmetric-eigen.js';

// thinSvd on matrices tall enough for its default blocks of rows (at least J and about 32,768 / J rows): 1–2 s, so
// this file is apart from svd.test.ts, which the core-linalg-svd mutation module runs for every mutant (the
// several-block paths are tested on small matrices with small blocks in householder-qr.test.ts).

/** A = U·diag(s)·Vᵀ to `tol`·max|A|, UᵀU = VᵀV = I to `tol`, the thin shapes, s descending and non-negative. */
function expectValidSvd(a: Matrix, svd: ThinSvdResult, tol: number): void {
  const { worst, shapesMatch, sortedNonNegative } = svdDefects(a, svd);
  expect([worst <= tol, shapesMatch, sortedNonNegative], `worst defect ${worst}`).toEqual([true, true, true]);
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
