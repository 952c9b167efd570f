import { readCsvRecords } from '../csv-records.js';
import { DataError } from '../data-error.js';
import { chooseDelimiter } from '../delimiter.js';
import { parseDenseCsv, SPLIT_COLUMN, type DenseCsvOptions } from '../dense-csv.js';
import { parseCell } from '../parse-cell.js';
import { checkReadable, countLines, fileChunks, lineStart, RecordText, STREAM_CHUNK_BYTES, type ChunkOpener } from './file-chunks.js';
import { checkBlockRows, type RowBlock, type RowSource, type StreamCounters } from './row-source.js';

/** Options of {@link openDelimitedSource}: those of `loadDenseCsv` (same meaning, same defaults) and the stream's. */
export interface DelimitedSourceOptions extends Omit<DenseCsvOptions, 'engine'> {
  /** Rows per block (default 8,192). */
  readonly blockRows?: number;
  /** Bytes read at a time (default 64 KiB). */
  readonly chunkBytes?: number;
  /**
   * With a `split` column (`train`/`test`), keep only the rows of this part (as `trainTestSplit` fits the `train`
   * rows); without one, every row is kept. Default: every row.
   */
  readonly keep?: 'train' | 'test';
}

/** A streamed CSV/TSV file: a {@link RowSource} that also says whether the file has a `split` column. */
export interface DelimitedSource extends RowSource {
  readonly counters: StreamCounters;
  /** The delimiter used (given, implied by the extension, or detected). */
  readonly delimiter: string;
  /** Whether the file has a `split` column. */
  readonly hasSplit: boolean;
}

/**
 * Stream a CSV or TSV file (also `.gz`) in blocks of rows, reading it again on every pass and never holding more
 * than about one block and one chunk of text. Columns, delimiter, header, missing values and every error are those of
 * `loadDenseCsv`: the header and the first lines are read by `parseDenseCsv` itself, and a row that fails the
 * stream's checks is read again by `parseDenseCsv` at its line (the same `file:line: column 'name' (index): …`
 * message, the same `MissingValueError`). Label, group, factor and row-name columns are left out of the rows.
 *
 * @param path The file; `.tsv`/`.tab` are tab-separated, `.gz` is decompressed while reading.
 * @example
 * ```ts
 * const src = await openDelimitedSource('big.csv.gz', { blockRows: 8192 });
 * for await (const block of src.blocks()) consume(block.values, block.nRows);
 * ```
 */
export async function openDelimitedSource(path: string, options: DelimitedSourceOptions = {}): Promise<DelimitedSource> {
  await checkReadable(path);
  return delimitedSource(fileChunks(path, options.chunkBytes ?? STREAM_CHUNK_BYTES), path, options);
}

/** Lines read before the columns are settled, so that delimiter hints see what the in-memory loader sees. */
const HEAD_LINES = 6;

/** {@link openDelimitedSource} over any chunked text (`open` starts a pass); `file` names it in messages. */
export async function delimitedSource(open: ChunkOpener, file: string, options: DelimitedSourceOptions = {}): Promise<DelimitedSource> {
  const blockRows = checkBlockRows(options.blockRows);
  const hasHeader = options.header ?? true;
  const head = await readHead(open, hasHeader ? 2 : 1);
  const choice = options.delimiter !== undefined ? { delimiter: options.delimiter, detected: false } : chooseDelimiter(head, file);
  if (choice.detected) options.onDelimiterDetected?.(choice.delimiter);
  const delimiter = choice.delimiter;
  const parseOptions = { ...options, delimiter, source: file };
  // The header, the column choice and the first rows, checked by the in-memory loader (same errors).
  const first = parseDenseCsv(head, parseOptions);
  const layout = layoutOf(head, delimiter, file, hasHeader, first.columns, options);
  const missingOk = (options.missing ?? 'error') === 'nan';
  const headLines = countLines(head);
  const counters: StreamCounters = { peakRowsHeld: 0, peakTextChars: 0, passes: 0 };
  let nRows: number | undefined;

  /** Read the row at `line` again with the in-memory loader (which throws its error for it). */
  const replay = (text: string, relLine: number, line: number): never => {
    const pad = '\n'.repeat(Math.max(0, line - 1 - headLines));
    parseDenseCsv(head + pad + text.slice(lineStart(text, relLine)), parseOptions);
    throw new DataError('cannot read this row', { file, line });
  };

  const nCols = layout.features.length;
  async function* blocks(): AsyncIterable<RowBlock> {
    counters.passes++;
    const records = new RecordText(true);
    const ready: RowBlock[] = [];
    let readyRows = 0;
    let values = new Float64Array(blockRows * nCols);
    let lines = new Int32Array(blockRows);
    let fill = 0;
    let start = 0;
    let lineOffset = 0;
    const { features, split, group, factors, nFields, headerLine } = layout;

    const process = (text: string): void => {
      if (text === '') return;
      const sink = (fields: string[], relLine: number): void => {
        const line = lineOffset + relLine;
        if (line <= headerLine) return;
        if (fields.length !== nFields) replay(text, relLine, line);
        if (split >= 0) {
          const s = fields[split].trim();
          if (s !== 'train' && s !== 'test') replay(text, relLine, line);
          if (options.keep !== undefined && s !== options.keep) return;
        }
        if (group >= 0 && fields[group].trim() === '') replay(text, relLine, line);
        for (const f of factors) if (!readable(parseCell(fields[f]), missingOk)) replay(text, relLine, line);
        const base = fill * nCols;
        for (let j = 0; j < nCols; j++) {
          const v = parseCell(fields[features[j]]);
          if (v !== undefined && v - v === 0) values[base + j] = v;
          else if (readable(v, missingOk)) values[base + j] = v!;
          else replay(text, relLine, line);
        }
        lines[fill] = line;
        fill++;
        if (fill === blockRows) {
          ready.push({ values, nRows: fill, start, line: lines[0], lines });
          readyRows += fill;
          start += fill;
          values = new Float64Array(blockRows * nCols);
          lines = new Int32Array(blockRows);
          fill = 0;
        }
        counters.peakRowsHeld = Math.max(counters.peakRowsHeld, readyRows + fill);
      };
      try {
        readCsvRecords(text, delimiter, sink, { file });
      } catch (e) {
        // readCsvRecords numbers the lines of `text`: shift its own errors to the file's lines.
        if (e instanceof DataError && e.line !== undefined && e.detail.startsWith('invalid CSV')) {
          throw new DataError(e.detail, { file, line: e.line + lineOffset });
        }
        throw e;
      }
      lineOffset += countLines(text);
    };

    function* flush(): Iterable<RowBlock> {
      while (ready.length > 0) {
        const b = ready.shift()!;
        readyRows -= b.nRows;
        yield b;
      }
    }

    for await (const chunk of open()) {
      process(records.push(chunk));
      counters.peakTextChars = Math.max(counters.peakTextChars, records.peak);
      yield* flush();
    }
    process(records.end());
    yield* flush();
    if (fill > 0) yield { values: values.subarray(0, fill * nCols), nRows: fill, start, line: lines[0], lines: lines.subarray(0, fill) };
    nRows = start + fill;
  }

  return {
    source: file,
    nCols,
    columns: first.columns,
    blockRows,
    get nRows() {
      return nRows;
    },
    blocks,
    counters,
    delimiter,
    hasSplit: layout.split >= 0,
  };
}

/** A cell value a row may hold: finite, or (when missing values are kept) NaN or ±Infinity as `parseDenseCsv` keeps them. */
const readable = (v: number | undefined, missingOk: boolean): boolean => v !== undefined && (v - v === 0 || missingOk);

/** Whole records from the start of the text until it holds `records` records and {@link HEAD_LINES} lines, or all of it. */
async function readHead(open: ChunkOpener, records: number): Promise<string> {
  const text = new RecordText(true);
  let head = '';
  for await (const chunk of open()) {
    head += text.push(chunk);
    if (countLines(head) >= HEAD_LINES && countRecords(head) >= records) return head;
  }
  return head + text.end();
}

function countRecords(text: string): number {
  let n = 0;
  readCsvRecords(text, ',', () => n++, { file: '' });
  return n;
}

interface Layout {
  readonly nFields: number;
  readonly headerLine: number;
  /** Field index of every feature, in the dataset's column order. */
  readonly features: Int32Array;
  readonly split: number;
  readonly group: number;
  readonly factors: readonly number[];
}

/**
 * Where the features (already chosen by `parseDenseCsv`) sit among the fields of a record: the header's names, with
 * R's header one short of the rows (a row-name column first) as the in-memory loader reads it.
 */
function layoutOf(head: string, delimiter: string, file: string, hasHeader: boolean, columns: readonly string[], options: DelimitedSourceOptions): Layout {
  const recs: { fields: string[]; line: number }[] = [];
  try {
    readCsvRecords(head, delimiter, (fields, line) => void (recs.length < 2 && recs.push({ fields, line })), { file });
  } catch {
    // parseDenseCsv has read this text already; a later record it accepted cannot fail here.
  }
  const header = hasHeader ? recs[0].fields.map((f) => f.trim()) : undefined;
  const firstRow = recs[hasHeader ? 1 : 0].fields;
  const names = header ? (firstRow.length === header.length + 1 ? ['', ...header] : header) : firstRow.map((_, j) => `x${j + 1}`);
  const at = (name: string | undefined): number => (name === undefined ? -1 : names.indexOf(name));
  return {
    nFields: names.length,
    headerLine: header ? recs[0].line : 0,
    features: Int32Array.from(columns, (c) => names.indexOf(c)),
    split: header ? at(SPLIT_COLUMN) : -1,
    group: at(options.group),
    factors: (options.factors ?? []).map(at),
  };
}
