import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { cholesky, choleskyWithJitter, NotPositiveDefiniteError } from './cholesky.js';
import { fromRows, matmul, matrix, transpose, type Matrix } from './matrix.js';

// Reference values from tooling/reference/linalg_reference.py (numpy 1.24).
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/linalg.json', import.meta.url), 'utf8'));

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const maxAbs = (a: ArrayLike<number>): number => maxAbsDiff(a, new Float64Array(a.length));

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

function randomSpd(n: number, seed: number): Matrix {
  const rng = createRng(seed);
  const b = matrix(
    n,
    n,
    Float64Array.from({ length: n * n }, () => rng.normal()),
  );
  const a = matmul(b, transpose(b));
  for (let i = 0; i < n; i++) a.data[i * n + i] += n;
  return a;
}

describe('cholesky', () => {
  it('matches numpy on a well-conditioned 5×5 matrix', () => {
    // cond(A) ≈ 10, so the backward-stable factor agrees to ~n·ε·cond ≈ 1e-14; 1e-12 leaves margin.
    const L = cholesky(fromRows(ref.spd5.a));
    expect(maxAbsDiff(L.data, fromRows(ref.spd5.cholesky).data)).toBeLessThan(1e-12 * maxAbs(L.data));
  });

  it('reconstructs A = L·Lᵀ with L lower triangular and a positive diagonal', () => {
    const n = 40;
    const a = randomSpd(n, 1);
    const L = cholesky(a);
    for (let i = 0; i < n; i++) {
      expect(L.data[i * n + i]).toBeGreaterThan(0);
      for (let j = i + 1; j < n; j++) expect(L.data[i * n + j]).toBe(0);
    }
    expect(maxAbsDiff(matmul(L, transpose(L)).data, a.data)).toBeLessThan(1e-13 * maxAbs(a.data));
  });

  it('reads only the lower triangle', () => {
    const a = fromRows([
      [4, 999],
      [2, 3],
    ]);
    const L = cholesky(a);
    expect(Array.from(L.data)).toEqual([2, 0, 1, Math.SQRT2]);
  });

  it('names the matrix, the pivot and its value when A is not positive definite', () => {
    const a = fromRows([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, -1.2e-8],
    ]);
    expect(() => cholesky(a, { name: 'covariance of component 2' })).toThrow(
      'covariance of component 2 is not positive definite (pivot 3 is -1.2e-8); add jitter or increase regCovar',
    );
    const error = thrown(() =>
      cholesky(
        fromRows([
          [1, 2],
          [2, 1],
        ]),
      ),
    );
    expect(error).toBeInstanceOf(NotPositiveDefiniteError);
    const npd = error as NotPositiveDefiniteError;
    expect(npd.message).toBe('matrix is not positive definite (pivot 1 is -3); add jitter or increase regCovar');
    expect(npd.message).not.toContain('\n');
    expect([npd.name, npd.matrixName, npd.pivot, npd.pivotValue, npd.jitter]).toEqual(['NotPositiveDefiniteError', 'matrix', 1, -3, 0]);
  });

  it('treats NaN pivots as failures and lets the caller replace the hint', () => {
    expect(() => cholesky(fromRows([[NaN]]), { name: 'W', hint: 'check the data' })).toThrow('W is not positive definite (pivot 0 is NaN); check the data');
    expect(() => cholesky(fromRows([[0]]), { hint: '' })).toThrow(/^matrix is not positive definite \(pivot 0 is 0\)$/);
  });

  it('rejects non-square input in one line naming the function, with or without a jitter of 0', () => {
    expect(() => cholesky(matrix(2, 3))).toThrow(RangeError);
    for (const options of [{}, { jitter: 0 }]) {
      expect(() => cholesky(matrix(2, 3), options)).toThrow(/^cholesky: expected a square matrix, got 2×3$/);
    }
    expect(() => cholesky(matrix(2, 3), { jitter: 1e-9 })).toThrow(/^choleskyWithJitter: expected a square matrix, got 2×3$/);
  });
});

describe('choleskyWithJitter', () => {
  it('adds no jitter when A is positive definite', () => {
    const a = fromRows(ref.spd5.a);
    const { L, jitterAdded } = choleskyWithJitter(a, { jitter: 1e-6 });
    expect(jitterAdded).toBe(0);
    expect(Array.from(L.data)).toEqual(Array.from(cholesky(a).data));
  });

  it('finds the smallest jitter·10ᵗ that makes a singular matrix factorisable', () => {
    // Pivot 1 of A + δI is ≈ 2δ − 5e-8: negative for δ = 1e-9 and 1e-8, positive for δ = 1e-7.
    const a = fromRows([
      [1, 1],
      [1, 1 - 5e-8],
    ]);
    const { L, jitterAdded } = choleskyWithJitter(a, { jitter: 1e-9, maxJitterTries: 5 });
    expect(jitterAdded).toBe(1e-9 * 10 ** 2);
    const shifted = fromRows([
      [1 + jitterAdded, 1],
      [1, 1 - 5e-8 + jitterAdded],
    ]);
    expect(maxAbsDiff(matmul(L, transpose(L)).data, shifted.data)).toBeLessThan(1e-15);
    expect(cholesky(a, { jitter: 1e-9 }).data).toEqual(L.data);
  });

  it('reports the largest jitter tried when every attempt fails', () => {
    const a = fromRows([
      [1, 1],
      [1, 1 - 5e-8],
    ]);
    expect(() => choleskyWithJitter(a, { name: 'Ψ', jitter: 1e-9, maxJitterTries: 2 })).toThrow(
      /^Ψ is not positive definite \(pivot 1 is -3(\.\d+)?e-8\) even with jitter 1e-8 on the diagonal; add jitter or increase regCovar$/,
    );
    const error = thrown(() => choleskyWithJitter(a, { jitter: 1e-9, maxJitterTries: 2 }));
    expect(error).toBeInstanceOf(NotPositiveDefiniteError);
    expect((error as NotPositiveDefiniteError).jitter).toBe(1e-9 * 10);
    expect((error as NotPositiveDefiniteError).message).toMatch(/^matrix is not positive definite \(pivot 1 is /);
  });

  it('validates its options', () => {
    expect(() => choleskyWithJitter(fromRows([[1]]), { jitter: -1 })).toThrow(RangeError);
    expect(() => choleskyWithJitter(fromRows([[1]]), { maxJitterTries: 1.5 })).toThrow(RangeError);
    expect(() => choleskyWithJitter(fromRows([[1]]), { maxJitterTries: -1 })).toThrow(
      /^choleskyWithJitter: need jitter ≥ 0 and an integer maxJitterTries ≥ 0, got 1e-10 and -1$/,
    );
    expect(() => choleskyWithJitter(matrix(3, 2))).toThrow(/^choleskyWithJitter: expected a square matrix, got 3×2$/);
  });

  it('accepts a jitter of 0 and 0 tries as "no retry": the plain factor or the plain error', () => {
    const a = fromRows(ref.spd5.a);
    const { L, jitterAdded } = choleskyWithJitter(a, { jitter: 0 });
    expect(jitterAdded).toBe(0);
    expect(Array.from(L.data)).toEqual(Array.from(cholesky(a).data));
    // [[1, 1], [1, 1]]: pivot 1 is 1 − 1² = 0 exactly; no jitter was added, so the message says none.
    const ones = fromRows([
      [1, 1],
      [1, 1],
    ]);
    expect(() => choleskyWithJitter(ones, { jitter: 0 })).toThrow(/^matrix is not positive definite \(pivot 1 is 0\); add jitter or increase regCovar$/);
    expect(() => cholesky(ones, { jitter: 0 })).toThrow(/^matrix is not positive definite \(pivot 1 is 0\); add jitter or increase regCovar$/);
    // With 0 tries the jitter is never used: pivot 1 of [[1, 1], [1, 1 − 5e-8]] is (1 − 5e-8) − 1 = −5e-8 (to rounding of 1 − 5e-8, 1.1e-16).
    const error = thrown(() =>
      choleskyWithJitter(
        fromRows([
          [1, 1],
          [1, 1 - 5e-8],
        ]),
        { jitter: 1e-9, maxJitterTries: 0 },
      ),
    ) as NotPositiveDefiniteError;
    expect(error).toBeInstanceOf(NotPositiveDefiniteError);
    expect(error.jitter).toBe(0);
    expect(Math.abs(error.pivotValue + 5e-8)).toBeLessThan(2e-16);
    expect(error.message).toBe('matrix is not positive definite (pivot 1 is -5e-8); add jitter or increase regCovar');
  });
});
