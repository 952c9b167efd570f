import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { DataError } from './data-error.js';

/** Receives one record: its fields (unquoted) and the 1-based line of the file where it starts. */
export type RecordSink = (fields: string[], line: number) => void;

/** Options of {@link readCsvRecords}. */
export interface ReadCsvRecordsOptions {
  /** Name of the file, for error messages. */
  readonly file: string;
  /** `'auto'` (default) scans simple lines itself and hands the rest of the file to csv-parse from the first line it cannot split; `'csv-parse'` uses csv-parse for everything. */
  readonly engine?: 'auto' | 'csv-parse';
}

/**
 * Split delimited text into records, calling `sink` for each non-empty one, in order.
 *
 * Handles LF and CRLF line ends, a byte-order mark, and RFC 4180 quoting. Lines without quotes, or whose
 * quoted fields hold no delimiter, quote or line break (R's `"name"` style), are split directly, which is
 * several times faster than csv-parse; from the first line that needs more, the rest of the text is parsed
 * by csv-parse. Blank lines are skipped. Field counts are not checked here.
 */
export function readCsvRecords(text: string, delimiter: string, sink: RecordSink, options: ReadCsvRecordsOptions): void {
  const scanner = new LineScanner(delimiter, sink);
  const rest = options.engine === 'csv-parse' ? text : scanner.push(text, true);
  if (rest !== undefined) parseRest(rest, delimiter, scanner.line, sink, options.file);
}

/**
 * {@link readCsvRecords} over text arriving in pieces (e.g. a file stream with `encoding: 'utf8'`), holding one piece
 * and the line it cuts at a time rather than the whole text: the same records, line numbers and errors. From the first
 * line that needs a real CSV parser on, the pieces go through csv-parse's streaming parser.
 * @example
 * ```ts
 * await readCsvRecordsFrom(createReadStream('data.csv', { encoding: 'utf8' }), ',', (fields, line) => rows.push(fields), { file: 'data.csv' });
 * ```
 */
export async function readCsvRecordsFrom(chunks: AsyncIterable<string>, delimiter: string, sink: RecordSink, options: ReadCsvRecordsOptions): Promise<void> {
  const scanner = new LineScanner(delimiter, sink);
  const it = chunks[Symbol.asyncIterator]();
  try {
    let rest: string | undefined = options.engine === 'csv-parse' ? '' : undefined;
    while (rest === undefined) {
      const next = await it.next();
      rest = scanner.push(next.done ? '' : next.value, next.done === true);
      if (next.done) break;
    }
    if (rest === undefined) return;
    const state = { lastEnd: 0 };
    const parser = parse(csvParseOptions(delimiter, scanner.line, sink, state));
    let failure: { error: unknown } | undefined;
    parser.on('error', (error) => (failure ??= { error }));
    // Resolves on `event` or on an error (which `check` then throws).
    const settled = (event: string): Promise<void> =>
      new Promise((resolve) => {
        const done = (): void => {
          parser.off(event, done);
          parser.off('error', done);
          resolve();
        };
        parser.on(event, done);
        parser.on('error', done);
      });
    const ended = settled('end');
    parser.resume();
    const check = (): void => {
      if (failure) throw csvError(failure.error, state, scanner.line, options.file);
    };
    let piece: string | undefined = rest;
    while (piece !== undefined) {
      const drained = parser.write(piece);
      check();
      if (!drained && !failure) await settled('drain');
      check();
      const next = await it.next();
      piece = next.done ? undefined : next.value;
    }
    parser.end();
    await ended;
    check();
  } finally {
    await it.return?.();
  }
}

/**
 * Splits simple lines of text given in pieces, calling the sink for each non-empty record, until the first line that
 * needs a real CSV parser. `line` counts the lines consumed (0-based line of the next one).
 */
class LineScanner {
  line = 0;
  private carry = '';
  private started = false;
  private readonly delimiter: string;
  private readonly sink: RecordSink;
  constructor(delimiter: string, sink: RecordSink) {
    this.delimiter = delimiter;
    this.sink = sink;
  }

  /**
   * Scan `piece`, which follows the pieces already given. Returns the text from the first line that needs csv-parse
   * on (that line and the rest of this piece), or undefined when every complete line was handled; the last, unfinished
   * line waits for the next piece unless `final`.
   */
  push(piece: string, final: boolean): string | undefined {
    const text = this.carry + piece;
    this.carry = '';
    let pos = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) pos = 1;
    }
    const len = text.length;
    const delimiter = this.delimiter;
    while (pos < len) {
      let end = text.indexOf('\n', pos);
      if (end < 0) {
        if (!final) {
          this.carry = text.slice(pos);
          return undefined;
        }
        end = len;
      }
      let stop = end;
      if (stop > pos && text.charCodeAt(stop - 1) === 13) stop--;
      if (stop > pos) {
        const raw = text.slice(pos, stop);
        const fields = raw.split(delimiter);
        if (raw.indexOf('"') >= 0 && !unquoteSimple(fields)) return text.slice(pos);
        this.sink(fields, this.line + 1);
      }
      this.line++;
      pos = end + 1;
    }
    return undefined;
  }
}

/** Remove the quotes of fields written as `"text"` with no quote inside; false if some field needs a real CSV parser. */
function unquoteSimple(fields: string[]): boolean {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const q = f.indexOf('"');
    if (q < 0) continue;
    if (q !== 0 || f.length < 2 || f.charCodeAt(f.length - 1) !== 34 || f.indexOf('"', 1) !== f.length - 1) return false;
    fields[i] = f.slice(1, -1);
  }
  return true;
}

interface CsvParseError {
  readonly code?: string;
  readonly message: string;
  readonly lines?: number;
}

interface ParseState {
  /** csv-parse's line count at the end of the last record. */
  lastEnd: number;
}

/** csv-parse's options for the rest of a file from line `lineOffset` on: records go to `sink`, none is kept. */
function csvParseOptions(delimiter: string, lineOffset: number, sink: RecordSink, state: ParseState) {
  return {
    delimiter,
    cast: false,
    bom: lineOffset === 0,
    relax_column_count: true,
    skip_empty_lines: true,
    on_record: (record: string[], info: { lines: number }) => {
      let breaks = 0;
      for (const f of record) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) breaks++;
      sink(record, lineOffset + info.lines - breaks);
      state.lastEnd = info.lines;
      return null;
    },
  };
}

/** A csv-parse error as a one-line {@link DataError} naming the file and line; anything else (the sink's errors) as it is. */
function csvError(e: unknown, state: ParseState, lineOffset: number, file: string): unknown {
  const err = e as CsvParseError;
  if (typeof err.code !== 'string' || (!err.code.startsWith('CSV_') && !err.code.startsWith('INVALID_'))) return e;
  const detail = err.message.replace(/\s*(at|on) line \d+/, '');
  // An unclosed quote is only noticed at the end of the text: point at the record it opens.
  const line = err.code === 'CSV_QUOTE_NOT_CLOSED' ? state.lastEnd + 1 : err.lines;
  return new DataError(`invalid CSV: ${detail}`, { file, line: line === undefined ? undefined : lineOffset + line });
}

function parseRest(rest: string, delimiter: string, lineOffset: number, sink: RecordSink, file: string): void {
  const state = { lastEnd: 0 };
  try {
    parseSync(rest, csvParseOptions(delimiter, lineOffset, sink, state));
  } catch (e) {
    throw csvError(e, state, lineOffset, file);
  }
}
