import { cholesky, type CholeskyOptions } from './cholesky.js';
import { assertSquare, type Matrix } from './matrix.js';
import { invertLower } from './triangular.js';

/**
 * log det A from the Cholesky factor of A = L·Lᵀ: log det A = 2 Σᵢ log Lᵢᵢ.
 *
 * @param l - Lower-triangular Cholesky factor.
 * @returns The log-determinant of L·Lᵀ.
 * @example
 * ```ts
 * logDetFromCholesky(cholesky(fromRows([[4, 0], [0, 9]]))); // log 36
 * ```
 */
export function logDetFromCholesky(l: Matrix): number {
  assertSquare(l, 'logDetFromCholesky');
  const n = l.rows;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l.data[i * n + i]);
  return 2 * s;
}

/**
 * log det A of a symmetric positive definite matrix, via its Cholesky factor (2 Σᵢ log Lᵢᵢ), which cannot
 * overflow the way det A itself can.
 *
 * @param a - Symmetric positive definite n×n matrix (lower triangle read).
 * @param options - As for {@link cholesky} (`name`, `jitter`, …).
 * @returns log det A.
 * @throws {@link NotPositiveDefiniteError} when A is not positive definite.
 * @example
 * ```ts
 * logDet(fromRows([[2, 1], [1, 2]])); // log 3
 * ```
 */
export function logDet(a: Matrix, options: CholeskyOptions = {}): number {
  return logDetFromCholesky(cholesky(a, options));
}

/**
 * Inverse of a symmetric positive definite matrix via Cholesky: A⁻¹ = L⁻ᵀ·L⁻¹ with A = L·Lᵀ.
 * The result is exactly symmetric (the lower triangle is computed and mirrored).
 *
 * @param a - Symmetric positive definite n×n matrix (lower triangle read).
 * @param options - As for {@link cholesky} (`name`, `jitter`, …).
 * @returns A⁻¹.
 * @throws {@link NotPositiveDefiniteError} when A is not positive definite.
 * @example
 * ```ts
 * inverseSpd(fromRows([[2, 1], [1, 2]])); // [[2/3, -1/3], [-1/3, 2/3]]
 * ```
 */
export function inverseSpd(a: Matrix, options: CholeskyOptions = {}): Matrix {
  const li = invertLower(cholesky(a, options)).data;
  const n = a.rows;
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const v = li[rk + i];
      const oi = i * n;
      for (let j = 0; j <= i; j++) out[oi + j] += v * li[rk + j];
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j];
  }
  return { rows: n, cols: n, data: out };
}
