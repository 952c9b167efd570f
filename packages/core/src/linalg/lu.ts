import { shortNumber } from './cholesky.js';
import { assertSquare, type Matrix } from './matrix.js';

/**
 * Thrown when LU factorisation with partial pivoting meets an exactly zero (or non-finite) pivot.
 *
 * The message is one line, e.g. `loading gram matrix is singular (pivot 2 is 0)`; pivots are 0-based.
 *
 * @example
 * ```ts
 * try { inverse(a, { name: 'W' }); } catch (e) { if (e instanceof SingularMatrixError) console.log(e.pivot); }
 * ```
 */
export class SingularMatrixError extends Error {
  /** The name of the matrix as given to the caller (default `"matrix"`). */
  readonly matrixName: string;
  /** 0-based elimination step at which the largest remaining pivot candidate was 0 or not finite. */
  readonly pivot: number;
  /** That pivot value. */
  readonly pivotValue: number;

  /**
   * The error with its one-line message `<matrixName> is singular (pivot <pivot> is <pivotValue>)`.
   * @param matrixName - What the matrix is, e.g. `loading gram matrix`.
   * @param pivot - 0-based elimination step that failed.
   * @param pivotValue - The pivot found there (0 or not finite).
   */
  constructor(matrixName: string, pivot: number, pivotValue: number) {
    super(`${matrixName} is singular (pivot ${pivot} is ${shortNumber(pivotValue)})`);
    this.name = 'SingularMatrixError';
    this.matrixName = matrixName;
    this.pivot = pivot;
    this.pivotValue = pivotValue;
  }
}

/** Result of {@link luDecompose}: P·A = L·U packed into one matrix. */
export interface LuDecomposition {
  /** Unit-lower L (strictly below the diagonal) and U (on and above it), packed row-major. */
  lu: Matrix;
  /** Row permutation: row i of P·A is row `perm[i]` of A. */
  perm: Int32Array;
  /** Determinant sign of P (±1). */
  sign: number;
}

/**
 * LU factorisation with partial pivoting (Doolittle, row-major): P·A = L·U, choosing at step k the row
 * with the largest |A₍ᵢₖ₎| (i ≥ k) as pivot, so |Lᵢⱼ| ≤ 1.
 *
 * @param a - Square n×n matrix.
 * @param options - `name` used in the error message (default `"matrix"`).
 * @returns The packed factors and the permutation.
 * @throws {@link SingularMatrixError} when a pivot is exactly 0 or not finite.
 * @example
 * ```ts
 * const { lu, perm } = luDecompose(fromRows([[0, 1], [1, 0]]));
 * ```
 */
export function luDecompose(a: Matrix, options: { name?: string } = {}): LuDecomposition {
  assertSquare(a, 'luDecompose');
  const n = a.rows;
  const d = Float64Array.from(a.data);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(d[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(d[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (!(best > 0) || !Number.isFinite(best)) throw new SingularMatrixError(options.name ?? 'matrix', k, d[p * n + k]);
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = d[k * n + j];
        d[k * n + j] = d[p * n + j];
        d[p * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
      sign = -sign;
    }
    const pivot = d[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = d[i * n + k] / pivot;
      d[i * n + k] = f;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) d[i * n + j] -= f * d[k * n + j];
    }
  }
  return { lu: { rows: n, cols: n, data: d }, perm, sign };
}

/**
 * Inverse of a general square matrix via LU with partial pivoting: solves L·U·X = P for X = A⁻¹.
 *
 * Singularity is detected only as an exactly zero pivot (as LAPACK `getrf`); nearly singular matrices give a large,
 * inaccurate inverse. Prefer {@link inverseSpd} for symmetric positive definite matrices.
 *
 * @param a - Square n×n matrix.
 * @param options - `name` used in the error message (default `"matrix"`).
 * @returns A⁻¹.
 * @throws {@link SingularMatrixError} when A is singular.
 * @example
 * ```ts
 * inverse(fromRows([[0, 2], [1, 0]])); // [[0, 1], [0.5, 0]]
 * ```
 */
export function inverse(a: Matrix, options: { name?: string } = {}): Matrix {
  const { lu, perm } = luDecompose(a, options);
  const n = a.rows;
  const d = lu.data;
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + perm[i]] = 1;
  for (let i = 0; i < n; i++) {
    const xi = i * n;
    for (let k = 0; k < i; k++) {
      const f = d[xi + k];
      if (f === 0) continue;
      const xk = k * n;
      for (let j = 0; j < n; j++) x[xi + j] -= f * x[xk + j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const xi = i * n;
    for (let k = i + 1; k < n; k++) {
      const f = d[xi + k];
      if (f === 0) continue;
      const xk = k * n;
      for (let j = 0; j < n; j++) x[xi + j] -= f * x[xk + j];
    }
    const piv = d[xi + i];
    for (let j = 0; j < n; j++) x[xi + j] /= piv;
  }
  return { rows: n, cols: n, data: x };
}
