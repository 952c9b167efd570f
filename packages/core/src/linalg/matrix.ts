/**
 * A dense float64 matrix stored row-major: entry (i, j) is `data[i * cols + j]`.
 *
 * The linear-algebra helpers in `@latentkit/core` never mutate their inputs and always return fresh matrices.
 *
 * @example
 * ```ts
 * const a = fromRows([[1, 2], [3, 4]]);
 * a.data[1 * a.cols + 0]; // 3
 * ```
 */
export interface Matrix {
  /** Number of rows, m ≥ 0. */
  readonly rows: number;
  /** Number of columns, n ≥ 0. */
  readonly cols: number;
  /** The m·n entries, row-major: entry (i, j) is `data[i * cols + j]`. */
  readonly data: Float64Array;
}

/**
 * Creates a `rows × cols` matrix, zero-filled or wrapping `data` (row-major, not copied).
 *
 * @param rows - Number of rows.
 * @param cols - Number of columns.
 * @param data - Optional row-major entries of length `rows · cols`; a `number[]` is copied into a `Float64Array`.
 * @example
 * ```ts
 * const z = matrix(2, 3);                 // 2×3 zeros
 * const a = matrix(2, 2, [1, 2, 3, 4]);   // [[1, 2], [3, 4]]
 * ```
 */
export function matrix(rows: number, cols: number, data?: Float64Array | readonly number[]): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`matrix: invalid shape ${rows}×${cols}`);
  }
  if (data === undefined) return { rows, cols, data: new Float64Array(rows * cols) };
  if (data.length !== rows * cols) {
    throw new RangeError(`matrix: ${rows}×${cols} needs ${rows * cols} entries, got ${data.length}`);
  }
  return { rows, cols, data: data instanceof Float64Array ? data : Float64Array.from(data) };
}

/**
 * Builds a matrix from an array of equally long rows.
 *
 * @param rows - The rows; all must have the same length.
 * @example
 * ```ts
 * fromRows([[1, 2], [3, 4]]); // 2×2
 * ```
 */
export function fromRows(rows: readonly (readonly number[] | Float64Array)[]): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const out = matrix(r, c);
  for (let i = 0; i < r; i++) {
    const row = rows[i];
    if (row.length !== c) throw new RangeError(`fromRows: row ${i} has ${row.length} entries, expected ${c}`);
    for (let j = 0; j < c; j++) out.data[i * c + j] = row[j];
  }
  return out;
}

/**
 * Converts a matrix to an array of rows (plain `number[]`), e.g. for JSON or tests.
 *
 * @param m - The matrix.
 * @example
 * ```ts
 * toRows(identity(2)); // [[1, 0], [0, 1]]
 * ```
 */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/**
 * The n×n identity matrix Iₙ.
 *
 * @param n - Size.
 * @example
 * ```ts
 * identity(3);
 * ```
 */
export function identity(n: number): Matrix {
  const out = matrix(n, n);
  for (let i = 0; i < n; i++) out.data[i * n + i] = 1;
  return out;
}

/**
 * The transpose Aᵀ, with (Aᵀ)ᵢⱼ = Aⱼᵢ.
 *
 * @param a - An m×n matrix.
 * @returns The n×m transpose.
 * @example
 * ```ts
 * transpose(fromRows([[1, 2, 3]])); // 3×1
 * ```
 */
export function transpose(a: Matrix): Matrix {
  const { rows, cols, data } = a;
  const out = new Float64Array(rows * cols);
  const block = 32;
  for (let i0 = 0; i0 < rows; i0 += block) {
    const i1 = Math.min(rows, i0 + block);
    for (let j0 = 0; j0 < cols; j0 += block) {
      const j1 = Math.min(cols, j0 + block);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) out[j * rows + i] = data[i * cols + j];
      }
    }
  }
  return { rows: cols, cols: rows, data: out };
}

/**
 * The matrix product C = A·B, with Cᵢⱼ = Σₖ Aᵢₖ Bₖⱼ (i-k-j loop order, so every inner loop is contiguous).
 *
 * @param a - An m×k matrix.
 * @param b - A k×n matrix.
 * @returns The m×n product.
 * @example
 * ```ts
 * matmul(fromRows([[1, 2]]), fromRows([[3], [4]])); // [[11]]
 * ```
 */
export function matmul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`matmul: shapes ${a.rows}×${a.cols} and ${b.rows}×${b.cols} do not align`);
  const m = a.rows;
  const kk = a.cols;
  const n = b.cols;
  const ad = a.data;
  const bd = b.data;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const oi = i * n;
    for (let k = 0; k < kk; k++) {
      const aik = ad[i * kk + k];
      const bk = k * n;
      for (let j = 0; j < n; j++) out[oi + j] += aik * bd[bk + j];
    }
  }
  return { rows: m, cols: n, data: out };
}

/**
 * The matrix–vector product y = A·x, with yᵢ = Σⱼ Aᵢⱼ xⱼ.
 *
 * @param a - An m×n matrix.
 * @param x - A vector of length n.
 * @returns A vector of length m.
 * @example
 * ```ts
 * matvec(identity(2), new Float64Array([1, 2])); // Float64Array [1, 2]
 * ```
 */
export function matvec(a: Matrix, x: Float64Array | readonly number[]): Float64Array {
  if (a.cols !== x.length) throw new RangeError(`matvec: ${a.rows}×${a.cols} matrix and vector of length ${x.length} do not align`);
  const { rows, cols, data } = a;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * cols;
    for (let j = 0; j < cols; j++) s += data[o + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** Throws a RangeError naming `fn` unless `a` is square. */
export function assertSquare(a: Matrix, fn: string): void {
  if (a.rows !== a.cols) throw new RangeError(`${fn}: expected a square matrix, got ${a.rows}×${a.cols}`);
}
