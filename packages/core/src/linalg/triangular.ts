import { assertSquare, type Matrix } from './matrix.js';

/** A right-hand side: an n-vector or an n×m matrix whose m columns are solved at once. */
export type RightHandSide = Matrix | Float64Array;

function asColumns(t: Matrix, b: RightHandSide, fn: string): { x: Float64Array; m: number } {
  assertSquare(t, fn);
  const n = t.rows;
  const isVec = b instanceof Float64Array;
  const rows = isVec ? b.length : b.rows;
  if (rows !== n) throw new RangeError(`${fn}: ${n}×${n} matrix and right-hand side with ${rows} rows do not align`);
  for (let i = 0; i < n; i++) {
    if (t.data[i * n + i] === 0) throw new RangeError(`${fn}: triangular matrix is singular (diagonal entry ${i} is 0)`);
  }
  return isVec ? { x: Float64Array.from(b), m: 1 } : { x: Float64Array.from(b.data), m: b.cols };
}

const wrap = <B extends RightHandSide>(b: B, x: Float64Array): B => (b instanceof Float64Array ? x : { rows: b.rows, cols: b.cols, data: x }) as B;

/**
 * Forward substitution: solves L·X = B for lower-triangular L, Xᵢ = (Bᵢ − Σₖ₍ₖ<ᵢ₎ Lᵢₖ Xₖ) / Lᵢᵢ (rows of X).
 *
 * Only the lower triangle of `l` is read.
 *
 * @param l - Lower-triangular n×n matrix with non-zero diagonal.
 * @param b - n-vector or n×m matrix.
 * @returns X with the same shape as `b`.
 * @throws RangeError when a diagonal entry is exactly 0.
 * @example
 * ```ts
 * solveLower(fromRows([[2, 0], [1, 1]]), new Float64Array([2, 3])); // [1, 2]
 * ```
 */
export function solveLower<B extends RightHandSide>(l: Matrix, b: B): B {
  const { x, m } = asColumns(l, b, 'solveLower');
  const n = l.rows;
  const ld = l.data;
  for (let i = 0; i < n; i++) {
    const xi = i * m;
    for (let k = 0; k < i; k++) {
      const lik = ld[i * n + k];
      const xk = k * m;
      for (let j = 0; j < m; j++) x[xi + j] -= lik * x[xk + j];
    }
    const inv = 1 / ld[i * n + i];
    for (let j = 0; j < m; j++) x[xi + j] *= inv;
  }
  return wrap(b, x);
}

/**
 * Back substitution: solves U·X = B for upper-triangular U, Xᵢ = (Bᵢ − Σₖ₍ₖ>ᵢ₎ Uᵢₖ Xₖ) / Uᵢᵢ.
 *
 * Only the upper triangle of `u` is read.
 *
 * @param u - Upper-triangular n×n matrix with non-zero diagonal.
 * @param b - n-vector or n×m matrix.
 * @returns X with the same shape as `b`.
 * @throws RangeError when a diagonal entry is exactly 0.
 * @example
 * ```ts
 * solveUpper(fromRows([[1, 1], [0, 2]]), new Float64Array([3, 4])); // [1, 2]
 * ```
 */
export function solveUpper<B extends RightHandSide>(u: Matrix, b: B): B {
  const { x, m } = asColumns(u, b, 'solveUpper');
  const n = u.rows;
  const ud = u.data;
  for (let i = n - 1; i >= 0; i--) {
    const xi = i * m;
    for (let k = i + 1; k < n; k++) {
      const uik = ud[i * n + k];
      const xk = k * m;
      for (let j = 0; j < m; j++) x[xi + j] -= uik * x[xk + j];
    }
    const inv = 1 / ud[i * n + i];
    for (let j = 0; j < m; j++) x[xi + j] *= inv;
  }
  return wrap(b, x);
}

/**
 * Solves Lᵀ·X = B for lower-triangular L without forming Lᵀ (column-oriented back substitution:
 * Xᵢ = Bᵢ / Lᵢᵢ, then Bₖ ← Bₖ − Lᵢₖ Xᵢ for k < i, reading row i of L).
 *
 * @param l - Lower-triangular n×n matrix with non-zero diagonal.
 * @param b - n-vector or n×m matrix.
 * @returns X with the same shape as `b`.
 * @throws RangeError when a diagonal entry is exactly 0.
 * @example
 * ```ts
 * solveLowerTransposed(fromRows([[2, 0], [1, 1]]), new Float64Array([4, 2])); // Lᵀ = [[2, 1], [0, 1]] → [1, 2]
 * ```
 */
export function solveLowerTransposed<B extends RightHandSide>(l: Matrix, b: B): B {
  const { x, m } = asColumns(l, b, 'solveLowerTransposed');
  const n = l.rows;
  const ld = l.data;
  for (let i = n - 1; i >= 0; i--) {
    const xi = i * m;
    const inv = 1 / ld[i * n + i];
    for (let j = 0; j < m; j++) x[xi + j] *= inv;
    for (let k = 0; k < i; k++) {
      const lik = ld[i * n + k];
      const xk = k * m;
      for (let j = 0; j < m; j++) x[xk + j] -= lik * x[xi + j];
    }
  }
  return wrap(b, x);
}

/**
 * Solves A·X = B given the Cholesky factor L of A = L·Lᵀ: X = L⁻ᵀ(L⁻¹B).
 *
 * @param l - Cholesky factor from {@link cholesky}.
 * @param b - n-vector or n×m matrix.
 * @returns X with the same shape as `b`.
 * @example
 * ```ts
 * const x = choleskySolve(cholesky(a), b); // a·x ≈ b
 * ```
 */
export function choleskySolve<B extends RightHandSide>(l: Matrix, b: B): B {
  return solveLowerTransposed(l, solveLower(l, b));
}

/**
 * Inverse of a lower-triangular matrix, L⁻¹ (again lower triangular), by forward substitution on the identity
 * exploiting the zero pattern (n³/3 flops).
 *
 * @param l - Lower-triangular n×n matrix with non-zero diagonal; the upper triangle is ignored.
 * @returns L⁻¹.
 * @throws RangeError when a diagonal entry is exactly 0.
 * @example
 * ```ts
 * invertLower(fromRows([[2, 0], [1, 1]])); // [[0.5, 0], [-0.5, 1]]
 * ```
 */
export function invertLower(l: Matrix): Matrix {
  assertSquare(l, 'invertLower');
  const n = l.rows;
  const ld = l.data;
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const lii = ld[i * n + i];
    if (lii === 0) throw new RangeError(`invertLower: triangular matrix is singular (diagonal entry ${i} is 0)`);
    const xi = i * n;
    x[xi + i] = 1;
    for (let k = 0; k < i; k++) {
      const lik = ld[xi + k];
      const xk = k * n;
      for (let j = 0; j <= k; j++) x[xi + j] -= lik * x[xk + j];
    }
    const inv = 1 / lii;
    for (let j = 0; j <= i; j++) x[xi + j] *= inv;
  }
  return { rows: n, cols: n, data: x };
}
