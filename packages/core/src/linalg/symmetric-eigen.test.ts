import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { fromRows, identity, matmul, matrix, transpose, type Matrix } from './matrix.js';
import { symmetricEigen } from './symmetric-eigen.js';

// Reference values from tooling/reference/linalg_reference.py (numpy 1.24 eigh, sorted descending).
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/linalg.json', import.meta.url), 'utf8'));

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const maxAbs = (a: ArrayLike<number>): number => maxAbsDiff(a, new Float64Array(a.length));

function randomSymmetric(n: number, seed: number): Matrix {
  const rng = createRng(seed);
  const a = matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = rng.normal();
      a.data[i * n + j] = x;
      a.data[j * n + i] = x;
    }
  }
  return a;
}

/** Householder reflector I − 2wwᵀ/wᵀw: an exactly known orthogonal matrix. */
function reflector(w: number[]): Matrix {
  const n = w.length;
  const ww = w.reduce((s, x) => s + x * x, 0);
  const q = identity(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) q.data[i * n + j] -= (2 * w[i] * w[j]) / ww;
  }
  return q;
}

/** Checks ‖A·V − V·Λ‖ and ‖VᵀV − I‖ against c·ε·‖A‖-sized tolerances and that λ is sorted descending. */
function expectValidDecomposition(a: Matrix, tol: number): void {
  const { values, vectors } = symmetricEigen(a);
  const n = a.rows;
  const scaled = matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) scaled.data[i * n + j] = vectors.data[i * n + j] * values[j];
  }
  expect(maxAbsDiff(matmul(a, vectors).data, scaled.data)).toBeLessThan(tol * Math.max(1, maxAbs(a.data)));
  expect(maxAbsDiff(matmul(transpose(vectors), vectors).data, identity(n).data)).toBeLessThan(tol);
  for (let j = 1; j < n; j++) expect(values[j]).toBeLessThanOrEqual(values[j - 1]);
}

describe('symmetricEigen', () => {
  it('matches numpy eigh on the well-conditioned 5×5 matrix', () => {
    const { values, vectors } = symmetricEigen(fromRows(ref.spd5.a));
    // Distinct, well-separated eigenvalues (gaps ≥ 2 on a scale of 30): values to ε·‖A‖, vectors to ε·‖A‖/gap.
    expect(maxAbsDiff(values, ref.spd5.eigenvalues)).toBeLessThan(1e-12 * ref.spd5.eigenvalues[0]);
    const expected = fromRows(ref.spd5.eigenvectors);
    for (let j = 0; j < 5; j++) {
      let dot = 0;
      for (let i = 0; i < 5; i++) dot += vectors.data[i * 5 + j] * expected.data[i * 5 + j];
      const sign = Math.sign(dot);
      for (let i = 0; i < 5; i++) expect(Math.abs(sign * vectors.data[i * 5 + j] - expected.data[i * 5 + j])).toBeLessThan(1e-10);
    }
  });

  it('resolves the tiny eigenvalues of Hilbert 8×8 to ε·‖A‖ absolute accuracy', () => {
    // λ ranges from 1.7 down to 1.1e-10; a backward-stable method is accurate to about n·ε·λ₁ ≈ 3e-15 absolute.
    const { values } = symmetricEigen(fromRows(ref.hilbert8.a));
    expect(maxAbsDiff(values, ref.hilbert8.eigenvalues)).toBeLessThan(1e-14);
    expect(values[7]).toBeGreaterThan(0);
  });

  it('returns an orthonormal eigenbasis for repeated eigenvalues', () => {
    const q = reflector([1, -2, 0.5, 3, 1]);
    const lambda = [3, 3, 1, 1, 1];
    const d = matrix(5, 5);
    lambda.forEach((l, i) => (d.data[i * 5 + i] = l));
    const a = matmul(matmul(q, d), transpose(q));
    const { values } = symmetricEigen(a);
    expect(maxAbsDiff(values, lambda)).toBeLessThan(1e-14 * 3);
    expectValidDecomposition(a, 1e-13);
  });

  it('decomposes a random indefinite 120×120 matrix', () => {
    const a = randomSymmetric(120, 5);
    expectValidDecomposition(a, 1e-12);
    const { values } = symmetricEigen(a);
    let trace = 0;
    for (let i = 0; i < 120; i++) trace += a.data[i * 120 + i];
    expect(Math.abs(values.reduce((s, x) => s + x, 0) - trace)).toBeLessThan(1e-10);
    expect(values[119]).toBeLessThan(0);
  });

  it('reads only the lower triangle', () => {
    const a = randomSymmetric(6, 8);
    const noisy = matrix(6, 6, Float64Array.from(a.data));
    for (let i = 0; i < 6; i++) {
      for (let j = i + 1; j < 6; j++) noisy.data[i * 6 + j] = 1e6;
    }
    expect(symmetricEigen(noisy).values).toEqual(symmetricEigen(a).values);
  });

  it('handles trivial sizes, zero and diagonal matrices', () => {
    expect(symmetricEigen(matrix(0, 0)).values.length).toBe(0);
    expect(Array.from(symmetricEigen(fromRows([[-2]])).values)).toEqual([-2]);
    const zero = symmetricEigen(matrix(3, 3));
    expect(Array.from(zero.values)).toEqual([0, 0, 0]);
    expect(maxAbsDiff(matmul(transpose(zero.vectors), zero.vectors).data, identity(3).data)).toBe(0);
    const diag = symmetricEigen(
      fromRows([
        [1, 0, 0],
        [0, 5, 0],
        [0, 0, -3],
      ]),
    );
    expect(Array.from(diag.values)).toEqual([5, 1, -3]);
    expect(Math.abs(diag.vectors.data[1 * 3 + 0])).toBe(1);
  });

  it('rejects non-finite entries and non-square input', () => {
    expect(() =>
      symmetricEigen(
        fromRows([
          [1, 0],
          [NaN, 1],
        ]),
      ),
    ).toThrow(/entry \(1, 0\) is NaN/);
    expect(() => symmetricEigen(matrix(2, 3))).toThrow(RangeError);
    expect(() => symmetricEigen(matrix(2, 3))).toThrow(/^symmetricEigen: expected a square matrix, got 2×3$/);
  });

  it('matches the closed forms of 2×2 and 3×3 matrices that need QL iterations', () => {
    // [[2, 1], [1, 2]]: λ = 3, 1 with v = (1, ±1)/√2; [[4, −2], [−2, 1]]: λ = 5/2 ± √(9/4 + 4) = 5, 0.
    // The second-difference matrix tridiag(−1, 2, −1) of order 3: λ = 2 + √2, 2, 2 − √2 with v = (1, −√2, 1)/2,
    // (1, 0, −1)/√2, (1, √2, 1)/2. Values to a few ε·‖A‖ (4e-15), vectors to 1e-14 up to sign.
    const cases: [number[][], number[], number[][]][] = [
      [
        [
          [2, 1],
          [1, 2],
        ],
        [3, 1],
        [
          [Math.SQRT1_2, Math.SQRT1_2],
          [Math.SQRT1_2, -Math.SQRT1_2],
        ],
      ],
      [
        [
          [4, -2],
          [-2, 1],
        ],
        [5, 0],
        [
          [2 / Math.sqrt(5), 1 / Math.sqrt(5)],
          [-1 / Math.sqrt(5), 2 / Math.sqrt(5)],
        ],
      ],
      [
        [
          [2, -1, 0],
          [-1, 2, -1],
          [0, -1, 2],
        ],
        [2 + Math.SQRT2, 2, 2 - Math.SQRT2],
        [
          [0.5, Math.SQRT1_2, 0.5],
          [-Math.SQRT1_2, 0, Math.SQRT1_2],
          [0.5, -Math.SQRT1_2, 0.5],
        ],
      ],
    ];
    for (const [rows, lambda, v] of cases) {
      const n = rows.length;
      const { values, vectors } = symmetricEigen(fromRows(rows));
      expect(maxAbsDiff(values, lambda)).toBeLessThan(4e-15);
      for (let j = 0; j < n; j++) {
        const sign = Math.sign(vectors.data[j] * v[0][j] + vectors.data[n + j] * v[1][j]);
        for (let i = 0; i < n; i++) expect(Math.abs(sign * vectors.data[i * n + j] - v[i][j])).toBeLessThan(1e-14);
      }
    }
  });

  it('decomposes matrices with an isolated row and column, which skip a Householder step', () => {
    // A 5×5 matrix with a 1×1 block c = 3 at index p and B = Q·diag(4, −1, 2, 0.5)·Qᵀ on the other indices: λ(A) is
    // {3} ∪ λ(B) and the eigenvector of 3 is the unit vector eₚ. Row p's entries left of the diagonal are zero, so
    // tridiagonalisation skips its reflector there (p = 0: row 1 meets it after two full steps; p = 2: row 2 does).
    const q = reflector([1, -2, 0.5, 3]);
    const lambdaB = matrix(4, 4);
    [4, -1, 2, 0.5].forEach((l, i) => (lambdaB.data[i * 4 + i] = l));
    const b = matmul(matmul(q, lambdaB), transpose(q));
    for (const p of [0, 2, 4]) {
      const others = [0, 1, 2, 3, 4].filter((i) => i !== p);
      const a = matrix(5, 5);
      a.data[p * 5 + p] = 3;
      others.forEach((r, i) => others.forEach((c, j) => (a.data[r * 5 + c] = b.data[i * 4 + j])));
      const { values, vectors } = symmetricEigen(a);
      expect(maxAbsDiff(values, [4, 3, 2, 0.5, -1])).toBeLessThan(1e-14 * 4);
      for (let i = 0; i < 5; i++) expect(Math.abs(Math.abs(vectors.data[i * 5 + 1]) - (i === p ? 1 : 0))).toBeLessThan(1e-14);
      expectValidDecomposition(a, 1e-13);
    }
  });
});
