import { DataError, KEEP_MISSING_HINT, listNames, MissingValueError } from '../data-error.js';
import type { MissingPolicy } from '../dense-csv.js';
import { checkReadable } from './file-chunks.js';
import { checkBlockRows, type RowBlock, type RowSource, type StreamCounters } from './row-source.js';

/** Options of {@link openParquetSource}. */
export interface ParquetSourceOptions {
  /** Columns to read, in this order (default: every numeric column). */
  readonly columns?: readonly string[];
  /** Null cells: `'error'` (default) rejects them with a `MissingValueError`, `'nan'` reads them as NaN. */
  readonly missing?: MissingPolicy;
  /** Rows per block (default 8,192). */
  readonly blockRows?: number;
}

/** A streamed Parquet file. */
export interface ParquetSource extends RowSource {
  readonly nRows: number;
  readonly counters: StreamCounters;
  /** Rows per row group of the file. */
  readonly rowGroups: readonly number[];
}

/** Parquet physical types read as numbers (INT64 through `Number`, exact below 2⁵³). */
const NUMERIC = new Set(['INT32', 'INT64', 'FLOAT', 'DOUBLE', 'BOOLEAN']);

/**
 * Stream a Parquet file one row group at a time with hyparquet (pure JavaScript, no native code; snappy and
 * uncompressed pages), as fixed blocks of rows: at most one row group of the chosen columns is held, whatever the
 * file's size. Columns must be flat numeric columns (INT32, INT64, FLOAT, DOUBLE, BOOLEAN); a null cell is a
 * `MissingValueError` naming the row and column unless `missing: 'nan'`. Errors are one line naming the file.
 * @example
 * ```ts
 * const src = await openParquetSource('big.parquet', { columns: ['x1', 'x2'] });
 * src.rowGroups.length; // row groups, read one at a time per pass
 * ```
 */
export async function openParquetSource(path: string, options: ParquetSourceOptions = {}): Promise<ParquetSource> {
  await checkReadable(path);
  const blockRows = checkBlockRows(options.blockRows);
  const hp = await import('hyparquet');
  const file = await hp.asyncBufferFromFile(path);
  let metadata: Awaited<ReturnType<typeof hp.parquetMetadataAsync>>;
  try {
    metadata = await hp.parquetMetadataAsync(file);
  } catch (e) {
    throw new DataError(`cannot read the file as Parquet (${(e as Error).message})`, { file: path });
  }
  const leaves = metadata.schema.slice(1);
  if (leaves.some((s) => s.num_children !== undefined && s.num_children > 0)) {
    throw new DataError('nested Parquet columns (structs, lists, maps) cannot be read as rows of numbers; write flat numeric columns', { file: path });
  }
  const numeric = leaves.filter((s) => NUMERIC.has(String(s.type))).map((s) => s.name);
  const columns = options.columns ? [...options.columns] : numeric;
  for (const name of columns) {
    const el = leaves.find((s) => s.name === name);
    if (!el) throw new DataError(`unknown feature column '${name}'; available columns: ${listNames(leaves.map((s) => s.name))}`, { file: path });
    if (!NUMERIC.has(String(el.type))) {
      throw new DataError(
        `column '${name}' has Parquet type ${el.type}, expected a number (INT32, INT64, FLOAT, DOUBLE or BOOLEAN); choose the features with columns`,
        {
          file: path,
        },
      );
    }
  }
  if (columns.length === 0) throw new DataError('no numeric columns to read', { file: path });
  const rowGroups = metadata.row_groups.map((g) => Number(g.num_rows));
  const nRows = rowGroups.reduce((a, b) => a + b, 0);
  const d = columns.length;
  const missingOk = (options.missing ?? 'error') === 'nan';
  const counters: StreamCounters = { peakRowsHeld: 0, peakTextChars: 0, passes: 0 };

  /** The row group starting at `start` (`rows` rows), row-major. */
  const readGroup = async (start: number, rows: number): Promise<Float64Array> => {
    const out = new Float64Array(rows * d);
    // hyparquet calls onChunk from its own promises: remember the first problem and throw it once the read is done.
    let problem: MissingValueError | undefined;
    await hp.parquetRead({
      file,
      metadata,
      columns,
      rowStart: start,
      rowEnd: start + rows,
      onChunk: (chunk) => {
        const j = columns.indexOf(chunk.columnName);
        const data = chunk.columnData as ArrayLike<unknown>;
        for (let i = 0; i < data.length; i++) {
          const r = chunk.rowStart + i - start;
          if (r < 0 || r >= rows) continue;
          const raw = data[i];
          const v = raw === null || raw === undefined ? NaN : Number(raw);
          if (v !== v && !missingOk) {
            const row = start + r + 1;
            if (!problem || row < problem.row!) {
              problem = new MissingValueError('missing value (null)', KEEP_MISSING_HINT, { file: path, row, column: columns[j], columnIndex: j + 1 });
            }
          }
          out[r * d + j] = v;
        }
      },
    });
    if (problem) throw problem;
    return out;
  };

  async function* blocks(): AsyncIterable<RowBlock> {
    counters.passes++;
    let pending = new Float64Array(blockRows * d);
    let fill = 0;
    let start = 0;
    let groupStart = 0;
    for (const rows of rowGroups) {
      const group = await readGroup(groupStart, rows);
      groupStart += rows;
      counters.peakRowsHeld = Math.max(counters.peakRowsHeld, rows + fill);
      for (let r = 0; r < rows;) {
        const take = Math.min(blockRows - fill, rows - r);
        pending.set(group.subarray(r * d, (r + take) * d), fill * d);
        fill += take;
        r += take;
        if (fill === blockRows) {
          yield { values: pending, nRows: fill, start };
          start += fill;
          pending = new Float64Array(blockRows * d);
          fill = 0;
        }
      }
    }
    if (fill > 0) yield { values: pending.subarray(0, fill * d), nRows: fill, start };
  }

  return { source: path, nCols: d, columns, blockRows, nRows, blocks, counters, rowGroups };
}
