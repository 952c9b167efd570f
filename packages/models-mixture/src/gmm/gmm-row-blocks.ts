/** One row block of a part of the rows: rows [start, start + size) of the part. */
export interface RowSpan {
  readonly start: number;
  readonly size: number;
}

/**
 * The row blocks of `n` rows that are rows [first, first + n) of the whole data, cut on the whole data's grid of
 * `block` rows (`ROW_BLOCK` for the E-step): every block ends where a block of the whole data ends (a multiple of
 * `block` in whole-data rows) or at the end of the part. The first block is partial (up to the next multiple of
 * `block`) when `first` is off the grid, the blocks after it are full, the last may be partial. With `first = 0`
 * these are the consecutive blocks of `block` rows of the in-memory E-step; with blocks of 8192 rows, a shard starting
 * at row 5000 cuts [5000, 8192), [8192, 16384), … (whole-data rows), so only the blocks that straddle a shard
 * boundary differ from the in-memory fit's.
 * @param n Rows of the part (≥ 0).
 * @param first The part's first row in the whole data (≥ 0).
 * @param block Rows per block of the whole data.
 */
export function alignedRowBlocks(n: number, first: number, block: number): RowSpan[] {
  if (!Number.isInteger(n) || n < 0) throw new Error(`alignedRowBlocks: n must be an integer ≥ 0, got ${n}`);
  if (!Number.isInteger(first) || first < 0) throw new Error(`alignedRowBlocks: first must be an integer ≥ 0, got ${first}`);
  if (!Number.isInteger(block) || block < 1) throw new Error(`alignedRowBlocks: block must be an integer ≥ 1, got ${block}`);
  const spans: RowSpan[] = [];
  let start = 0;
  while (start < n) {
    const size = Math.min(block - ((first + start) % block), n - start);
    spans.push({ start, size });
    start += size;
  }
  return spans;
}
