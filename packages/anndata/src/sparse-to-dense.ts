import type { NumericArray } from './h5-values.js';

/**
 * A compressed sparse matrix as anndata stores it (scipy's layout): for CSR, row `i` holds the entries
 * `indptr[i] .. indptr[i+1]-1` of `indices` (column indices) and `data`; for CSC the same with rows and columns swapped.
 */
export interface CompressedMatrix {
  /** Compression axis: `'csr'` stores rows as the major lines, `'csc'` stores columns (the h5ad `encoding-type`). */
  readonly format: 'csr' | 'csc';
  /** Number of rows of the dense matrix (observations in anndata), ≥ 0. */
  readonly nRows: number;
  /** Number of columns of the dense matrix (variables in anndata), ≥ 0. */
  readonly nCols: number;
  /**
   * Offsets into `indices`/`data`, one per major line plus one: line `i` holds entries `indptr[i] .. indptr[i+1]-1`;
   * `indptr[0] = 0`, non-decreasing, ending at the number of stored entries.
   */
  readonly indptr: NumericArray;
  /** The minor-axis index (column for CSR, row for CSC) of each stored entry, 0-based, in `0 .. nMinor-1`. */
  readonly indices: NumericArray;
  /** The value of each stored entry, aligned with `indices`; entries not stored are 0. */
  readonly data: NumericArray;
}

/**
 * What is wrong with a compressed matrix's arrays, or undefined when they are consistent: `indptr` has one entry
 * per major line (rows for CSR, columns for CSC) plus one, starts at 0, never decreases and ends at the number of
 * stored entries; `indices` and `data` have that many entries; every index lies inside the minor dimension.
 * @example
 * ```ts
 * compressedMatrixProblem({ format: 'csr', nRows: 1, nCols: 2, indptr: [0, 1], indices: [2], data: [1] });
 * // 'indices[0] = 2 is outside 0..1 (the shape has 2 columns)'
 * ```
 */
export function compressedMatrixProblem(m: CompressedMatrix): string | undefined {
  const csr = m.format === 'csr';
  const nMajor = csr ? m.nRows : m.nCols;
  const nMinor = csr ? m.nCols : m.nRows;
  const major = csr ? 'rows' : 'columns';
  const minor = csr ? 'columns' : 'rows';
  const { indptr, indices, data } = m;
  if (indptr.length !== nMajor + 1) return `indptr has ${indptr.length} entries, expected ${nMajor + 1} (the shape has ${nMajor} ${major})`;
  if (indptr[0] !== 0) return `indptr[0] is ${indptr[0]}, expected 0`;
  for (let i = 0; i < nMajor; i++) if (!(indptr[i + 1] >= indptr[i])) return `indptr decreases at entry ${i + 1} (${indptr[i]} then ${indptr[i + 1]})`;
  const nnz = indptr[nMajor];
  if (indices.length !== nnz || data.length !== nnz) {
    return `indptr ends at ${nnz} but indices has ${indices.length} entries and data ${data.length}; expected ${nnz} each`;
  }
  for (let k = 0; k < nnz; k++) {
    const q = indices[k];
    if (!(Number.isInteger(q) && q >= 0 && q < nMinor)) return `indices[${k}] = ${q} is outside 0..${nMinor - 1} (the shape has ${nMinor} ${minor})`;
  }
  return undefined;
}

/**
 * The dense row-major `nRows × nCols` matrix of a consistent compressed matrix (see {@link compressedMatrixProblem}),
 * written once into one `Float64Array`: x[i, j] = Σ data[k] over the stored entries k at (i, j). Duplicate entries
 * are summed, as scipy's `toarray()` does.
 * @example
 * ```ts
 * compressedToDense({ format: 'csr', nRows: 2, nCols: 2, indptr: [0, 1, 2], indices: [1, 0], data: [5, 7] });
 * // Float64Array [0, 5, 7, 0]
 * ```
 */
export function compressedToDense(m: CompressedMatrix): Float64Array {
  const { nRows, nCols, indptr, indices, data } = m;
  const out = new Float64Array(nRows * nCols);
  const csr = m.format === 'csr';
  const nMajor = csr ? nRows : nCols;
  for (let a = 0; a < nMajor; a++) {
    for (let k = indptr[a]; k < indptr[a + 1]; k++) {
      const b = indices[k];
      out[csr ? a * nCols + b : b * nCols + a] += data[k];
    }
  }
  return out;
}

/**
 * The coordinates (row, column) of every stored entry of a consistent compressed matrix, in storage order, for
 * `cooToCsr` of `@latentkit/core` (which sorts, sums duplicates and drops zeros).
 */
export function compressedCoordinates(m: CompressedMatrix): { rows: Int32Array; cols: Int32Array; vals: Float64Array } {
  const nnz = m.data.length;
  const major = new Int32Array(nnz);
  const nMajor = m.format === 'csr' ? m.nRows : m.nCols;
  for (let a = 0; a < nMajor; a++) major.fill(a, m.indptr[a], m.indptr[a + 1]);
  const minor = Int32Array.from(m.indices);
  const vals = Float64Array.from(m.data);
  return m.format === 'csr' ? { rows: major, cols: minor, vals } : { rows: minor, cols: major, vals };
}
