import type { Rng } from '../../random/rng.js';
import type { DenseDataset } from '../dataset.js';
import type { RowBlock, RowSource } from './row-source.js';
import { denseSource } from './row-source.js';

/**
 * A uniform random sample of `size` rows drawn in one pass over rows of unknown number (Algorithm R, Vitter 1985):
 * row t (0-based) is kept while t < size; afterwards it replaces the kept row j = rng.int(t + 1) when j < size, so
 * every row ends in the sample with probability size / N. One draw per row after the first `size`; the sample only
 * depends on the rows, their order and the generator, never on how the rows are cut into blocks.
 */
export class Reservoir {
  /** The kept rows, `size × nCols` row-major; only the first min(seen, size) rows are filled. */
  readonly values: Float64Array;
  private readonly lines: Int32Array;
  /** Rows seen so far. */
  seen = 0;
  private hasLines = true;

  /** Capacity: the number of rows kept once at least that many have been seen. */
  readonly size: number;
  /** Number of columns of every row offered. */
  readonly nCols: number;
  private readonly rng: Rng;

  /**
   * An empty reservoir of `size` rows of `nCols` numbers.
   * @param size - Rows to keep, a positive integer.
   * @param nCols - Numbers per row.
   * @param rng - The generator of the replacement draws (one draw per row after the first `size`).
   * @throws RangeError if `size` is not a positive integer.
   */
  constructor(size: number, nCols: number, rng: Rng) {
    this.size = size;
    this.nCols = nCols;
    this.rng = rng;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a reservoir sample needs a positive integer size, got ${size}`);
    this.values = new Float64Array(size * nCols);
    this.lines = new Int32Array(size);
  }

  /** Offer every row of a block, in order. */
  add(block: RowBlock): void {
    const d = this.nCols;
    if (!block.lines) this.hasLines = false;
    for (let r = 0; r < block.nRows; r++) {
      const t = this.seen++;
      const slot = t < this.size ? t : this.rng.int(t + 1);
      if (slot >= this.size) continue;
      this.values.set(block.values.subarray(r * d, (r + 1) * d), slot * d);
      if (block.lines) this.lines[slot] = block.lines[r];
    }
  }

  /** The sample as a dense dataset (rows in reservoir order; all rows when there were at most `size`). */
  dataset(columns: readonly string[], source?: string): DenseDataset {
    const n = Math.min(this.seen, this.size);
    return {
      kind: 'dense',
      nRows: n,
      nCols: this.nCols,
      values: this.values.slice(0, n * this.nCols),
      columns,
      ...(source === undefined ? {} : { source }),
      ...(this.hasLines && n > 0 ? { lines: this.lines.slice(0, n) } : {}),
    };
  }
}

/**
 * A seeded uniform sample of `size` rows of a streamed source, in one pass ({@link Reservoir}). The same rows as
 * {@link reservoirSampleRows} on the same rows in memory with the same generator.
 * @example
 * ```ts
 * const sample = await reservoirSample(await openDelimitedSource('big.csv'), 10_000, createRng(0));
 * ```
 */
export async function reservoirSample(src: RowSource, size: number, rng: Rng): Promise<DenseDataset> {
  const [sample] = await reservoirSamples(src, size, [rng]);
  return sample;
}

/** One sample per generator, all in the same pass (e.g. one per restart of a fit). */
export async function reservoirSamples(src: RowSource, size: number, rngs: readonly Rng[]): Promise<DenseDataset[]> {
  const res = rngs.map((rng) => new Reservoir(size, src.nCols, rng));
  for await (const block of src.blocks()) for (const r of res) r.add(block);
  return res.map((r) => r.dataset(src.columns, src.source));
}

/**
 * {@link reservoirSample} over a dataset in memory, synchronously: the same rows for the same generator.
 * @example
 * ```ts
 * reservoirSampleRows(ds, 1000, createRng(0)).nRows; // min(1000, ds.nRows)
 * ```
 */
export function reservoirSampleRows(ds: DenseDataset, size: number, rng: Rng): DenseDataset {
  const r = new Reservoir(size, ds.nCols, rng);
  for (const block of denseSource(ds).blocksSync()) r.add(block);
  return r.dataset(ds.columns, ds.source);
}
