import { openDelimitedSource, type DelimitedSourceOptions } from './delimited-source.js';
import { openMatrixMarketSource } from './matrix-market-source.js';
import { openParquetSource } from './parquet-source.js';
import type { RowSource } from './row-source.js';

/** Options of {@link openRowSource}: the delimited reader's, and `counts` for Matrix Market files. */
export interface OpenRowSourceOptions extends DelimitedSourceOptions {
  /** Matrix Market entries must be non-negative integers (default `true`). */
  readonly counts?: boolean;
}

/**
 * A streamed source for a file by its name: `.mtx` (Matrix Market, sorted by row), `.parquet`, anything else
 * delimited text (CSV, TSV, `.txt`); a final `.gz` is decompressed while reading.
 */
export async function openRowSource(path: string, options: OpenRowSourceOptions = {}): Promise<RowSource> {
  const lower = path.toLowerCase().replace(/\.gz$/, '');
  if (lower.endsWith('.mtx')) return openMatrixMarketSource(path, { counts: options.counts, blockRows: options.blockRows, chunkBytes: options.chunkBytes });
  if (lower.endsWith('.parquet')) return openParquetSource(path, { columns: options.columns, missing: options.missing, blockRows: options.blockRows });
  return openDelimitedSource(path, options);
}
