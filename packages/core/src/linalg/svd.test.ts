import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRows, matmul, matrix, transpose, type Matrix } from './matrix.js';
import { thinSvd, type ThinSvdResult } from './svd.js';
import { maxAbsDiff, randomMatrix, reflector, svdDefects } from './test-support/svd-checks.js';

// Reference values from tooling/reference/linalg_reference.py (numpy 1.24 `svd(full_matrices=False)`).
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/linalg.json', import.meta.url), 'utf8'));
const refCase = (name: string) => ref.svd.find((c: { name: string }) => c.name === name);

/** A = U·diag(s)·Vᵀ to `tol`·max|A|, UᵀU = VᵀV = I to `tol`, the thin shapes, s descending and non-negative. */
function expectValidSvd(a: Matrix, svd: ThinSvdResult, tol: number): void {
  const { worst, shapesMatch, sortedNonNegative } = svdDefects(a, svd);
  expect([worst <= tol, shapesMatch, sortedNonNegative], `worst defect ${worst}`).toEqual([true, true, true]);
}

/** Compares singular vectors column by column after fixing each pair's arbitrary sign by the V column. */
function expectSameVectors(svd: ThinSvdResult, u: Matrix, v: Matrix, tol: number): void {
  const r = svd.s.length;
  for (let j = 0; j < r; j++) {
    let dot = 0;
    for (let i = 0; i < v.rows; i++) dot += svd.v.data[i * r + j] * v.data[i * r + j];
    const sign = Math.sign(dot);
    for (let i = 0; i < v.rows; i++) expect(Math.abs(sign * svd.v.data[i * r + j] - v.data[i * r + j])).toBeLessThan(tol);
    for (let i = 0; i < u.rows; i++) expect(Math.abs(sign * svd.u.data[i * r + j] - u.data[i * r + j])).toBeLessThan(tol);
  }
}

describe('thinSvd', () => {
  // Random Gaussian matrices: cond ≲ 10 and singular-value gaps ≳ 0.1·σ₁, so values agree with LAPACK to ~n·ε·σ₁
  // and vectors to ~n·ε/gap ≈ 1e-14; 1e-12 and 1e-10 leave two orders of margin.
  for (const name of ['tall7x4', 'square5x4', 'wide3x6']) {
    it(`matches numpy on ${name}`, () => {
      const c = refCase(name);
      const a = fromRows(c.a);
      const svd = thinSvd(a);
      expect(maxAbsDiff(svd.s, c.s)).toBeLessThan(1e-12 * c.s[0]);
      expectSameVectors(svd, fromRows(c.u), fromRows(c.v), 1e-10);
      expectValidSvd(a, svd, 1e-13);
    });
  }

  it('handles rank-deficient input: zero singular values and still orthonormal U and V', () => {
    const c = refCase('rank2of6x4');
    const a = fromRows(c.a);
    const svd = thinSvd(a);
    expect(maxAbsDiff(svd.s.subarray(0, 2), c.s.slice(0, 2))).toBeLessThan(1e-12 * c.s[0]);
    // Exact rank 2; the rounding of the stored product leaves σ₃, σ₄ ~ ε·σ₁.
    expect(svd.s[2]).toBeLessThan(1e-14 * c.s[0]);
    expect(svd.s[3]).toBeLessThan(1e-14 * c.s[0]);
    expectValidSvd(a, svd, 1e-13);
  });

  it('resolves singular values down to 1e-12 where AᵀA-based methods cannot', () => {
    // σ = 1, 1e-1, 1e-2, 1e-4, …, 1e-12 by construction. A backward-stable SVD is accurate to p(n)·ε·σ₁ absolute,
    // so ours and LAPACK's must agree to ~1e-15; eigenvalues of AᵀA would put σ₈ = 1e-12 below their ε·σ₁² ≈ 2e-16 noise.
    const c = refCase('graded200x8');
    const svd = thinSvd(fromRows(c.a));
    expect(maxAbsDiff(svd.s, c.s)).toBeLessThan(1e-15);
    expect(Math.abs(svd.s[7] - 1e-12)).toBeLessThan(1e-14);
    expectValidSvd(fromRows(c.a), svd, 1e-13);
  });

  it('handles N < J through the transpose, for both the QR-first and the direct path', () => {
    for (const [rows, cols] of [
      [4, 5],
      [3, 10],
      [1, 7],
    ]) {
      const a = randomMatrix(rows, cols, rows * 100 + cols);
      const svd = thinSvd(a);
      expectValidSvd(a, svd, 1e-13);
      const st = thinSvd(transpose(a));
      expect(maxAbsDiff(svd.s, st.s)).toBeLessThan(1e-13 * st.s[0]);
    }
  });

  it('gives the singular values of a square matrix built from them', () => {
    // A = P·diag(4, 3, 2, 1)·Qᵀ with Householder reflectors P = I − 2ppᵀ/pᵀp and Q (exactly orthogonal up to the
    // rounding of their entries): σ = 4, 3, 2, 1 to a few ε·σ₁.
    const sigma = [4, 3, 2, 1];
    const d = fromRows(sigma.map((x, i) => sigma.map((_, j) => (i === j ? x : 0))));
    const a = matmul(matmul(reflector([1, -2, 0.5, 3]), d), transpose(reflector([2, 1, -1, 0.5])));
    const svd = thinSvd(a);
    expect(maxAbsDiff(svd.s, sigma)).toBeLessThan(1e-14 * 4);
    expectValidSvd(a, svd, 1e-14);
  });

  it('returns orthonormal factors for the zero matrix', () => {
    for (const [rows, cols] of [
      [50, 4],
      [5, 4],
      [2, 6],
    ]) {
      const svd = thinSvd(matrix(rows, cols));
      expect(Array.from(svd.s)).toEqual(new Array(Math.min(rows, cols)).fill(0));
      expectValidSvd(matrix(rows, cols), svd, 1e-15);
    }
  });

  it('returns only the leading k triplets with { k }', () => {
    for (const [rows, cols] of [
      [7, 4],
      [5, 4],
      [3, 6],
      [300, 12],
    ]) {
      const a = randomMatrix(rows, cols, rows + cols);
      const full = thinSvd(a);
      const k = 2;
      const top = thinSvd(a, { k });
      expect([top.u.rows, top.u.cols, top.v.rows, top.v.cols, top.s.length]).toEqual([rows, k, cols, k, k]);
      expect(maxAbsDiff(top.s, full.s.subarray(0, k))).toBe(0);
      const r = full.s.length;
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < k; j++) expect(Math.abs(top.u.data[i * k + j] - full.u.data[i * r + j])).toBeLessThan(1e-14);
      }
      for (let i = 0; i < cols; i++) {
        for (let j = 0; j < k; j++) expect(Math.abs(top.v.data[i * k + j] - full.v.data[i * r + j])).toBeLessThan(1e-14);
      }
    }
  });

  it('handles empty matrices and rejects bad input', () => {
    const empty = thinSvd(matrix(0, 3));
    expect([empty.s.length, empty.u.rows, empty.u.cols, empty.v.rows, empty.v.cols]).toEqual([0, 0, 0, 3, 0]);
    expect(() =>
      thinSvd(
        fromRows([
          [1, 2],
          [Infinity, 0],
        ]),
      ),
    ).toThrow(/entry \(1, 0\) is Infinity/);
    expect(() => thinSvd(matrix(3, 2), { k: 3 })).toThrow(RangeError);
    expect(() => thinSvd(matrix(3, 2), { k: 1.5 })).toThrow(RangeError);
    expect(() => thinSvd(matrix(3, 2), { k: -1 })).toThrow(new RangeError('thinSvd: k must be an integer in [0, 2], got -1'));
  });
});
