import type { DenseDataset } from './dataset.js';
import { readCsvRecords, readCsvRecordsFrom, type RecordSink } from './csv-records.js';
import { DataError, KEEP_MISSING_HINT, listNames, MissingValueError, quoteCell } from './data-error.js';
import { chooseDelimiter, delimiterName, suggestDelimiter } from './delimiter.js';
import { optionHint, type HintStyle } from './option-hint.js';
import { describeMissing, parseCell } from './parse-cell.js';
import { readTextChunks } from './read-text.js';

/** How missing cells (empty, `NA`, `NaN`, ...) are treated: rejected with an error, or kept as `NaN`. */
export type MissingPolicy = 'error' | 'nan';

/** Options of {@link loadDenseCsv} and {@link parseDenseCsv}. */
export interface DenseCsvOptions {
  /**
   * Field delimiter. Default: tab for `.tsv`/`.tab` files; for `.txt` files guessed from the first line (tab, comma,
   * semicolon, space); otherwise (`.csv`, text) a comma, or `;` or tab when the first line has one of those but no
   * comma (see `chooseDelimiter`). A final `.gz` is looked through.
   */
  readonly delimiter?: string;
  /** Called with the delimiter when it was detected from the text rather than given or implied (a `;`-separated `.csv`), e.g. to tell the user. */
  readonly onDelimiterDetected?: (delimiter: string) => void;
  /** How error hints name options: `'api'` (default, `header: false`) or `'cli'` (`--no-header`). */
  readonly hintStyle?: HintStyle;
  /** Whether the first row names the columns (default `true`). Without a header, columns are named `x1..xD`. */
  readonly header?: boolean;
  /** Feature columns to keep, in this order (default: every column that is not the label, the group, a factor, `split` or row names). */
  readonly columns?: readonly string[];
  /** Column holding class labels; removed from the features. Kept as numbers if every cell is a number, else as strings. */
  readonly label?: string;
  /**
   * Column holding the group of each row (e.g. `background`/`target` for contrastive models); removed from the
   * features and returned, as text, in `groups`. An empty cell is an error.
   */
  readonly group?: string;
  /** Columns holding ground-truth latent factors; removed from the features and returned in `factors`. */
  readonly factors?: readonly string[];
  /**
   * Empty cells and `NA`/`NaN` (and `Inf`): `'error'` (default) rejects them (a missing cell with a `MissingValueError`),
   * `'nan'` keeps them (missing as `NaN`).
   */
  readonly missing?: MissingPolicy;
  /** Which scanner to use; see `readCsvRecords`. Only tests need this. */
  readonly engine?: 'auto' | 'csv-parse';
}

/** Options of {@link parseDenseCsv}: {@link DenseCsvOptions} plus the name used in messages and `source`. */
export interface ParseDenseCsvOptions extends DenseCsvOptions {
  /** File name used in error messages and as the dataset's `source` (default `'<text>'`). */
  readonly source?: string;
}

/** Name of the column that holds the train/test split, by convention. */
export const SPLIT_COLUMN = 'split';

/**
 * Read a CSV or TSV file of numbers into a dense dataset.
 *
 * The first row is a header (quoted names as R writes them are unquoted); every other non-blank row holds one
 * sample. A column named `split` with values `train`/`test` fills `split` and is never a feature. An unnamed
 * first column (R's `write.csv`, pandas' index) holds row names. Every error is one line of the form
 * `file:line: column 'name' (index): what was expected`, with 1-based line and column numbers.
 *
 * A `;`-separated `.csv` (no comma in its first line) is read as such; decimal commas (`1,5`) are rejected with a one-line
 * error rather than guessed (`1,500` may mean 1.5 or 1500). When reading with a comma fails and the file looks
 * `;`-separated, the error says so.
 *
 * @param path File to read; `.tsv` and `.tab` files are tab-delimited; a `.gz` file (`data.csv.gz`) is decompressed.
 * @example
 * ```ts
 * const ds = await loadDenseCsv('faithful.csv');
 * ds.columns; // ['eruptions', 'waiting']
 * const train = splitRows(ds, 'train');
 * ```
 */
export async function loadDenseCsv(path: string, options: DenseCsvOptions = {}): Promise<DenseDataset> {
  const opts: ParseDenseCsvOptions = { ...options, source: path };
  // The file is read in pieces: only the first lines (for the delimiter) are kept as text, the cells go straight to
  // one Float64Array.
  const { head, pieces } = await firstLines(readTextChunks(path), HEAD_LINES);
  const choice = chooseFor(head, opts);
  const rows = denseRows(choice.delimiter, opts, head);
  try {
    await readCsvRecordsFrom(pieces, choice.delimiter, rows.sink, { file: path, engine: options.engine });
    return rows.finish();
  } catch (e) {
    throw withDelimiterHint(e, head, choice.delimiter, opts);
  }
}

/** Lines the delimiter guess and the hints read (`chooseDelimiter` reads one, `suggestDelimiter` six non-blank ones). */
const HEAD_LINES = 16;

/**
 * The text of the pieces up to `lines` line breaks (or all of it, if shorter), and every piece again, from the first,
 * for the parser.
 */
async function firstLines(source: AsyncGenerator<string, void, undefined>, lines: number): Promise<{ head: string; pieces: AsyncIterable<string> }> {
  const seen: string[] = [];
  let breaks = 0;
  let done = false;
  while (breaks < lines) {
    const next = await source.next();
    if (next.done) {
      done = true;
      break;
    }
    seen.push(next.value);
    for (let i = next.value.indexOf('\n'); i >= 0 && breaks < lines; i = next.value.indexOf('\n', i + 1)) breaks++;
  }
  const head = seen.join('');
  async function* pieces(): AsyncGenerator<string, void, undefined> {
    try {
      while (seen.length > 0) yield seen.shift()!;
      if (!done) yield* source;
    } finally {
      await source.return();
    }
  }
  return { head, pieces: pieces() };
}

function chooseFor(text: string, options: ParseDenseCsvOptions): { delimiter: string; detected: boolean } {
  const choice = options.delimiter !== undefined ? { delimiter: options.delimiter, detected: false } : chooseDelimiter(text, options.source);
  if (choice.detected) options.onDelimiterDetected?.(choice.delimiter);
  return choice;
}

/** Reading failed: name a better delimiter if the first lines suggest one (a decimal comma is no delimiter). */
function withDelimiterHint(e: unknown, head: string, delimiter: string, options: ParseDenseCsvOptions): unknown {
  const better = e instanceof DataError && !e.detail.includes(DECIMAL_COMMA_ERROR) ? suggestDelimiter(head, delimiter) : undefined;
  if (better === undefined) return e;
  const err = e as DataError;
  return new DataError(`${err.detail}; the file looks ${delimiterName(better)}-separated; pass ${optionHint({ delimiter: better }, options.hintStyle)}`, err);
}

interface Layout {
  readonly nFields: number;
  /** Display name of each field, in file order. */
  readonly fieldNames: readonly string[];
  readonly features: Int32Array;
  readonly factors: Int32Array;
  readonly label: number;
  readonly group: number;
  readonly split: number;
  readonly rowNames: number;
  /** Whether the field count comes from the header (else from the first row). */
  readonly countFromHeader: boolean;
}

/**
 * Parse CSV/TSV text into a dense dataset; see {@link loadDenseCsv} for the format and the errors.
 * @example
 * ```ts
 * parseDenseCsv('a,b,label\n1,2,x\n3,4,y\n', { label: 'label' }).labels; // ['x', 'y']
 * ```
 */
export function parseDenseCsv(text: string, options: ParseDenseCsvOptions = {}): DenseDataset {
  const choice = chooseFor(text, options);
  try {
    const rows = denseRows(choice.delimiter, options, text);
    readCsvRecords(text, choice.delimiter, rows.sink, { file: options.source ?? '<text>', engine: options.engine });
    return rows.finish();
  } catch (e) {
    throw withDelimiterHint(e, text, choice.delimiter, options);
  }
}

/**
 * Numbers stored row by row in fixed-size pieces, joined once at the end: the rows take at most twice their final
 * size while being read (the pieces and the joined copy), where doubling one array would take three times.
 */
class RowPieces<A extends Float64Array | Int32Array> {
  private readonly pieces: A[] = [];
  private readonly make: (length: number) => A;
  private readonly width: number;
  private filled = 0;
  constructor(make: (length: number) => A, width: number) {
    this.make = make;
    this.width = width;
  }

  /** The array to write row `row` into (rows arrive in order, from 0), and the offset of that row in it. */
  at(row: number): { array: A; offset: number } {
    const p = Math.floor(row / PIECE_ROWS);
    while (this.pieces.length <= p) this.pieces.push(this.make(PIECE_ROWS * this.width));
    this.filled = row + 1;
    return { array: this.pieces[p], offset: (row - p * PIECE_ROWS) * this.width };
  }

  /** The first `rows` rows as one array. */
  join(rows: number): A {
    const out = this.make(rows * this.width);
    for (let p = 0; p * PIECE_ROWS < Math.min(rows, this.filled); p++) {
      const n = Math.min(PIECE_ROWS, rows - p * PIECE_ROWS) * this.width;
      out.set(this.pieces[p].subarray(0, n), p * PIECE_ROWS * this.width);
    }
    this.pieces.length = 0;
    return out;
  }
}

/** Rows per piece of {@link RowPieces}. */
const PIECE_ROWS = 16384;

/**
 * The dense dataset built record by record: `sink` takes each record of the file (the header first, when there is one)
 * and `finish` returns the dataset. `text` holds (at least) the first lines of the file, for the hints of errors.
 */
function denseRows(delimiter: string, options: ParseDenseCsvOptions, text: string): { sink: RecordSink; finish: () => DenseDataset } {
  const file = options.source ?? '<text>';
  const style = options.hintStyle ?? 'api';
  const suggestion = (): string | undefined => suggestDelimiter(text, delimiter);
  const missingOk = (options.missing ?? 'error') === 'nan';
  const hasHeader = options.header ?? true;

  let header: string[] | undefined;
  let headerLine = 0;
  let layout: Layout | undefined;
  let nCols = 0;
  let nRows = 0;
  let firstDataLine = 0;
  let values: RowPieces<Float64Array> | undefined;
  let factorValues: RowPieces<Float64Array> | undefined;
  const lines = new RowPieces((n) => new Int32Array(n), 1);
  const labels: string[] = [];
  const groups: string[] = [];
  const split: ('train' | 'test')[] = [];
  const rowNames: string[] = [];

  const fail = (detail: string, line: number, field?: number): never => {
    if (field === undefined || !layout) throw new DataError(detail, { file, line });
    throw new DataError(detail, { file, line, column: layout.fieldNames[field], columnIndex: field + 1 });
  };

  const readNumber = (cell: string, line: number, field: number): number => {
    const v = parseCell(cell);
    if (v !== undefined && v - v === 0) return v;
    if (v === undefined) {
      if (delimiter !== ',' && DECIMAL_COMMA.test(cell)) {
        return fail(
          `expected a number, got ${quoteCell(cell)}, ${DECIMAL_COMMA_ERROR}; only decimal points are read: replace the commas with points first (the columns are ${delimiterName(delimiter)}-separated, so e.g. tr ',' '.')`,
          line,
          field,
        );
      }
      const hint = line === firstDataLine && !options.columns && suggestion() === undefined ? labelHint(layout!.fieldNames[field], style) : '';
      return fail(`expected a number, got ${quoteCell(cell)}${hint}`, line, field);
    }
    if (missingOk) return v;
    if (Number.isNaN(v)) {
      throw new MissingValueError(describeMissing(cell), KEEP_MISSING_HINT, { file, line, column: layout!.fieldNames[field], columnIndex: field + 1 });
    }
    return fail(`expected a finite number, got ${quoteCell(cell)}`, line, field);
  };

  const sink: RecordSink = (fields, line) => {
    if (hasHeader && !header) {
      header = fields.map((f) => f.trim());
      headerLine = line;
      return;
    }
    if (!layout) {
      firstDataLine = line;
      layout = makeLayout(header, fields.length, headerLine, { ...options, hintStyle: style, delimiter }, file);
      nCols = layout.features.length;
      values = new RowPieces((n) => new Float64Array(n), nCols);
      factorValues = new RowPieces((n) => new Float64Array(n), layout.factors.length);
    }
    const L = layout;
    if (fields.length !== L.nFields) {
      fail(`expected ${L.nFields} fields like the ${L.countFromHeader ? 'header' : 'first row'}, got ${fields.length}`, line);
    }
    const { array: row, offset: base } = values!.at(nRows);
    const feats = L.features;
    for (let j = 0; j < feats.length; j++) {
      const f = feats[j];
      const cell = fields[f];
      const v = parseCell(cell);
      row[base + j] = v !== undefined && v - v === 0 ? v : readNumber(cell, line, f);
    }
    const nf = L.factors.length;
    if (nf > 0) {
      const { array: fac, offset } = factorValues!.at(nRows);
      for (let j = 0; j < nf; j++) fac[offset + j] = readNumber(fields[L.factors[j]], line, L.factors[j]);
    }
    if (L.label >= 0) labels.push(fields[L.label]);
    if (L.group >= 0) {
      const g = fields[L.group].trim();
      if (g === '') fail('expected a group value, got an empty cell', line, L.group);
      groups.push(g);
    }
    if (L.rowNames >= 0) rowNames.push(fields[L.rowNames]);
    if (L.split >= 0) {
      const s = fields[L.split].trim();
      if (s !== 'train' && s !== 'test') fail(`expected "train" or "test", got ${quoteCell(fields[L.split])}`, line, L.split);
      split.push(s as 'train' | 'test');
    }
    const at = lines.at(nRows);
    at.array[at.offset] = line;
    nRows++;
  };

  const finish = (): DenseDataset => {
    if (!header && !layout) {
      throw new DataError(`empty file (expected ${hasHeader ? 'a header row and data rows' : 'rows of numbers'})`, { file });
    }
    if (nRows === 0) throw new DataError('no data rows after the header', { file, line: headerLine });
    const L = layout!;
    const nf = L.factors.length;
    return {
      kind: 'dense',
      nRows,
      nCols,
      values: values!.join(nRows),
      columns: Array.from(L.features, (f) => L.fieldNames[f]),
      ...(L.label >= 0 ? { labels: labelValues(labels), labelName: L.fieldNames[L.label] } : {}),
      ...(L.group >= 0 ? { groups: { name: L.fieldNames[L.group], values: groups } } : {}),
      ...(nf > 0 ? { factors: { names: Array.from(L.factors, (f) => L.fieldNames[f]), values: factorValues!.join(nRows) } } : {}),
      ...(L.split >= 0 ? { split } : {}),
      ...(L.rowNames >= 0 ? { rowNames } : {}),
      source: file,
      lines: lines.join(nRows),
    };
  };
  return { sink, finish };
}

const DECIMAL_COMMA_ERROR = 'which has a decimal comma';

/** A number written with a decimal comma (`1,5`, `-0,25`, `,5`, `1,5e-3`): the European convention. */
const DECIMAL_COMMA = /^\s*[+-]?(\d+,\d*|,\d+)([eE][+-]?\d+)?\s*$/;

/** The hint after "expected a number" in the first data row: the column may be a label rather than a feature. */
function labelHint(column: string, style: HintStyle): string {
  return style === 'cli'
    ? ` (if '${column}' is not a feature, pass ${optionHint({ label: column }, 'cli')}, or choose the features with --columns)`
    : ` (if '${column}' is not a feature, name it with the label, factors or columns option)`;
}

function labelValues(raw: readonly string[]): (string | number)[] {
  const nums: number[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = parseCell(raw[i]);
    if (v === undefined || !(v - v === 0)) return [...raw];
    nums[i] = v;
  }
  return nums;
}

function makeLayout(header: readonly string[] | undefined, firstRowFields: number, headerLine: number, options: DenseCsvOptions, file: string): Layout {
  const where = { file, line: headerLine || undefined };
  let names: string[];
  let rowNames = -1;
  const shifted = !!header && firstRowFields === header.length + 1;
  if (!header) {
    names = Array.from({ length: firstRowFields }, (_, j) => `x${j + 1}`);
  } else if (shifted) {
    // R's write.table: the header has no entry for the row-name column.
    names = ['', ...header];
    rowNames = 0;
  } else {
    names = [...header];
    if (names.length > 1 && names[0] === '') rowNames = 0;
  }
  const nFields = names.length;
  const fieldNames = names.map((n, j) => (j === rowNames ? '(row names)' : n));

  const index = new Map<string, number>();
  names.forEach((n, j) => {
    if (j === rowNames) return;
    if (n === '') throw new DataError(`column ${j + 1} has no name in the header`, where);
    const prev = index.get(n);
    if (prev !== undefined) throw new DataError(`duplicate column name '${n}' (columns ${prev + 1} and ${j + 1})`, where);
    index.set(n, j);
  });
  const available = names.filter((_, j) => j !== rowNames);
  const find = (name: string, role: string): number => {
    const j = index.get(name);
    if (j === undefined) throw new DataError(`unknown ${role} column '${name}'; available columns: ${listNames(available)}`, where);
    return j;
  };

  const numberLike = (n: string): boolean => Number.isFinite(parseCell(n)) || (options.delimiter !== ',' && DECIMAL_COMMA.test(n));
  if (header && !options.columns && options.label === undefined && options.group === undefined && available.length > 0 && available.every(numberLike)) {
    const hint = optionHint({ header: false }, options.hintStyle);
    throw new DataError(`the header row looks like numbers (${listNames(available, 5)}); pass ${hint} if the file has no header`, where);
  }

  const label = options.label === undefined ? -1 : find(options.label, 'label');
  const group = options.group === undefined ? -1 : find(options.group, 'group');
  const factors = (options.factors ?? []).map((n) => find(n, 'factor'));
  const splitIdx = header ? (index.get(SPLIT_COLUMN) ?? -1) : -1;
  const special = new Map<number, string>();
  if (label >= 0) special.set(label, 'the label');
  if (group >= 0) {
    if (special.has(group)) throw new DataError(`column '${options.group}' cannot be both the group and ${special.get(group)}`, where);
    special.set(group, 'the group');
  }
  for (const f of factors) {
    if (f === group) throw new DataError(`column '${options.group}' cannot be both the group and a factor`, where);
    special.set(f, 'a factor');
  }
  if (splitIdx >= 0 && splitIdx === group) throw new DataError(`column '${SPLIT_COLUMN}' cannot be both the group and the split column`, where);
  if (splitIdx >= 0) special.set(splitIdx, 'the split column');

  let features: number[];
  if (options.columns) {
    features = options.columns.map((n) => {
      const j = find(n, 'feature');
      const role = special.get(j);
      if (role) throw new DataError(`column '${n}' cannot be both a feature and ${role}`, where);
      return j;
    });
    const seen = new Set<number>();
    for (const j of features) {
      if (seen.has(j)) throw new DataError(`column '${names[j]}' is listed twice in columns`, where);
      seen.add(j);
    }
  } else {
    features = [];
    for (let j = 0; j < names.length; j++) if (j !== rowNames && !special.has(j)) features.push(j);
  }
  if (features.length === 0) throw new DataError('no feature columns left after removing the label, group, factors and split', where);

  return {
    nFields,
    fieldNames,
    features: Int32Array.from(features),
    factors: Int32Array.from(factors),
    label,
    group,
    split: splitIdx,
    rowNames,
    countFromHeader: !!header && !shifted,
  };
}
