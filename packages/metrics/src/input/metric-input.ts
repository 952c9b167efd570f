import type { DenseDataset, Matrix } from '@latentkit/core';
import type { LatentMatrix } from '@latentkit/registry';

/**
 * A matrix a metric accepts, rows being samples (or features, for loading matrices): a model's `transform`
 * output, a dense dataset, a core {@link Matrix}, or an array of equally long rows.
 */
export type MatrixInput = LatentMatrix | DenseDataset | Matrix | readonly (readonly number[])[];

/** A metric input in one shape: row-major float64 values with column names. */
export interface Table {
  /** Number of rows N (samples, or features of a loading matrix). */
  readonly nRows: number;
  /** Number of columns. */
  readonly nCols: number;
  /** The N × nCols values, row-major. */
  readonly values: Float64Array;
  /** The column names (`x1..` when the input had none). */
  readonly columns: readonly string[];
  /** How error messages name it: `truth` or `pred`, followed by the dataset's `source` in parentheses when it has one. */
  readonly name: string;
  /** 1-based file line of each row, when the matrix came from a delimited file. */
  readonly lines?: Int32Array;
}

/**
 * Which dimension of the two inputs must agree: the rows (samples, or features of loading matrices), the columns
 * (coherence: documents × words against topics × words), or both.
 */
export type Alignment = 'rows' | 'columns' | 'shape';

/** Convert any {@link MatrixInput} to a {@link Table} (values are not copied when already a Float64Array). */
export function toTable(input: MatrixInput, key: string, name: string): Table {
  if (Array.isArray(input)) {
    const rows = input as readonly (readonly number[])[];
    const nCols = rows.length === 0 ? 0 : rows[0].length;
    const values = new Float64Array(rows.length * nCols);
    rows.forEach((row, i) => {
      if (row.length !== nCols) throw new Error(`${key}: ${name} row ${i + 1} has ${row.length} values, expected ${nCols}`);
      for (let j = 0; j < nCols; j++) values[i * nCols + j] = row[j];
    });
    return { nRows: rows.length, nCols, values, columns: genericColumns(nCols), name };
  }
  if ('data' in input && 'rows' in input) return { nRows: input.rows, nCols: input.cols, values: input.data, columns: genericColumns(input.cols), name };
  const m = input as LatentMatrix | DenseDataset;
  if (m.values.length !== m.nRows * m.nCols) throw new Error(`${key}: ${name} is ${m.nRows}x${m.nCols} but holds ${m.values.length} values`);
  const columns = m.columns?.length === m.nCols ? m.columns : genericColumns(m.nCols);
  const lines = 'lines' in m && m.lines?.length === m.nRows ? m.lines : undefined;
  const source = 'source' in m && m.source ? ` (${m.source})` : '';
  return { nRows: m.nRows, nCols: m.nCols, values: m.values, columns, name: `${name}${source}`, ...(lines && { lines }) };
}

function genericColumns(n: number): string[] {
  return Array.from({ length: n }, (_, j) => `x${j + 1}`);
}

/**
 * Convert and check a metric's two inputs: both non-empty, every value finite, and the same number of rows
 * (or columns, or both, by `align`). Every failure is one line naming the metric and the argument (with the
 * dataset's `source`, which the CLI sets to `--true file` / `--pred file`), e.g.
 * `metrics/mig: truth has 100 rows but pred has 99` or
 * `metrics/mcc: pred (--pred codes.csv) has a missing value (NaN) at line 5, column 'z2'`.
 */
export function checkInputs(
  key: string,
  truth: MatrixInput,
  pred: MatrixInput,
  align: Alignment = 'rows',
): {
  /** `truth` as a checked table, named `truth`. */
  truth: Table;
  /** `pred` as a checked table, named `pred`. */
  pred: Table;
} {
  const t = toTable(truth, key, 'truth');
  const p = toTable(pred, key, 'pred');
  requireNonEmpty(key, t);
  requireNonEmpty(key, p);
  if (align !== 'columns' && t.nRows !== p.nRows) throw new Error(`${key}: ${t.name} has ${t.nRows} rows but ${p.name} has ${p.nRows}`);
  if (align !== 'rows' && t.nCols !== p.nCols) throw new Error(`${key}: ${t.name} has ${t.nCols} columns but ${p.name} has ${p.nCols}`);
  requireFiniteValues(key, t);
  requireFiniteValues(key, p);
  return { truth: t, pred: p };
}

function requireNonEmpty(key: string, t: Table): void {
  if (t.nRows === 0) throw new Error(`${key}: ${t.name} has no rows`);
  if (t.nCols === 0) throw new Error(`${key}: ${t.name} has no columns`);
}

function requireFiniteValues(key: string, t: Table): void {
  const v = t.values;
  for (let q = 0; q < v.length; q++) {
    if (v[q] - v[q] === 0) continue;
    const i = Math.floor(q / t.nCols);
    const j = q % t.nCols;
    const what = Number.isNaN(v[q]) ? 'a missing value (NaN)' : `an infinite value (${v[q]})`;
    const where = t.lines ? `line ${t.lines[i]}` : `row ${i + 1}`;
    throw new Error(`${key}: ${t.name} has ${what} at ${where}, column '${t.columns[j]}'`);
  }
}

/** Column `j` of a table as a new array, over the rows `rows` (all rows when omitted). */
export function column(t: Table, j: number, rows?: ArrayLike<number>): Float64Array {
  const n = rows ? rows.length : t.nRows;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) out[r] = t.values[(rows ? rows[r] : r) * t.nCols + j];
  return out;
}

/** The rows `rows` of a table, as a new table. */
export function selectRows(t: Table, rows: ArrayLike<number>): Table {
  const values = new Float64Array(rows.length * t.nCols);
  for (let r = 0; r < rows.length; r++) values.set(t.values.subarray(rows[r] * t.nCols, (rows[r] + 1) * t.nCols), r * t.nCols);
  return { nRows: rows.length, nCols: t.nCols, values, columns: t.columns, name: t.name };
}

/** The columns `[from, to)` of a table, as a new table. */
export function selectColumns(t: Table, from: number, to: number): Table {
  const nCols = to - from;
  const values = new Float64Array(t.nRows * nCols);
  for (let i = 0; i < t.nRows; i++) values.set(t.values.subarray(i * t.nCols + from, i * t.nCols + to), i * nCols);
  return { nRows: t.nRows, nCols, values, columns: t.columns.slice(from, to), name: t.name };
}
