import { requireDense } from '@latentkit/core';
import type { Dataset, DenseDataset } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { findMissingRows, type MissingRows } from './gmm-missing.js';
import { ROW_BLOCK } from './gmm-stats.js';

/** Rows as float32 tensors, centred at `center` (in float64, before rounding to float32). */
export interface RowBlock {
  readonly x: tf.Tensor2D;
  readonly center: Float64Array;
}

/**
 * Data as the GMM engine uses it, built once per fit. Complete rows go to float32 tensors for the batched E-step;
 * rows with missing cells (NaN) are kept apart, grouped by pattern, for the exact float64 path of `gmm-missing.ts`.
 */
export interface GmmData extends RowBlock {
  /** All rows, complete or not. */
  readonly n: number;
  readonly d: number;
  /** The original rows (float64, NaN = missing). */
  readonly values: Float64Array;
  /** Column means c of the observed cells; `x` holds x_i − c for the complete rows. */
  readonly center: Float64Array;
  /** Row indices of the rows in `x`, or null when every row is complete (then `x` holds all rows in order). */
  readonly completeRows: Int32Array | null;
  /**
   * The rows of `x` again, each with a 1 appended (B×(D + 1)), cut into consecutive blocks of `ROW_BLOCK` rows for the
   * E-step (built once: slicing a tensor on the wasm backend copies the whole tensor out of the heap each time).
   * Empty when only scoring.
   */
  readonly blocks: readonly tf.Tensor2D[];
  /** The same blocks transposed, (D + 1)×B, for the moments of `blockMoments`. */
  readonly blocksT: readonly tf.Tensor2D[];
  /** Rows with at least one missing cell, grouped by pattern; null when there are none. */
  readonly missing: MissingRows | null;
  /**
   * All rows with each missing cell replaced by its column's observed mean, for the initialisation only
   * (k-means, nearest-mean assignment); null when every row is complete (then `values` and `x` serve).
   */
  readonly imputed: { readonly values: Float64Array; readonly x: tf.Tensor2D } | null;
}

/**
 * Centre the rows, split complete rows from incomplete ones and upload the complete rows.
 * `outer: false` skips what only fitting needs (the imputed rows for the initialisation).
 */
export function prepareGmmData(data: Dataset, center?: Float64Array, opts: { outer?: boolean; who?: string } = {}): GmmData {
  const who = opts.who ?? 'mixture/gmm';
  const ds = requireDense(data, who);
  const { nRows: n, nCols: d, values } = ds;
  const { complete, missing } = findMissingRows(
    values,
    n,
    d,
    (i, j) =>
      `${who}: ${ds.source ?? 'data'}${ds.lines ? `:${ds.lines[i]}` : ` row ${i + 1}`}, column '${ds.columns[j]}' is ${values[i * d + j]}; only finite numbers and NaN (missing) are accepted`,
  );
  const c = center ?? observedColumnMeans(ds);
  const rows = missing ? complete : null;
  const m = rows ? rows.length : n;
  const centred = new Float32Array(m * d);
  for (let r = 0; r < m; r++) {
    const i = rows ? rows[r] : r;
    for (let j = 0; j < d; j++) centred[r * d + j] = values[i * d + j] - c[j];
  }
  const x = tf.tensor2d(centred, [m, d]);
  const blocks: tf.Tensor2D[] = [];
  const blocksT: tf.Tensor2D[] = [];
  if (opts.outer !== false) {
    for (let start = 0; start < m; start += ROW_BLOCK) {
      const size = Math.min(ROW_BLOCK, m - start);
      const withOne = new Float32Array(size * (d + 1));
      for (let i = 0; i < size; i++) {
        withOne.set(centred.subarray((start + i) * d, (start + i + 1) * d), i * (d + 1));
        withOne[i * (d + 1) + d] = 1;
      }
      blocks.push(tf.tensor2d(withOne, [size, d + 1]));
      const transposed = new Float32Array((d + 1) * size);
      for (let i = 0; i < size; i++) for (let j = 0; j <= d; j++) transposed[j * size + i] = withOne[i * (d + 1) + j];
      blocksT.push(tf.tensor2d(transposed, [d + 1, size]));
    }
  }
  return {
    n,
    d,
    values,
    center: c,
    x,
    blocks,
    blocksT,
    completeRows: rows,
    missing,
    imputed: missing && opts.outer !== false ? imputeRows(values, n, d, c) : null,
  };
}

export function disposeGmmData(p: GmmData): void {
  p.x.dispose();
  tf.dispose([...p.blocks, ...p.blocksT] as tf.Tensor2D[]);
  p.imputed?.x.dispose();
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

function imputeRows(values: Float64Array, n: number, d: number, c: Float64Array): { values: Float64Array; x: tf.Tensor2D } {
  const filled = new Float64Array(n * d);
  const centred = new Float32Array(n * d);
  for (let i = 0; i < n * d; i++) {
    const v = values[i];
    filled[i] = v === v ? v : c[i % d];
    centred[i] = filled[i] - c[i % d];
  }
  return { values: filled, x: tf.tensor2d(centred, [n, d]) };
}
