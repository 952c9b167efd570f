import { requireDense } from '@latentkit/core';
import type { Dataset, DenseDataset } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { findMissingRows, type MissingRows } from './gmm-missing.js';
import { alignedRowBlocks } from './gmm-row-blocks.js';
import { ROW_BLOCK } from './gmm-stats.js';

/** Rows as float32 tensors, centred at `center` (in float64, before rounding to float32). */
export interface RowBlock {
  readonly x: tf.Tensor2D;
  readonly center: Float64Array;
}

/**
 * Data as the GMM engine uses it, built once per fit. Complete rows go to float32 tensors for the batched E-step;
 * rows with missing cells (NaN) are kept apart, grouped by pattern, for the exact float64 path of `gmm-missing.ts`.
 *
 * Memory: the rows live once in float64 (`values`, the caller's array) and twice in float32 in the tensor backend
 * (`blocks` and `blocksT`, 2·(D + 1)·4 bytes per row); nothing else of size N is kept. The initialisation (k-means)
 * and scoring work block by block on these or on blocks built from `values`, because on the wasm backend the heap
 * never shrinks: one transient N-sized tensor would raise the process's peak for good.
 */
export interface GmmData {
  /** All rows, complete or not. */
  readonly n: number;
  readonly d: number;
  /** The original rows (float64, NaN = missing). */
  readonly values: Float64Array;
  /** Column means c of the observed cells; the blocks hold x_i − c for the complete rows. */
  readonly center: Float64Array;
  /** Number of complete rows, the rows of `blocks`. */
  readonly nComplete: number;
  /** Row indices of the rows in `blocks`, or null when every row is complete (then the blocks hold all rows in order). */
  readonly completeRows: Int32Array | null;
  /**
   * The complete rows centred, x_i − c, each with a 1 appended (B×(D + 1)), cut into consecutive blocks of `ROW_BLOCK`
   * rows for the E-step, on the whole data's grid when the rows are a shard (`prepareGmmData`'s `firstRow`). Built
   * once: slicing a tensor on the wasm backend copies the whole tensor out of the heap each time.
   */
  readonly blocks: readonly tf.Tensor2D[];
  /** The same blocks transposed, (D + 1)×B, for the moments of `blockMoments`. */
  readonly blocksT: readonly tf.Tensor2D[];
  /** Rows with at least one missing cell, grouped by pattern; null when there are none. */
  readonly missing: MissingRows | null;
  /**
   * All rows with each missing cell replaced by its column's observed mean, for the initialisation only
   * (k-means, nearest-mean assignment); null when every row is complete (then `values` and `blocks` serve).
   */
  readonly imputed: Float64Array | null;
}

/**
 * Centre the rows, split complete rows from incomplete ones and upload the complete rows as row blocks. `firstRow`:
 * the rows are a shard that starts at this row of the whole data, and the blocks are cut on the whole data's grid
 * of `ROW_BLOCK` rows (`alignedRowBlocks`; default 0, the whole data).
 */
export function prepareGmmData(data: Dataset, center?: Float64Array, opts: { who?: string; firstRow?: number } = {}): GmmData {
  const who = opts.who ?? 'mixture/gmm';
  const ds = requireDense(data, who);
  const { nRows: n, nCols: d, values } = ds;
  const { complete, missing } = findRows(ds, who);
  const c = center ?? observedColumnMeans(ds);
  const rows = missing ? complete : null;
  const m = rows ? rows.length : n;
  const blocks: tf.Tensor2D[] = [];
  const blocksT: tf.Tensor2D[] = [];
  for (const { start, size } of alignedRowBlocks(m, opts.firstRow ?? 0, ROW_BLOCK)) {
    const withOne = centredBlock(values, rows, start, size, d, c, true);
    blocks.push(tf.tensor2d(withOne, [size, d + 1]));
    const transposed = new Float32Array((d + 1) * size);
    for (let i = 0; i < size; i++) for (let j = 0; j <= d; j++) transposed[j * size + i] = withOne[i * (d + 1) + j];
    blocksT.push(tf.tensor2d(transposed, [d + 1, size]));
  }
  return {
    n,
    d,
    values,
    center: c,
    nComplete: m,
    blocks,
    blocksT,
    completeRows: rows,
    missing,
    imputed: missing ? imputeRows(values, n, d, c) : null,
  };
}

/** The complete and incomplete rows of `ds`; an infinite cell is an error naming its file, line and column. */
export function findRows(ds: DenseDataset, who: string): { complete: Int32Array; missing: MissingRows | null } {
  const { nRows: n, nCols: d, values } = ds;
  return findMissingRows(
    values,
    n,
    d,
    (i, j) =>
      `${who}: ${ds.source ?? 'data'}${ds.lines ? `:${ds.lines[i]}` : ` row ${i + 1}`}, column '${ds.columns[j]}' is ${values[i * d + j]}; only finite numbers and NaN (missing) are accepted`,
  );
}

/**
 * Rows `rows[start .. start + size)` (or `start .. start + size` when `rows` is null) of `values` (N×D), centred at `c`
 * in float64 and rounded to float32, row-major; with `withOne`, each row has a 1 appended (size×(D + 1)).
 */
export function centredBlock(
  values: Float64Array,
  rows: Int32Array | null,
  start: number,
  size: number,
  d: number,
  c: Float64Array,
  withOne: boolean,
): Float32Array {
  const w = withOne ? d + 1 : d;
  const out = new Float32Array(size * w);
  for (let r = 0; r < size; r++) {
    const at = (rows ? rows[start + r] : start + r) * d;
    for (let j = 0; j < d; j++) out[r * w + j] = values[at + j] - c[j];
    if (withOne) out[r * w + d] = 1;
  }
  return out;
}

export function disposeGmmData(p: GmmData): void {
  tf.dispose([...p.blocks, ...p.blocksT] as tf.Tensor2D[]);
}

/** Mean of the observed cells of every column; a column with none is an error naming it. */
export function observedColumnMeans(ds: DenseDataset): Float64Array {
  const { nRows: n, nCols: d, values } = ds;
  const m = new Float64Array(d);
  const count = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = values[i * d + j];
      if (v === v) {
        m[j] += v;
        count[j] += 1;
      }
    }
  }
  for (let j = 0; j < d; j++) {
    if (count[j] === 0) throw new Error(`column '${ds.columns[j]}' of ${ds.source ?? 'the data'} has no observed values`);
    m[j] /= count[j];
  }
  return m;
}

function imputeRows(values: Float64Array, n: number, d: number, c: Float64Array): Float64Array {
  const filled = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) {
    const v = values[i];
    filled[i] = v === v ? v : c[i % d];
  }
  return filled;
}
