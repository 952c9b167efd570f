/** Where in a data file a problem was found. Lines and column indices are 1-based. */
export interface DataLocation {
  /** The file (or source name, e.g. a generator's) the data came from. */
  readonly file: string;
  /** 1-based line in `file`. */
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
  /** The file the problem is in ({@link DataLocation.file}). */
  readonly file: string;
  /** 1-based line in `file`, when known. */
  readonly line?: number;
  /** 1-based data row, for sources without line numbers. */
  readonly row?: number;
  /** Name of the column at fault, when known. */
  readonly column?: string;
  /** 1-based index of the column at fault, when known. */
  readonly columnIndex?: number;
  /** The message without the location prefix. */
  readonly detail: string;

  /**
   * An error named `DataError` whose message is {@link formatDataMessage}`(detail, where)`, on one line.
   * @param detail - What was expected and what was found, e.g. `expected a number, got "abc"`.
   * @param where - Where in the data: file, and line, row and column when known.
   */
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

/** The hint a loader adds to a rejected missing cell, naming the library option that keeps it. */
export const KEEP_MISSING_HINT = "; pass missing: 'nan' to keep missing values as NaN";

/**
 * A {@link DataError} for a missing cell (empty, `NA`, `NaN`, JSON `null`) where missing values are not accepted.
 * `found` says what the cell held and `reason` why it is rejected, so that a caller (the CLI) can put its own
 * reason after the same location and description with {@link MissingValueError.withReason}.
 *
 * @example
 * ```ts
 * const e = new MissingValueError('missing value (empty cell)', KEEP_MISSING_HINT, { file: 'data.csv', line: 5, column: 'waiting', columnIndex: 2 });
 * e.withReason('; pass --missing nan to keep missing values as NaN').message;
 * // data.csv:5: column 'waiting' (2): missing value (empty cell); pass --missing nan to keep missing values as NaN
 * ```
 */
export class MissingValueError extends DataError {
  /** What the cell held, e.g. `missing value (empty cell)`, `missing value "NA"`, `missing value (NaN)`. */
  readonly found: string;
  /** Why it is rejected, appended to `found` (starts with `;` or `,`). */
  readonly reason: string;

  /**
   * A {@link DataError} named `MissingValueError` with detail `found + reason`.
   * @param found - What the cell held, e.g. `missing value (empty cell)`.
   * @param reason - Why it is rejected, appended as is (e.g. {@link KEEP_MISSING_HINT}).
   * @param where - The cell's location.
   */
  constructor(found: string, reason: string, where: DataLocation) {
    super(`${found}${reason}`, where);
    this.name = 'MissingValueError';
    this.found = found;
    this.reason = reason;
  }

  /** The same cell and location with another reason. */
  withReason(reason: string): MissingValueError {
    const { file, line, row, column, columnIndex } = this;
    return new MissingValueError(this.found, reason, { file, line, row, column, columnIndex });
  }
}
