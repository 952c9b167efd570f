import { parse } from 'csv-parse/sync';
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
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  const len = text.length;
  if (options.engine !== 'csv-parse') {
    while (pos < len) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = len;
      let stop = end;
      if (stop > pos && text.charCodeAt(stop - 1) === 13) stop--;
      if (stop > pos) {
        const raw = text.slice(pos, stop);
        const fields = raw.split(delimiter);
        if (raw.indexOf('"') >= 0 && !unquoteSimple(fields)) break;
        sink(fields, line + 1);
      }
      line++;
      pos = end + 1;
    }
    if (pos >= len) return;
  }
  parseRest(text.slice(pos), delimiter, line, sink, options.file);
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

function parseRest(rest: string, delimiter: string, lineOffset: number, sink: RecordSink, file: string): void {
  let lastEnd = 0;
  try {
    parse(rest, {
      delimiter,
      cast: false,
      bom: lineOffset === 0,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], info: { lines: number }) => {
        let breaks = 0;
        for (const f of record) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) breaks++;
        sink(record, lineOffset + info.lines - breaks);
        lastEnd = info.lines;
        return null;
      },
    });
  } catch (e) {
    const err = e as CsvParseError;
    if (typeof err.code !== 'string' || (!err.code.startsWith('CSV_') && !err.code.startsWith('INVALID_'))) throw e;
    const detail = err.message.replace(/\s*(at|on) line \d+/, '');
    // An unclosed quote is only noticed at the end of the text: point at the record it opens.
    const line = err.code === 'CSV_QUOTE_NOT_CLOSED' ? lastEnd + 1 : err.lines;
    throw new DataError(`invalid CSV: ${detail}`, { file, line: line === undefined ? undefined : lineOffset + line });
  }
}
