import { assertSquare, type Matrix } from './matrix.js';

const DEFAULT_HINT = 'add jitter or increase regCovar';

/** Formats a number with three significant digits and no trailing zeros (`-1.2e-8`, `0`, `NaN`). */
export function shortNumber(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(3))) : String(x);
}

/**
 * Thrown when a Cholesky factorisation meets a pivot that is not strictly positive (or is NaN).
 *
 * The message is one line, e.g.
 * `covariance of component 2 is not positive definite (pivot 3 is -1.2e-8); add jitter or increase regCovar`.
 * Pivots are 0-based: pivot j is Aⱼⱼ − Σₖ₍ₖ₌₀..ⱼ₋₁₎ Lⱼₖ², the value whose square root would become Lⱼⱼ.
 *
 * @example
 * ```ts
 * try { cholesky(a, { name: 'covariance' }); }
 * catch (e) { if (e instanceof NotPositiveDefiniteError) console.log(e.pivot, e.pivotValue); }
 * ```
 */
export class NotPositiveDefiniteError extends Error {
  /** The name of the matrix as given to {@link cholesky} (default `"matrix"`). */
  readonly matrixName: string;
  /** 0-based index of the failing pivot. */
  readonly pivot: number;
  /** The failing pivot value (≤ 0 or NaN), of A + jitter·I when jitter was added. */
  readonly pivotValue: number;
  /** Total jitter on the diagonal in the last failed attempt (0 when none was added). */
  readonly jitter: number;

  /**
   * The error with its one-line message.
   * @param matrixName - What the matrix is, e.g. `covariance of component 2`.
   * @param pivot - 0-based index of the failing pivot.
   * @param pivotValue - Its value (≤ 0 or NaN).
   * @param jitter - Total jitter on the diagonal in the failed attempt (default 0: none, and not mentioned).
   * @param hint - What to do about it, after `; ` (default `add jitter or increase regCovar`; empty for none).
   */
  constructor(matrixName: string, pivot: number, pivotValue: number, jitter = 0, hint = DEFAULT_HINT) {
    const withJitter = jitter > 0 ? ` even with jitter ${shortNumber(jitter)} on the diagonal` : '';
    super(`${matrixName} is not positive definite (pivot ${pivot} is ${shortNumber(pivotValue)})${withJitter}` + (hint ? `; ${hint}` : ''));
    this.name = 'NotPositiveDefiniteError';
    this.matrixName = matrixName;
    this.pivot = pivot;
    this.pivotValue = pivotValue;
    this.jitter = jitter;
  }
}

/** Options of {@link cholesky} and {@link choleskyWithJitter}. */
export interface CholeskyOptions {
  /** Name of the matrix used in error messages (default `"matrix"`). */
  name?: string;
  /** Remedy appended to the error message after `; ` (default `"add jitter or increase regCovar"`, `""` for none). */
  hint?: string;
  /**
   * Base jitter δ. When the plain factorisation fails, retry with δ·10ᵗ added to the diagonal for t = 0 … maxJitterTries − 1.
   * For {@link cholesky} it defaults to 0 (no retry); for {@link choleskyWithJitter} to 1e-10.
   */
  jitter?: number;
  /** Number of jittered retries (default 5). */
  maxJitterTries?: number;
}

/** Result of {@link choleskyWithJitter}. */
export interface CholeskyWithJitterResult {
  /** Lower-triangular factor with A + jitterAdded·I = L·Lᵀ. */
  L: Matrix;
  /** The jitter that was added to the diagonal (0 when A itself was positive definite). */
  jitterAdded: number;
}

function factor(a: Matrix, shift: number): Matrix | { pivot: number; value: number } {
  const n = a.rows;
  const ad = a.data;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const li = i * n;
    for (let j = 0; j <= i; j++) {
      const lj = j * n;
      let s = ad[li + j];
      for (let k = 0; k < j; k++) s -= l[li + k] * l[lj + k];
      if (i === j) {
        s += shift;
        if (!(s > 0)) return { pivot: i, value: s };
        l[li + i] = Math.sqrt(s);
      } else {
        l[li + j] = s / l[lj + j];
      }
    }
  }
  return { rows: n, cols: n, data: l };
}

/**
 * Cholesky factorisation of a symmetric positive definite matrix, A = L·Lᵀ with L lower triangular and Lᵢᵢ > 0.
 *
 * Only the lower triangle of `a` is read. Computed row by row (Cholesky–Banachiewicz):
 * Lᵢⱼ = (Aᵢⱼ − Σₖ₍ₖ<ⱼ₎ Lᵢₖ Lⱼₖ) / Lⱼⱼ and Lᵢᵢ = √(Aᵢᵢ − Σₖ₍ₖ<ᵢ₎ Lᵢₖ²), in n³/3 flops.
 * With `jitter` set, a failed factorisation is retried as in {@link choleskyWithJitter} and only L is returned.
 *
 * @param a - Symmetric positive definite n×n matrix.
 * @param options - `name` for the error message, optional `jitter`/`maxJitterTries`.
 * @returns Lower-triangular L.
 * @throws {@link NotPositiveDefiniteError} when a pivot is ≤ 0 or NaN (after all jitter tries).
 * @example
 * ```ts
 * const L = cholesky(fromRows([[4, 2], [2, 3]]), { name: 'covariance' }); // [[2, 0], [1, √2]]
 * ```
 */
export function cholesky(a: Matrix, options: CholeskyOptions = {}): Matrix {
  if (options.jitter !== undefined && options.jitter > 0) return choleskyWithJitter(a, options).L;
  assertSquare(a, 'cholesky');
  const r = factor(a, 0);
  if ('pivot' in r) throw new NotPositiveDefiniteError(options.name ?? 'matrix', r.pivot, r.value, 0, options.hint);
  return r;
}

/**
 * Cholesky factorisation with diagonal jitter: finds the smallest ε in {0, δ, 10δ, …, 10^(T−1)·δ}
 * (δ = `jitter`, T = `maxJitterTries`) such that A + ε·I = L·Lᵀ succeeds, and reports ε.
 *
 * @param a - Symmetric n×n matrix, expected to be positive (semi-)definite; only the lower triangle is read.
 * @param options - `name`, `jitter` (default 1e-10), `maxJitterTries` (default 5).
 * @returns `{ L, jitterAdded }`.
 * @throws {@link NotPositiveDefiniteError} from the last (largest-jitter) attempt when all fail.
 * @example
 * ```ts
 * const { L, jitterAdded } = choleskyWithJitter(fromRows([[1, 1], [1, 1]]), { jitter: 1e-8 }); // jitterAdded 1e-8
 * ```
 */
export function choleskyWithJitter(a: Matrix, options: CholeskyOptions = {}): CholeskyWithJitterResult {
  assertSquare(a, 'choleskyWithJitter');
  const base = options.jitter ?? 1e-10;
  const tries = options.maxJitterTries ?? 5;
  if (!(base >= 0) || !Number.isInteger(tries) || tries < 0) {
    throw new RangeError(`choleskyWithJitter: need jitter ≥ 0 and an integer maxJitterTries ≥ 0, got ${base} and ${tries}`);
  }
  let r = factor(a, 0);
  let shift = 0;
  for (let t = 0; 'pivot' in r && t < tries && base > 0; t++) {
    shift = base * 10 ** t;
    r = factor(a, shift);
  }
  if ('pivot' in r) throw new NotPositiveDefiniteError(options.name ?? 'matrix', r.pivot, r.value, shift, options.hint);
  return { L: r, jitterAdded: shift };
}
