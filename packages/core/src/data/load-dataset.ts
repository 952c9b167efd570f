import type { Dataset } from './dataset.js';
import { DataError } from './data-error.js';
import { loadDenseCsv, type DenseCsvOptions } from './dense-csv.js';
import { loadJsonMatrix } from './json-matrix.js';
import { loadMatrixMarket, type MatrixMarketOptions } from './matrix-market.js';
import { isGzipPath } from './read-text.js';

/** Options of {@link loadDataset}: those of the loader the extension selects. */
export interface LoadDatasetOptions extends DenseCsvOptions, MatrixMarketOptions {}

/** File extensions {@link loadDataset} understands, and the loader each one selects. */
export const DATA_EXTENSIONS: Readonly<Record<string, 'csv' | 'mtx' | 'json'>> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.tab': 'csv',
  '.txt': 'csv',
  '.mtx': 'mtx',
  '.json': 'json',
};

const CSV_ONLY = ['delimiter', 'header', 'columns', 'label', 'group', 'factors', 'engine'] as const;
// `onDelimiterDetected` and `hintStyle` are accepted by every format: they only matter where a delimiter or a hint arises.
const MTX_ONLY = ['vocabulary', 'rowNames', 'transpose', 'counts'] as const;

/**
 * The extension that decides how a data file is read, lower-cased, looking through a final `.gz`
 * (`data.CSV.gz` → `.csv`); `''` when there is none.
 * @example
 * ```ts
 * dataFileExtension('runs/2024.tsv.gz'); // '.tsv'
 * ```
 */
export function dataFileExtension(path: string): string {
  const name = isGzipPath(path) ? path.slice(0, -3) : path;
  const dot = name.lastIndexOf('.');
  const slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  return dot > slash ? name.slice(dot).toLowerCase() : '';
}

/** Which loader {@link loadDataset} uses for `path` (see {@link DATA_EXTENSIONS}); undefined for an unknown extension. */
export function dataFileKind(path: string): 'csv' | 'mtx' | 'json' | undefined {
  return DATA_EXTENSIONS[dataFileExtension(path)];
}

/**
 * Load a data file, choosing the loader by extension: `.csv`, `.tsv`, `.tab`, `.txt` (delimited text, see
 * `loadDenseCsv`), `.mtx` (Matrix Market counts, see `loadMatrixMarket`) and `.json` (see `loadJsonMatrix`), each
 * optionally gzip-compressed (`data.csv.gz`: decompressed whole, line numbers are those of the decompressed text).
 * Options that do not apply to the selected format are rejected rather than ignored.
 * @example
 * ```ts
 * const ds = await loadDataset('penguins.csv', { label: 'species' });
 * ```
 */
export async function loadDataset(path: string, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const ext = dataFileExtension(path);
  const kind = DATA_EXTENSIONS[ext];
  if (!kind) {
    const what = ext !== '' ? `unknown data file extension '${ext}'` : isGzipPath(path) ? "no data file extension before '.gz'" : 'no file extension';
    throw new DataError(`${what}; expected ${Object.keys(DATA_EXTENSIONS).join(', ')}, each optionally followed by .gz`, { file: path });
  }
  const given = (keys: readonly string[]): string[] => keys.filter((k) => (options as Record<string, unknown>)[k] !== undefined);
  const notFor = kind === 'csv' ? given(MTX_ONLY) : kind === 'mtx' ? given([...CSV_ONLY, 'missing']) : given([...CSV_ONLY, ...MTX_ONLY]);
  if (notFor.length > 0) throw new DataError(`option ${notFor.map((k) => `'${k}'`).join(', ')} does not apply to ${ext} files`, { file: path });
  if (kind === 'mtx') return loadMatrixMarket(path, options);
  if (kind === 'json') return loadJsonMatrix(path, { missing: options.missing });
  return loadDenseCsv(path, options);
}
