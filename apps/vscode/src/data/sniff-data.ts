import { delimiterForPath, detectDelimiter, parseCell, readCsvRecords, SPLIT_COLUMN } from '@latentkit/core';

/** What a column of a delimited text file looks like in its first rows. */
export interface SniffedColumn {
  readonly name: string;
  /** Every sampled cell is a number (or a missing-value token). */
  readonly numeric: boolean;
  /** Number of distinct sampled values (capped at 1000). */
  readonly distinct: number;
}

/** The header and first rows of a data file, enough to choose loader options without reading it all. */
export type SniffedData =
  | {
      readonly format: 'delimited';
      readonly delimiter: string;
      readonly columns: readonly SniffedColumn[];
      /** Number of data rows sampled. */
      readonly sampledRows: number;
    }
  | { readonly format: 'matrix-market'; readonly nRows: number; readonly nCols: number; readonly nnz: number };

/** Loader options the extension passes to `loadDataset` for a delimited file. */
export interface LoadChoice {
  /** Feature columns, when some columns must be left out (non-numeric ones); otherwise every column is a feature. */
  readonly columns?: readonly string[];
  readonly label?: string;
  /** The column holding each row's group (`loadDenseCsv({ group })`), for a model that declares `data.groups`. */
  readonly group?: string;
  /** The background group value (the model's `background` hyperparameter), checked against the column's values. */
  readonly background?: string;
  /** The target group values kept (`keepGroupRows` of @latentkit/app); undefined keeps every row. */
  readonly targets?: readonly string[];
}

const LABEL_NAMES = ['label', 'labels', 'class', 'classes', 'species', 'target', 'y', 'group', 'cluster', 'category'];

/**
 * Read the header and the first data rows of CSV/TSV text (a prefix of the file: a partial last line is dropped),
 * or the size line of a Matrix Market file.
 * @example
 * ```ts
 * sniffData('a,b,species\n1,2,x\n', 'iris.csv'); // columns a, b numeric; species not
 * ```
 */
export function sniffData(prefix: string, path: string, complete = true): SniffedData {
  if (/\.mtx$/i.test(path)) return sniffMatrixMarket(prefix, path);
  const text = complete ? prefix : prefix.slice(0, prefix.lastIndexOf('\n') + 1);
  const delimiter = delimiterForPath(path) ?? detectDelimiter(text);
  let header: string[] | undefined;
  const numeric: boolean[] = [];
  const values: Set<string>[] = [];
  let rows = 0;
  readCsvRecords(
    text,
    delimiter,
    (fields) => {
      if (!header) {
        header = fields.map((f) => f.trim());
        return;
      }
      const shift = fields.length === header.length + 1 ? 1 : 0;
      for (let j = 0; j < header.length; j++) {
        const cell = fields[j + shift] ?? '';
        numeric[j] = (numeric[j] ?? true) && parseCell(cell) !== undefined;
        values[j] ??= new Set();
        if (values[j].size < 1000) values[j].add(cell.trim());
      }
      rows++;
    },
    { file: path },
  );
  if (!header) throw new Error(`${path} is empty (expected a header row and data rows)`);
  const columns = header
    .map((name, j) => ({ name, numeric: numeric[j] ?? true, distinct: values[j]?.size ?? 0 }))
    .filter((c, j) => !(j === 0 && c.name === ''));
  return { format: 'delimited', delimiter, columns, sampledRows: rows };
}

function sniffMatrixMarket(prefix: string, path: string): SniffedData {
  const lines = prefix.split('\n');
  if (!/^%%MatrixMarket/i.test(lines[0] ?? '')) throw new Error(`${path}:1: expected a '%%MatrixMarket matrix coordinate ...' header`);
  const size = lines.find((l, i) => i > 0 && l.trim() !== '' && !l.startsWith('%'));
  const [nRows, nCols, nnz] = (size ?? '').trim().split(/\s+/).map(Number);
  if (![nRows, nCols, nnz].every(Number.isInteger)) throw new Error(`${path}: expected a size line 'rows columns entries' after the header`);
  return { format: 'matrix-market', nRows, nCols, nnz };
}

/** Columns that can be a label: the non-numeric ones, then numeric ones with a label-like name or few distinct values. */
export function labelCandidates(sniffed: SniffedData): string[] {
  if (sniffed.format !== 'delimited') return [];
  const usable = sniffed.columns.filter((c) => c.name !== SPLIT_COLUMN);
  const named = (c: SniffedColumn) => LABEL_NAMES.includes(c.name.toLowerCase());
  const text = usable.filter((c) => !c.numeric);
  const fewValues = usable.filter((c) => c.numeric && (named(c) || (c.distinct <= 10 && sniffed.sampledRows >= 20 && c.distinct < sniffed.sampledRows / 2)));
  return [...text.filter(named), ...text.filter((c) => !named(c)), ...fewValues.filter(named), ...fewValues.filter((c) => !named(c))].map((c) => c.name);
}

/**
 * The default label column: a non-numeric column (one with a label-like name first), or a numeric column with a
 * label-like name (`label`, `class`, `species`, `target`, `y`, ...); none otherwise.
 */
export function defaultLabel(sniffed: SniffedData): string | undefined {
  if (sniffed.format !== 'delimited') return undefined;
  const usable = sniffed.columns.filter((c) => c.name !== SPLIT_COLUMN);
  const text = usable.filter((c) => !c.numeric);
  const named = (c: SniffedColumn) => LABEL_NAMES.includes(c.name.toLowerCase());
  return (text.find(named) ?? text[0] ?? usable.find(named))?.name;
}

/**
 * Loader options for a delimited file with the given label: every numeric column other than the label (and the
 * `split` column) is a feature; `columns` is set only when some column has to be left out.
 * @throws Error when no numeric feature column is left.
 */
export function loadChoice(sniffed: SniffedData, label: string | undefined): LoadChoice {
  if (sniffed.format !== 'delimited') return {};
  const features = sniffed.columns.filter((c) => c.numeric && c.name !== label && c.name !== SPLIT_COLUMN).map((c) => c.name);
  if (features.length === 0) throw new Error(`no numeric feature column is left after the label${label ? ` '${label}'` : ''}`);
  const others = sniffed.columns.filter((c) => c.name !== label && c.name !== SPLIT_COLUMN);
  return { ...(features.length < others.length && { columns: features }), ...(label !== undefined && { label }) };
}
