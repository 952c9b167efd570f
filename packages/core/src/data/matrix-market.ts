import type { CountDataset } from './dataset.js';
import { DataError, quoteCell } from './data-error.js';
import { readTextFile } from './read-text.js';

/** Options of {@link loadMatrixMarket}. */
export interface MatrixMarketOptions {
  /** File with one vocabulary term per line, one per column. */
  readonly vocabulary?: string;
  /** File with one row (document) name per line, one per row. */
  readonly rowNames?: string;
  /** The file stores terms × documents (as UCI's bag-of-words files do): swap rows and columns while reading. */
  readonly transpose?: boolean;
  /** Require non-negative integer entries (default `true`, as a count matrix promises). */
  readonly counts?: boolean;
}

/** Options of {@link parseMatrixMarket}. */
export interface ParseMatrixMarketOptions {
  /** File name for messages and `source` (default `'<text>'`). */
  readonly source?: string;
  /** The text stores terms × documents: swap rows and columns while reading (default `false`). */
  readonly transpose?: boolean;
  /** Require non-negative integer entries (default `true`, as a count matrix promises). */
  readonly counts?: boolean;
}

/**
 * Read a sparse count matrix (documents × terms) from a Matrix Market coordinate file.
 *
 * Accepts `%%MatrixMarket matrix coordinate (real|integer|pattern) general`: `%` comment lines, a size line
 * `M N NNZ`, then `NNZ` lines `i j value` with 1-based indices checked against the size line. Duplicate entries
 * are summed and explicit zeros dropped; the result is in CSR form with column indices sorted within each row.
 * Optional vocabulary and row-name files (one entry per line) must match the matrix size.
 *
 * @example
 * ```ts
 * const docs = await loadMatrixMarket('counts.mtx', { vocabulary: 'vocab.txt' });
 * docs.vocabulary?.length === docs.nCols; // true
 * ```
 */
export async function loadMatrixMarket(path: string, options: MatrixMarketOptions = {}): Promise<CountDataset> {
  const ds = parseMatrixMarket(await readTextFile(path), { source: path, transpose: options.transpose, counts: options.counts });
  const vocabulary =
    options.vocabulary === undefined
      ? undefined
      : parseNameList(await readTextFile(options.vocabulary), options.vocabulary, ds.nCols, `terms (one per line) to match the ${ds.nCols} columns of ${path}`);
  const rowNames =
    options.rowNames === undefined
      ? undefined
      : parseNameList(await readTextFile(options.rowNames), options.rowNames, ds.nRows, `names (one per line) to match the ${ds.nRows} rows of ${path}`);
  return { ...ds, ...(vocabulary ? { vocabulary } : {}), ...(rowNames ? { rowNames } : {}) };
}

/**
 * Split a list file into one name per line and check the count; a trailing newline is allowed, blank lines are not.
 * @param what Completes "expected N ..." in the error message.
 */
export function parseNameList(text: string, file: string, expected: number, what: string): string[] {
  const lines = text
    .replace(/^\ufeff/, '')
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const blank = lines.findIndex((l) => l.trim() === '');
  if (blank >= 0) throw new DataError('empty line (expected one name per line)', { file, line: blank + 1 });
  if (lines.length !== expected) throw new DataError(`expected ${expected} ${what}, got ${lines.length}`, { file });
  return lines.map((l) => l.trim());
}

/** Parse Matrix Market coordinate text; see {@link loadMatrixMarket}. */
export function parseMatrixMarket(text: string, options: ParseMatrixMarketOptions = {}): CountDataset {
  const file = options.source ?? '<text>';
  const counts = options.counts ?? true;
  const lines = text.replace(/^\ufeff/, '').split('\n');
  const err = (detail: string, line?: number): never => {
    throw new DataError(detail, { file, line });
  };
  if (lines.length === 1 && lines[0].trim() === '') err('empty file (expected a %%MatrixMarket banner line)');

  const banner = lines[0]
    .trim()
    .split(/\s+/)
    .map((t) => t.toLowerCase());
  if (banner[0] !== '%%matrixmarket' || banner.length !== 5) {
    err(`expected a '%%MatrixMarket matrix coordinate integer general' banner, got ${quoteCell(lines[0].trim())}`, 1);
  }
  const [, object, format, field, symmetry] = banner;
  if (object !== 'matrix') err(`expected object 'matrix', got '${object}'`, 1);
  if (format !== 'coordinate') err(`expected format 'coordinate' (sparse), got '${format}'`, 1);
  if (field !== 'real' && field !== 'integer' && field !== 'pattern') err(`expected field 'real', 'integer' or 'pattern', got '${field}'`, 1);
  if (symmetry !== 'general') err(`expected symmetry 'general', got '${symmetry}'`, 1);
  const pattern = field === 'pattern';

  let ln = 1;
  while (ln < lines.length && (lines[ln].trim() === '' || lines[ln].startsWith('%'))) ln++;
  if (ln >= lines.length) err('missing the size line "rows columns entries"');
  const sizeLine = ln + 1;
  const size = lines[ln].trim().split(/\s+/);
  const [m, n, nnz] = size.map(Number);
  if (size.length !== 3 || ![m, n, nnz].every((v) => Number.isInteger(v) && v >= 0)) {
    err(`expected a size line "rows columns entries" of three non-negative integers, got ${quoteCell(lines[ln].trim())}`, sizeLine);
  }
  const nRows = options.transpose ? n : m;
  const nCols = options.transpose ? m : n;

  const rows = new Int32Array(nnz);
  const cols = new Int32Array(nnz);
  const vals = new Float64Array(nnz);
  let k = 0;
  for (ln = ln + 1; ln < lines.length; ln++) {
    const raw = lines[ln];
    const t = raw.trim();
    if (t === '' || t.startsWith('%')) continue;
    const line = ln + 1;
    if (k === nnz) err(`more entries than the ${nnz} the size line (line ${sizeLine}) declares`, line);
    const parts = t.split(/\s+/);
    if (parts.length !== (pattern ? 2 : 3)) err(`expected "row column${pattern ? '' : ' value'}", got ${quoteCell(t)}`, line);
    const i = Number(parts[0]);
    const j = Number(parts[1]);
    if (!Number.isInteger(i) || i < 1 || i > m) err(`row index ${parts[0]} is outside 1..${m} (the size line says ${m} rows)`, line);
    if (!Number.isInteger(j) || j < 1 || j > n) err(`column index ${parts[1]} is outside 1..${n} (the size line says ${n} columns)`, line);
    let v = 1;
    if (!pattern) {
      v = parts[2] === '' ? NaN : Number(parts[2]);
      if (!Number.isFinite(v)) err(`expected a number, got ${quoteCell(parts[2])}`, line);
      if (counts && (v < 0 || !Number.isInteger(v))) err(`expected a non-negative integer count, got ${parts[2]}`, line);
      if (field === 'integer' && !Number.isInteger(v)) err(`expected an integer (the banner says 'integer'), got ${parts[2]}`, line);
    }
    rows[k] = (options.transpose ? j : i) - 1;
    cols[k] = (options.transpose ? i : j) - 1;
    vals[k] = v;
    k++;
  }
  if (k < nnz) err(`the size line declares ${nnz} entries but the file has ${k}`, sizeLine);
  return { kind: 'counts', ...cooToCsr(nRows, nCols, rows, cols, vals), source: file };
}

/**
 * Convert coordinate (COO) triplets to CSR with sorted column indices, summing duplicates and dropping zeros.
 * Two counting sorts (by column, then stably by row) give column-sorted rows without comparisons.
 */
export function cooToCsr(
  nRows: number,
  nCols: number,
  rows: Int32Array,
  cols: Int32Array,
  vals: Float64Array,
): {
  /** Number of rows, as given. */
  nRows: number;
  /** Number of columns, as given. */
  nCols: number;
  /** Row pointers, `nRows + 1` offsets: row i holds entries `indptr[i] .. indptr[i + 1] − 1`. */
  indptr: Int32Array;
  /** Column index of each entry, ascending within each row, in [0, nCols). */
  indices: Int32Array;
  /** Value of each entry: the sum of the triplets at that cell, never 0. */
  data: Float64Array;
} {
  const nnz = rows.length;
  const colStart = new Int32Array(nCols + 1);
  for (let e = 0; e < nnz; e++) colStart[cols[e] + 1]++;
  for (let j = 0; j < nCols; j++) colStart[j + 1] += colStart[j];
  const byCol = new Int32Array(nnz);
  for (let e = 0; e < nnz; e++) byCol[colStart[cols[e]]++] = e;

  const rowStart = new Int32Array(nRows + 1);
  for (let e = 0; e < nnz; e++) rowStart[rows[e] + 1]++;
  for (let i = 0; i < nRows; i++) rowStart[i + 1] += rowStart[i];
  const order = new Int32Array(nnz);
  const fill = rowStart.slice(0, nRows);
  for (let q = 0; q < nnz; q++) {
    const e = byCol[q];
    order[fill[rows[e]]++] = e;
  }

  const indptr = new Int32Array(nRows + 1);
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  let out = 0;
  for (let i = 0; i < nRows; i++) {
    const start = out;
    for (let q = rowStart[i]; q < rowStart[i + 1]; q++) {
      const e = order[q];
      if (out > start && indices[out - 1] === cols[e]) data[out - 1] += vals[e];
      else {
        indices[out] = cols[e];
        data[out] = vals[e];
        out++;
      }
    }
    let w = start;
    for (let q = start; q < out; q++) {
      if (data[q] !== 0) {
        indices[w] = indices[q];
        data[w] = data[q];
        w++;
      }
    }
    out = w;
    indptr[i + 1] = out;
  }
  return { nRows, nCols, indptr, indices: indices.slice(0, out), data: data.slice(0, out) };
}
