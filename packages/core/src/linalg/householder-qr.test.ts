import { describe, expect, it } from 'vitest';
import { applyTallQ, tallQr } from './householder-qr.js';
import { identity, matmul, matrix, transpose, type Matrix } from './matrix.js';
import { maxAbs, maxAbsDiff, randomMatrix } from './test-support/svd-checks.js';

/** R (column-major J×J in the factorisation) as a row-major Matrix. */
function rOf(r: Float64Array, J: number): Matrix {
  const out = matrix(J, J);
  for (let i = 0; i < J; i++) for (let j = 0; j < J; j++) out.data[i * J + j] = r[j * J + i];
  return out;
}

// The defining identities of a thin QR, A = Q·R with QᵀQ = I and R upper triangular, checked to a few hundred ε
// (backward stability: ‖A − QR‖ ≲ c·N·J·ε·‖A‖), and R against the one-block factorisation: the QR of a full-rank A is
// unique up to the signs of R's rows, so |R| must agree whatever the blocking (to ~ε·cond(A)·‖A‖; these A have cond < 10).
describe('tallQr over blocks of rows', () => {
  // (N, J, rows per block): blocks of exactly J with a remainder, exactly J without one, wider blocks with a short
  // last one, and a single block; J = 9 and 10 also reach the second pass of the 4-column loops over reflectors
  // (q = 4 … 7 for p ≥ 2), which J ≤ 7 leaves to their remainder loops.
  for (const [N, J, b] of [
    [23, 4, 4],
    [20, 5, 5],
    [17, 3, 7],
    [40, 6, 9],
    [9, 4, 9],
    [37, 10, 10],
    [50, 9, 12],
  ]) {
    it(`gives A = Q·R with orthonormal Q for ${N}×${J} in blocks of ${b}`, () => {
      const a = randomMatrix(N, J, N * 10 + J);
      const f = tallQr(a.data, N, J, b);
      // Block c covers rows c·b … min(N, (c + 1)·b) − 1.
      const blocks = Math.max(1, Math.ceil(N / b));
      expect(Array.from(f.starts)).toEqual(Array.from({ length: blocks + 1 }, (_, c) => Math.min(N, c * b)));
      const r = rOf(f.r, J);
      for (let i = 0; i < J; i++) for (let j = 0; j < i; j++) expect(r.data[i * J + j]).toBe(0);
      const q = matrix(N, J, applyTallQ(f, identity(J).data, J));
      expect(maxAbsDiff(matmul(transpose(q), q).data, identity(J).data)).toBeLessThan(1e-14);
      expect(maxAbsDiff(matmul(q, r).data, a.data)).toBeLessThan(1e-14 * maxAbs(a.data));
      const oneBlock = rOf(tallQr(a.data, N, J).r, J);
      expect(maxAbsDiff(r.data.map(Math.abs), oneBlock.data.map(Math.abs))).toBeLessThan(1e-13 * maxAbs(a.data));
      // Q·[X; 0] for fewer columns k < J is the same product with the first k columns of a J×J X: k = 2, and k = 1
      // and 3, which the two-column loops over X leave one column over.
      for (const k of [1, 2, 3]) {
        const x = randomMatrix(J, k, 7);
        expect(maxAbsDiff(applyTallQ(f, x.data, k), matmul(q, x).data)).toBeLessThan(1e-14 * maxAbs(x.data) * J);
      }
    });
  }

  it('copes with a zero column and rank deficiency across blocks', () => {
    // A = B·C of rank 2 with column 3 zero: R has Rⱼⱼ ≈ 0 from column 2 on, yet Q stays orthonormal and A = Q·R.
    const N = 30;
    const J = 6;
    const a = matmul(randomMatrix(N, 2, 31), randomMatrix(2, J, 32));
    for (let i = 0; i < N; i++) a.data[i * J + 3] = 0;
    const f = tallQr(a.data, N, J, 7);
    const r = rOf(f.r, J);
    const q = matrix(N, J, applyTallQ(f, identity(J).data, J));
    expect(maxAbsDiff(matmul(transpose(q), q).data, identity(J).data)).toBeLessThan(1e-14);
    expect(maxAbsDiff(matmul(q, r).data, a.data)).toBeLessThan(1e-14 * maxAbs(a.data));
    for (let j = 2; j < J; j++) expect(Math.abs(r.data[j * J + j])).toBeLessThan(1e-14 * maxAbs(a.data));
  });
});
