import type { Dataset, DenseDataset } from './dataset.js';
import { DataError, listNames, MissingValueError, type DataLocation } from './data-error.js';

function cellLocation(ds: Dataset, row: number, col: number): DataLocation {
  const file = ds.source ?? '<data>';
  const name = ds.kind === 'dense' ? ds.columns[col] : (ds.vocabulary?.[col] ?? `column ${col + 1}`);
  const line = ds.kind === 'dense' ? ds.lines?.[row] : undefined;
  return line === undefined ? { file, row: row + 1, column: name, columnIndex: col + 1 } : { file, line, column: name, columnIndex: col + 1 };
}

/** The first stored value (all cells of a dense dataset, the stored entries of a CSR one) for which `bad` holds. */
function findCell(ds: Dataset, bad: (v: number) => boolean): { row: number; col: number; value: number } | undefined {
  if (ds.kind === 'dense') {
    const { values, nCols } = ds;
    for (let q = 0; q < values.length; q++) {
      if (bad(values[q])) return { row: Math.floor(q / nCols), col: q % nCols, value: values[q] };
    }
    return undefined;
  }
  for (let i = 0; i < ds.nRows; i++) {
    for (let q = ds.indptr[i]; q < ds.indptr[i + 1]; q++) {
      if (bad(ds.data[q])) return { row: i, col: ds.indices[q], value: ds.data[q] };
    }
  }
  return undefined;
}

/**
 * Throw a {@link DataError} at the first NaN or infinite value, for models that do not accept missing values
 * (a NaN cell gives a {@link MissingValueError}). With `allowMissing`, NaN cells pass and only infinite values are rejected.
 * The message names the file, the line (or row), the column, and `what` (usually the model's registry key).
 * @example
 * ```ts
 * requireFinite(ds, 'factor/fa');
 * // data.csv:5: column 'waiting' (2): missing value (NaN), but factor/fa does not accept missing values
 * requireFinite(ds, 'mixture/gmm', { allowMissing: true });
 * // data.csv:7: column 'eruptions' (1): expected a finite number, got Infinity (mixture/gmm needs finite values)
 * ```
 */
export function requireFinite(ds: Dataset, what: string, options: { readonly allowMissing?: boolean } = {}): void {
  const hit = findCell(ds, options.allowMissing ? (v) => v === Infinity || v === -Infinity : (v) => !(v - v === 0));
  if (!hit) return;
  const where = cellLocation(ds, hit.row, hit.col);
  if (Number.isNaN(hit.value)) throw new MissingValueError('missing value (NaN)', `, but ${what} does not accept missing values`, where);
  throw new DataError(`expected a finite number, got ${hit.value} (${what} needs finite values)`, where);
}

/**
 * The largest magnitude a data value may have: √(float32 max) = √3.4028234663852886e38 ≈ 1.8446744e19.
 *
 * The tensor backends compute in float32, and every model squares its data somewhere (a Gaussian's
 * (x − μ)ᵀ Σ⁻¹ (x − μ), a covariance Σ xᵢ xᵢᵀ, a squared reconstruction error). A value above this bound has a square
 * that is +Infinity in float32, which surfaces much later as a NaN pivot, a covariance that is "not positive definite"
 * or an eigen-solver failure, far from the cell that caused it. Sums of many squares can still overflow below the
 * bound; it is the limit beyond which even one value cannot be used.
 */
export const FLOAT32_SAFE_MAX: number = Math.sqrt(3.4028234663852886e38);

/**
 * Throw a {@link DataError} at the first value no model can use: ±Infinity, or a finite value whose square overflows
 * float32 (|x| > {@link FLOAT32_SAFE_MAX} ≈ 1.84e19). NaN (a missing value) passes: whether it is accepted is the
 * model's decision ({@link requireFinite}). The message names the file, the line (or row) and the column.
 * @example
 * ```ts
 * requireFloat32Safe(ds);
 * // data.csv:7: column 'income' (2): 3e+20 is too large: its square overflows float32 (|x| must be at most 1.84e19); rescale the column
 * ```
 */
export function requireFloat32Safe(ds: Dataset): void {
  const hit = findCell(ds, (v) => v > FLOAT32_SAFE_MAX || v < -FLOAT32_SAFE_MAX);
  if (!hit) return;
  const detail = Number.isFinite(hit.value)
    ? `${hit.value.toExponential()} is too large: its square overflows float32 (|x| must be at most 1.84e19); rescale the column`
    : `expected a finite number, got ${hit.value} (leave the cell empty or write NA if the value is missing)`;
  throw new DataError(detail, cellLocation(ds, hit.row, hit.col));
}

/**
 * Throw a {@link DataError} at the first value that is not a non-negative integer (dense cells or CSR entries).
 * @example
 * ```ts
 * requireCounts(docs); // counts.mtx: row 3, column 'tax' (17): expected a non-negative integer count, got -1
 * ```
 */
export function requireCounts(ds: Dataset): void {
  const hit = findCell(ds, (v) => !(v >= 0 && Number.isInteger(v)));
  if (!hit) return;
  throw new DataError(`expected a non-negative integer count, got ${hit.value}`, cellLocation(ds, hit.row, hit.col));
}

const isGeneric = (names: readonly string[]): boolean => names.every((n, j) => n === `x${j + 1}`);

/**
 * Check that `ds` has the columns a saved model was trained on, and return it with those columns in that order.
 *
 * If every expected name is present the columns are selected and reordered by name. Headerless data (`x1..xD`)
 * or a model trained on headerless data only needs the same number of columns. Count data needs the same number
 * of columns and, when both have one, the same vocabulary.
 * @param modelName Shown in the message, e.g. the registry key `mixture/gmm`.
 * @throws {@link DataError} such as `data.csv: mixture/gmm expects 4 columns (a, b, c, d) but data.csv has 3 (a, b, c)`.
 * @example
 * ```ts
 * const aligned = requireColumns(newData, saved.data.columns, saved.key);
 * ```
 */
export function requireColumns<D extends Dataset>(ds: D, expectedCols: readonly string[], modelName: string): D {
  const file = ds.source ?? '<data>';
  const expected = `${modelName} expects ${expectedCols.length} columns (${listNames(expectedCols)})`;
  if (ds.kind === 'counts') {
    if (ds.nCols !== expectedCols.length) throw new DataError(`${expected} but ${file} has ${ds.nCols}`, { file });
    if (ds.vocabulary) {
      const j = ds.vocabulary.findIndex((t, q) => t !== expectedCols[q]);
      if (j >= 0 && !isGeneric(expectedCols)) {
        throw new DataError(`${modelName} was trained on another vocabulary: column ${j + 1} is '${ds.vocabulary[j]}', expected '${expectedCols[j]}'`, {
          file,
        });
      }
    }
    return ds;
  }
  const cols = ds.columns;
  if (cols.length === expectedCols.length && cols.every((c, j) => c === expectedCols[j])) return ds;
  const index = new Map(cols.map((c, j) => [c, j]));
  const missing = expectedCols.filter((c) => !index.has(c));
  if (missing.length === 0)
    return selectColumns(
      ds,
      expectedCols.map((c) => index.get(c)!),
    ) as D;
  if (cols.length === expectedCols.length && (isGeneric(cols) || isGeneric(expectedCols))) return ds;
  if (cols.length !== expectedCols.length) throw new DataError(`${expected} but ${file} has ${cols.length} (${listNames(cols)})`, { file });
  throw new DataError(`${expected} but ${file} lacks ${listNames(missing)} (it has ${listNames(cols)})`, { file });
}

function selectColumns(ds: DenseDataset, idx: readonly number[]): DenseDataset {
  const d = idx.length;
  const values = new Float64Array(ds.nRows * d);
  for (let i = 0; i < ds.nRows; i++) for (let j = 0; j < d; j++) values[i * d + j] = ds.values[i * ds.nCols + idx[j]];
  return { ...ds, nCols: d, values, columns: idx.map((j) => ds.columns[j]) };
}

/**
 * The dataset as a dense matrix, for models that need one; count (CSR) data is a one-line error naming the model.
 * @example
 * ```ts
 * const { nRows, nCols, values } = requireDense(data, 'mixture/gmm');
 * // on a .mtx: mixture/gmm needs a dense numeric matrix, got a count matrix
 * ```
 */
export function requireDense(data: Dataset, who: string): DenseDataset {
  if (data.kind !== 'dense') throw new Error(`${who} needs a dense numeric matrix, got a count matrix`);
  return data;
}
