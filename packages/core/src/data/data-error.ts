/** Where in a data file a problem was found. Lines and column indices are 1-based. */
export interface DataLocation {
  readonly file: string;
  readonly line?: number;
  /** 1-based data row, for sources without line numbers (JSON, generated data). */
  readonly row?: number;
  /** Column name. */
  readonly column?: string;
  /** 1-based column index (of the field in the file for parse errors, of the feature for dataset checks). */
  readonly columnIndex?: number;
}

/**
 * A one-line error about input data, in the compiler style `file:line: column 'name' (index): what was expected`.
 *
 * @example
 * ```ts
 * new DataError('expected a number, got "abc"', { file: 'data.csv', line: 5, column: 'waiting', columnIndex: 2 }).message;
 * // data.csv:5: column 'waiting' (2): expected a number, got "abc"
 * ```
 */
export class DataError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly row?: number;
  readonly column?: string;
  readonly columnIndex?: number;
  /** The message without the location prefix. */
  readonly detail: string;

  constructor(detail: string, where: DataLocation) {
    super(formatDataMessage(detail, where));
    this.name = 'DataError';
    this.file = where.file;
    this.line = where.line;
    this.row = where.row;
    this.column = where.column;
    this.columnIndex = where.columnIndex;
    this.detail = detail;
  }
}

/** Format `file:line: [row r, ]column 'name' (index): detail` on one line, leaving out the parts that are unknown. */
export function formatDataMessage(detail: string, where: DataLocation): string {
  const place = where.line === undefined ? where.file : `${where.file}:${where.line}`;
  const col = where.column === undefined ? '' : `column '${where.column}'${where.columnIndex === undefined ? '' : ` (${where.columnIndex})`}`;
  const row = where.row === undefined ? '' : `row ${where.row}`;
  const at = [row, col].filter((s) => s !== '').join(', ');
  return `${place}: ${at === '' ? '' : `${at}: `}${detail}`.replace(/[\r\n]+/g, ' ');
}

/** Quote a cell for an error message, shortened to 40 characters. */
export function quoteCell(cell: string): string {
  return JSON.stringify(cell.length > 40 ? `${cell.slice(0, 37)}...` : cell);
}

/** A short list of names for an error message. */
export function listNames(names: readonly string[], max = 20): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, ... (${names.length} in all)` : shown;
}
