import type { CountDataset, Dataset, DenseDataset } from './dataset.js';
import { DataError } from './data-error.js';

/** Which part of a train/test split. */
export type SplitPart = 'train' | 'test';

/**
 * The latentkit split rule: row `i` (0-based, header not counted) is test iff `i % 5 == 4`, else train.
 * Deterministic, so no random generator is needed to reproduce it (an 80/20 split).
 * @example
 * ```ts
 * splitByRowIndex(6); // ['train', 'train', 'train', 'train', 'test', 'train']
 * ```
 */
export function splitByRowIndex(nRows: number): SplitPart[] {
  return Array.from({ length: nRows }, (_, i) => (i % 5 === 4 ? 'test' : 'train'));
}

/**
 * The rows of `ds` in one part of its split (the `split` column of its file).
 * Labels, factors, groups, row names and line numbers follow the rows.
 * @throws {@link DataError} if the dataset has no split.
 * @example
 * ```ts
 * const train = splitRows(await loadDenseCsv('faithful.csv'), 'train'); // 218 rows
 * ```
 */
export function splitRows<D extends Dataset>(ds: D, part: SplitPart): D {
  if (!ds.split) {
    throw new DataError(`no 'split' column with train/test values, so there is no ${part} part`, { file: ds.source ?? '<data>' });
  }
  const idx: number[] = [];
  ds.split.forEach((s, i) => {
    if (s === part) idx.push(i);
  });
  return selectRows(ds, idx);
}

/**
 * A new dataset holding rows `indices` of `ds` (in that order; repeats allowed). Labels, factors, groups, the
 * split, row names and line numbers follow the rows.
 * @example
 * ```ts
 * selectRows(ds, [0, 2]).nRows; // 2
 * ```
 */
export function selectRows<D extends Dataset>(ds: D, indices: readonly number[]): D {
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= ds.nRows) throw new RangeError(`row index ${i} is out of range 0..${ds.nRows - 1}`);
  }
  const pick = <T>(a: readonly T[] | undefined): T[] | undefined => (a ? indices.map((i) => a[i]) : undefined);
  const groups = ds.groups ? { name: ds.groups.name, values: indices.map((i) => ds.groups!.values[i]) } : undefined;
  if (ds.kind === 'dense') return { ...selectDense(ds, indices, pick), ...(groups && { groups }) } as D;
  return { ...selectCounts(ds, indices, pick), ...(groups && { groups }) } as D;
}

function selectDense(ds: DenseDataset, indices: readonly number[], pick: <T>(a: readonly T[] | undefined) => T[] | undefined): DenseDataset {
  const d = ds.nCols;
  const values = new Float64Array(indices.length * d);
  indices.forEach((i, r) => values.set(ds.values.subarray(i * d, (i + 1) * d), r * d));
  let factors: DenseDataset['factors'];
  if (ds.factors) {
    const k = ds.factors.names.length;
    const fv = new Float64Array(indices.length * k);
    indices.forEach((i, r) => fv.set(ds.factors!.values.subarray(i * k, (i + 1) * k), r * k));
    factors = { names: ds.factors.names, values: fv };
  }
  return withoutUndefined({
    ...ds,
    nRows: indices.length,
    values,
    labels: pick(ds.labels),
    factors,
    split: pick(ds.split),
    rowNames: pick(ds.rowNames),
    lines: ds.lines ? Int32Array.from(indices, (i) => ds.lines![i]) : undefined,
  });
}

function selectCounts(ds: CountDataset, indices: readonly number[], pick: <T>(a: readonly T[] | undefined) => T[] | undefined): CountDataset {
  const indptr = new Int32Array(indices.length + 1);
  indices.forEach((i, r) => (indptr[r + 1] = indptr[r] + ds.indptr[i + 1] - ds.indptr[i]));
  const nnz = indptr[indices.length];
  const colIdx = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  indices.forEach((i, r) => {
    colIdx.set(ds.indices.subarray(ds.indptr[i], ds.indptr[i + 1]), indptr[r]);
    data.set(ds.data.subarray(ds.indptr[i], ds.indptr[i + 1]), indptr[r]);
  });
  return withoutUndefined({ ...ds, nRows: indices.length, indptr, indices: colIdx, data, rowNames: pick(ds.rowNames), split: pick(ds.split) });
}

function withoutUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
