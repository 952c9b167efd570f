import type { Rng } from '../../random/rng.js';
import type { RowSource } from './row-source.js';

/** Rows handed on by {@link shuffledBatches}: `nRows × nCols` numbers, row-major, float64 (copies, owned by the caller). */
export interface ShuffledBatch {
  /** The batch's cells, `nRows × nCols` row-major (`nCols` of the source), a copy the caller owns. */
  readonly values: Float64Array;
  /** Number of rows in the batch: `batchRows`, or fewer for the last batch of a pass. */
  readonly nRows: number;
  /** 1-based file line of every row, when the source has lines. */
  readonly lines?: Int32Array;
}

/** Options of {@link shuffledBatches}. */
export interface ShuffledBatchesOptions {
  /** Rows per batch handed on (the last batch of a pass may hold fewer). */
  readonly batchRows: number;
  /** Rows the shuffle buffer holds (at least 1); a buffer of at least all rows shuffles exactly. */
  readonly bufferRows: number;
}

function positive(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`shuffledBatches: ${name} must be a positive integer, got ${v}`);
  return v;
}

/**
 * One pass over `source` in batches of rows in an approximately shuffled order, through a seeded shuffle buffer of
 * B = `bufferRows` rows (the shuffle buffer of tf.data's `Dataset.shuffle` and of PyTorch's shuffled
 * `IterableDataset`s): the first B rows fill the buffer; afterwards each arriving row takes the place of the buffered
 * row j = `rng.int(B)`, which is handed on; at the end of the pass the m rows left are handed on in the order
 * `rng.permutation(m)`. Memory is B rows and one batch, whatever the file's size.
 *
 * The shuffling is approximate: a row is handed on at most about B rows before its place in the file, so the order
 * mixes rows within a window of the file only (a file sorted by a label needs a buffer of a large share of the rows,
 * or to be shuffled once on disk). With B ≥ N (all rows) nothing is handed on before the end of the pass, and the
 * order is exactly `rng.permutation(N)`: the same permutation, drawing the same numbers, as an in-memory epoch
 * with that generator. The order depends on the rows, the generator and B, never on how the source cuts its blocks.
 * @example
 * ```ts
 * for await (const b of shuffledBatches(src, createRng(0), { batchRows: 128, bufferRows: 1280 })) train(b.values, b.nRows);
 * ```
 */
export async function* shuffledBatches(source: RowSource, rng: Rng, options: ShuffledBatchesOptions): AsyncGenerator<ShuffledBatch, void, void> {
  const batchRows = positive('batchRows', options.batchRows);
  const bufferRows = positive('bufferRows', options.bufferRows);
  const d = source.nCols;
  // Grown up to bufferRows as rows arrive, so a buffer larger than a small file costs only that file.
  let buffer = new Float64Array(Math.min(bufferRows, 1024) * d);
  let bufferLines = new Int32Array(Math.min(bufferRows, 1024));
  let held = 0;
  let hasLines = true;
  let out = new Float64Array(batchRows * d);
  let outLines = new Int32Array(batchRows);
  let filled = 0;
  const take = (values: Float64Array, row: number, line: number) => {
    out.set(values.subarray(row * d, (row + 1) * d), filled * d);
    outLines[filled] = line;
    filled += 1;
  };
  const flush = (): ShuffledBatch => {
    const batch = { values: out.subarray(0, filled * d), nRows: filled, ...(hasLines && { lines: outLines.subarray(0, filled) }) };
    out = new Float64Array(batchRows * d);
    outLines = new Int32Array(batchRows);
    filled = 0;
    return batch;
  };
  for await (const block of source.blocks()) {
    if (!block.lines) hasLines = false;
    for (let r = 0; r < block.nRows; r++) {
      const row = block.values.subarray(r * d, (r + 1) * d);
      const line = block.lines ? block.lines[r] : 0;
      if (held < bufferRows) {
        if (held === bufferLines.length) {
          const size = Math.min(bufferRows, 2 * held);
          const grown = new Float64Array(size * d);
          grown.set(buffer);
          buffer = grown;
          const grownLines = new Int32Array(size);
          grownLines.set(bufferLines);
          bufferLines = grownLines;
        }
        buffer.set(row, held * d);
        bufferLines[held] = line;
        held += 1;
        continue;
      }
      const j = rng.int(bufferRows);
      take(buffer, j, bufferLines[j]);
      buffer.set(row, j * d);
      bufferLines[j] = line;
      if (filled === batchRows) yield flush();
    }
  }
  const order = rng.permutation(held);
  for (let k = 0; k < held; k++) {
    take(buffer, order[k], bufferLines[order[k]]);
    if (filled === batchRows) yield flush();
  }
  if (filled > 0) yield flush();
}
