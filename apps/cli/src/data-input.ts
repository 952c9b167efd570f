import {
  DataError,
  dataFileKind,
  delimiterName,
  gunzipText,
  isGzipBytes,
  loadDataset,
  optionHint,
  parseDenseCsv,
  requireFloat32Safe,
  type Dataset,
  type LoadDatasetOptions,
} from '@latentkit/core';
import { UsageError } from './errors.js';
import type { StdinSource } from './io.js';
import type { DataFormatOptions } from './options/data-format.js';

/** The data argument that means standard input. */
export const STDIN_ARGUMENT = '-';

/** The name standard input has in messages and as a dataset's `source`. */
export const STDIN_NAME = '<stdin>';

/** Whether a data argument is read as delimited text: a `.csv`, `.tsv`, `.tab` or `.txt` file (also gzipped), or standard input. */
export const isDelimitedText = (file: string): boolean => file === STDIN_ARGUMENT || dataFileKind(file) === 'csv';

/** A data argument as messages name it: `<stdin>` for `-`, else as given. */
export const dataName = (file: string): string => (file === STDIN_ARGUMENT ? STDIN_NAME : file);

/**
 * Read a data file (or `-`, standard input, read as CSV) with the column options in `csv` (for delimited text only)
 * and the format options `--no-header` and `--delimiter`, then check that every value can be used
 * ({@link checkUsable}). A detected delimiter is reported through `format.onNote`.
 * @throws UsageError when a format option is given for a file that is not delimited text.
 */
export async function loadDataFile(file: string, csv: LoadDatasetOptions, format: DataFormatOptions): Promise<Dataset> {
  if (!isDelimitedText(file)) {
    const kind = dataFileKind(file);
    // An unknown extension is left to loadDataset, whose message lists the known ones.
    if (kind) rejectFormatOptions(file, format, kind === 'mtx' ? 'a Matrix Market file' : 'a JSON file');
    return checkUsable(await loadDataset(file, csv));
  }
  const name = dataName(file);
  const options: LoadDatasetOptions = {
    ...csv,
    ...(format.header === false && { header: false }),
    ...(format.delimiter !== undefined && { delimiter: format.delimiter }),
    hintStyle: 'cli',
    onDelimiterDetected: (d) => format.onNote?.(`${name}: reading ${delimiterName(d)}-separated columns (detected); pass --delimiter to override`),
  };
  if (file !== STDIN_ARGUMENT) return checkUsable(await loadDataset(file, options));
  return checkUsable(parseDenseCsv(await readStdin(format), { ...options, source: STDIN_NAME }));
}

/** A registered dataset's data (`datasets/iris`), after rejecting format options and checking the values with {@link checkUsable}. */
export function checkDatasetArgument(key: string, ds: Dataset, format: DataFormatOptions): Dataset {
  rejectFormatOptions(key, format, 'a registered dataset');
  return checkUsable(ds);
}

/** Standard input can be read once: reject `-` for both the training and the test data. */
export function requireOneStdin(args: readonly (string | undefined)[]): void {
  if (args.filter((a) => a === STDIN_ARGUMENT).length > 1) {
    throw new UsageError(`standard input ('${STDIN_ARGUMENT}') can be read only once; give a file for the test data`);
  }
}

/** Reject `--no-header`/`--delimiter` for data that is not delimited text (`what`: a JSON file, a registered dataset). */
export function rejectFormatOptions(file: string, format: DataFormatOptions, what: string): void {
  const given = [...(format.header === false ? ['--no-header'] : []), ...(format.delimiter !== undefined ? ['--delimiter'] : [])];
  if (given.length === 0) return;
  const verb = given.length > 1 ? 'apply' : 'applies';
  throw new UsageError(`${given.join(' and ')} ${verb} to delimited text (.csv, .tsv, .tab, .txt, or - for standard input), but ${file} is ${what}`);
}

/**
 * Check what every model needs of the values before any model sees them: no infinities, and no value whose square
 * overflows float32 (|x| > 1.84e19). NaN (missing) is left to the model. Errors name the file, line and column.
 */
export function checkUsable(ds: Dataset): Dataset {
  requireFloat32Safe(ds);
  return ds;
}

const stdinTexts = new WeakMap<StdinSource, Promise<string>>();

/**
 * All of standard input as text, gzip data decompressed; read once and remembered, so that loading it again (with
 * other columns) sees the same text. One-line errors when there is nothing to read.
 */
function readStdin(format: DataFormatOptions): Promise<string> {
  const stdin = format.stdin?.();
  if (!stdin) throw new UsageError(`'${STDIN_ARGUMENT}' reads data from standard input, which this command has none of`);
  let text = stdinTexts.get(stdin);
  if (!text) stdinTexts.set(stdin, (text = readAll(stdin)));
  return text;
}

async function readAll(stdin: StdinSource): Promise<string> {
  if (stdin.isTTY) {
    throw new UsageError(
      `'${STDIN_ARGUMENT}' reads CSV from standard input, but it is a terminal; redirect a file, e.g. latentkit fit mixture/gmm - < data.csv`,
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  const bytes = Buffer.concat(chunks);
  return isGzipBytes(bytes) ? gunzipText(bytes, STDIN_NAME) : bytes.toString('utf8');
}

/**
 * Whether loading failed because the header row looks like numbers: the file has no header, and the error's hint
 * (`--no-header`) says more than a missing column name would.
 */
export const headerLooksNumeric = (error: unknown): boolean => error instanceof DataError && error.detail.startsWith('the header row looks like numbers');

/** Column names that usually hold class labels rather than features. */
const LABEL_LIKE = /^(label|class|species|target|y)$/i;

/**
 * Note each feature column whose name looks like a class label (`label`, `class`, `species`, `target`, `y`, in any
 * case) and whose values are all whole numbers (class codes; a continuous `y` beside an `x` is a coordinate), with the
 * flag that leaves it out, unless `--label` or `--columns` chose the columns or the data already keeps its labels apart
 * (`labelName`, as a registered dataset such as `datasets/sotu-eras`, whose columns are words, may).
 * @example
 * ```ts
 * noteLabelLikeColumns(iris, 'iris.csv', options); // note: iris.csv: column 'species' looks like a class label ...
 * ```
 */
export function noteLabelLikeColumns(ds: Dataset, name: string, options: { columns?: readonly string[]; label?: string } & DataFormatOptions): void {
  const note = options.onNote;
  if (ds.kind !== 'dense' || ds.labelName !== undefined || options.columns !== undefined || options.label !== undefined || !note) return;
  ds.columns.forEach((c, j) => {
    if (!LABEL_LIKE.test(c.trim()) || !holdsWholeNumbers(ds.values, ds.nCols, j)) return;
    note(
      `${name}: column '${c}' looks like a class label but is used as a feature; pass ${optionHint({ label: c }, 'cli')} to leave it out (or --columns to choose the features, which silences this note)`,
    );
  });
}

/** Whether every observed (non-NaN) value of column `j` of a row-major matrix is a whole number. */
function holdsWholeNumbers(values: ArrayLike<number>, nCols: number, j: number): boolean {
  for (let i = j; i < values.length; i += nCols) if (!Number.isNaN(values[i]) && !Number.isInteger(values[i])) return false;
  return true;
}
