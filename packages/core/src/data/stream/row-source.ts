import type { DenseDataset } from '../dataset.js';

/**
 * A block of consecutive rows read from a {@link RowSource}: `nRows × nCols` numbers, row-major, float64
 * (`NaN` marks a missing cell where the source keeps them).
 */
export interface RowBlock {
  /** The block's cells, `nRows × nCols` row-major (`nCols` of the source); may be a view, not a copy. */
  readonly values: Float64Array;
  /** Number of rows in the block: the source's `blockRows`, or fewer for the last block of a pass. */
  readonly nRows: number;
  /** 0-based index of the block's first row among all rows of the pass. */
  readonly start: number;
  /** 1-based line of the file where the block's first row starts, for error messages (absent for generated data). */
  readonly line?: number;
  /** 1-based line of every row of the block, when the source has lines. */
  readonly lines?: Int32Array;
}

/**
 * Rows read pass after pass, in fixed-size blocks, never all at once: the one code path of streamed fits, over a file
 * ({@link openDelimitedSource}, {@link openMatrixMarketSource}, {@link openParquetSource}) or over data in memory
 * ({@link denseSource}). Every call of {@link RowSource.blocks} starts a new pass from the first row (a file is read
 * again) and yields blocks of exactly `blockRows` rows, the last one possibly shorter, in row order; the same source
 * always yields the same blocks.
 */
export interface RowSource {
  /** Where the rows come from (a file path or `'<memory>'`), for messages. */
  readonly source: string;
  /** Number of data columns (features) of every row, D, known before the first pass. */
  readonly nCols: number;
  /** Feature names, one per column. */
  readonly columns: readonly string[];
  /** Rows per block (the last block of a pass may hold fewer). */
  readonly blockRows: number;
  /** The number of rows, known once a pass has been completed (or from the start for data in memory). */
  readonly nRows: number | undefined;
  /** One pass over all rows. */
  blocks(): AsyncIterable<RowBlock>;
  /** What a file source held at most during its passes (see {@link StreamCounters}); absent for data in memory. */
  readonly counters?: StreamCounters;
}

/**
 * Instrumentation of a file source: the largest number of parsed rows held at once (rows of blocks built but not
 * yet handed on, plus the block being filled) and the largest amount of undecoded text held, over all passes; and
 * the number of passes started. A streamed pass holds at most about `blockRows` plus the rows of one chunk.
 */
export interface StreamCounters {
  /** Most parsed rows held at once over all passes (built blocks not yet handed on, plus the one being filled). */
  peakRowsHeld: number;
  /** Most undecoded characters of file text held at once over all passes. */
  peakTextChars: number;
  /** Number of passes started so far: one per iteration of {@link RowSource.blocks} that has begun. */
  passes: number;
}

/** Rows per block of streamed sources unless told: 8,192 rows, a multiple of the GMM E-step's block (`ROW_BLOCK`, 1,024 rows). */
export const STREAM_BLOCK_ROWS = 8192;

/** A {@link RowSource} over data in memory; also iterable synchronously, for algorithms that run in memory. */
export interface DenseRowSource extends RowSource {
  readonly nRows: number;
  /** The blocks of one pass, synchronously (views of the dataset's values, not copies). */
  blocksSync(): Iterable<RowBlock>;
}

/**
 * The rows of a dense dataset as a {@link RowSource}: blocks are views of `ds.values` (no copy), so an algorithm
 * written against sources runs on data in memory with the same blocks, in the same order, as on a file.
 * @example
 * ```ts
 * const src = denseSource(ds, { blockRows: 1024 });
 * for await (const b of src.blocks()) total += b.nRows;
 * ```
 */
export function denseSource(ds: DenseDataset, options: { readonly blockRows?: number } = {}): DenseRowSource {
  const blockRows = checkBlockRows(options.blockRows);
  const { nRows, nCols } = ds;
  function* blocksSync(): Iterable<RowBlock> {
    for (let start = 0; start < nRows; start += blockRows) {
      const size = Math.min(blockRows, nRows - start);
      const lines = ds.lines?.subarray(start, start + size);
      yield {
        values: ds.values.subarray(start * nCols, (start + size) * nCols),
        nRows: size,
        start,
        ...(lines ? { line: lines[0], lines } : {}),
      };
    }
  }
  return {
    source: ds.source ?? '<memory>',
    nCols,
    columns: ds.columns,
    blockRows,
    nRows,
    blocksSync,

    async *blocks() {
      yield* blocksSync();
    },
  };
}

/** `blockRows` checked to be a positive integer (default {@link STREAM_BLOCK_ROWS}). */
export function checkBlockRows(blockRows: number | undefined): number {
  const b = blockRows ?? STREAM_BLOCK_ROWS;
  if (!Number.isInteger(b) || b < 1) throw new RangeError(`blockRows must be a positive integer, got ${b}`);
  return b;
}

/**
 * Read every row of a source into a dense dataset (one pass). For tests and small data: it holds all rows.
 */
export async function collectRows(src: RowSource): Promise<DenseDataset> {
  const parts: RowBlock[] = [];
  let n = 0;
  for await (const b of src.blocks()) {
    parts.push({ ...b, values: b.values.slice() });
    n += b.nRows;
  }
  const values = new Float64Array(n * src.nCols);
  const lines = new Int32Array(n);
  let hasLines = true;
  for (const b of parts) {
    values.set(b.values, b.start * src.nCols);
    if (b.lines) lines.set(b.lines, b.start);
    else hasLines = false;
  }
  return { kind: 'dense', nRows: n, nCols: src.nCols, values, columns: src.columns, source: src.source, ...(hasLines ? { lines } : {}) };
}

/** What {@link observeRows} reports after every block: the pass (1-based), rows read in it so far, and that block. */
export interface PassProgress {
  /** The pass, 1-based: the number of times {@link RowSource.blocks} of the observed source has been called. */
  readonly pass: number;
  /** Rows read in this pass so far, this block's included. */
  readonly rows: number;
  /** The block just read. */
  readonly block: RowBlock;
}

/**
 * The same source, calling `onBlock` after each block is read (progress: rows per second, pass number). Passes are
 * counted from 1 in the order they start.
 * @example
 * ```ts
 * const watched = observeRows(src, ({ pass, rows }) => console.error(`pass ${pass}: ${rows} rows`));
 * ```
 */
export function observeRows<S extends RowSource>(src: S, onBlock: (p: PassProgress) => void): S {
  let passes = 0;
  return Object.assign(Object.create(src) as S, {
    async *blocks(): AsyncIterable<RowBlock> {
      const pass = ++passes;
      let rows = 0;
      for await (const block of src.blocks()) {
        rows += block.nRows;
        onBlock({ pass, rows, block });
        yield block;
      }
    },
  });
}
