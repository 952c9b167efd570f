import type { Dataset } from './dataset.js';
import { DataError } from './data-error.js';
import { loadDenseCsv, type DenseCsvOptions } from './dense-csv.js';
import { loadJsonMatrix } from './json-matrix.js';
import { loadMatrixMarket, type MatrixMarketOptions } from './matrix-market.js';

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

const CSV_ONLY = ['delimiter', 'header', 'columns', 'label', 'factors', 'engine'] as const;
const MTX_ONLY = ['vocabulary', 'rowNames', 'transpose', 'counts'] as const;

/**
 * Load a data file, choosing the loader by extension: `.csv`, `.tsv`, `.tab`, `.txt` (delimited text, see
 * `loadDenseCsv`), `.mtx` (Matrix Market counts, see `loadMatrixMarket`) and `.json` (see `loadJsonMatrix`).
 * Options that do not apply to the selected format are rejected rather than ignored.
 * @example
 * ```ts
 * const ds = await loadDataset('penguins.csv', { label: 'species' });
 * ```
 */
export async function loadDataset(path: string, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const dot = path.lastIndexOf('.');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const ext = dot > slash ? path.slice(dot).toLowerCase() : '';
  const kind = DATA_EXTENSIONS[ext];
  if (!kind) {
    const what = ext === '' ? 'no file extension' : `unknown data file extension '${ext}'`;
    throw new DataError(`${what}; expected ${Object.keys(DATA_EXTENSIONS).join(', ')}`, { file: path });
  }
  const given = (keys: readonly string[]): string[] => keys.filter((k) => (options as Record<string, unknown>)[k] !== undefined);
  const notFor = kind === 'csv' ? given(MTX_ONLY) : kind === 'mtx' ? given([...CSV_ONLY, 'missing']) : given([...CSV_ONLY, ...MTX_ONLY]);
  if (notFor.length > 0) throw new DataError(`option ${notFor.map((k) => `'${k}'`).join(', ')} does not apply to ${ext} files`, { file: path });
  if (kind === 'mtx') return loadMatrixMarket(path, options);
  if (kind === 'json') return loadJsonMatrix(path, { missing: options.missing });
  return loadDenseCsv(path, options);
}
