import type { DenseDataset } from './dataset.js';
import type { MissingPolicy } from './dense-csv.js';
import { DataError, KEEP_MISSING_HINT, listNames, MissingValueError, quoteCell } from './data-error.js';
import { readTextFile } from './read-text.js';

/** Options of {@link loadJsonMatrix} and {@link parseJsonMatrix}. */
export interface JsonMatrixOptions {
  /** `null` cells (JSON has no NaN): `'error'` (default) rejects them with a `MissingValueError`, `'nan'` keeps them as `NaN`. */
  readonly missing?: MissingPolicy;
  /** File name for messages and `source` (only for {@link parseJsonMatrix}; default `'<text>'`). */
  readonly source?: string;
}

/**
 * Read a dense matrix from JSON. Two shapes are accepted:
 *
 * - an array of rows, `number[][]` (columns are named `x1..xD`);
 * - an object `{ "columns": string[], "data": number[][], "labels"?: (string | number)[],
 *   "split"?: ("train" | "test")[], "rowNames"?: string[] }`; `columns` may be left out (then `x1..xD`),
 *   `labels`, `split` and `rowNames` need one entry per row.
 *
 * Cells must be numbers; `null` is a missing value (allowed with `missing: 'nan'`).
 * Errors name the file, the 1-based row and the column.
 *
 * @example
 * ```ts
 * // data.json: {"columns": ["a", "b"], "data": [[1, 2], [3, 4]], "labels": ["x", "y"]}
 * const ds = await loadJsonMatrix('data.json');
 * ds.columns; // ['a', 'b']
 * ```
 */
export async function loadJsonMatrix(path: string, options: Omit<JsonMatrixOptions, 'source'> = {}): Promise<DenseDataset> {
  return parseJsonMatrix(await readTextFile(path), { ...options, source: path });
}

/** Parse JSON text into a dense dataset; see {@link loadJsonMatrix}. */
export function parseJsonMatrix(text: string, options: JsonMatrixOptions = {}): DenseDataset {
  const file = options.source ?? '<text>';
  const missingOk = options.missing === 'nan';
  if (text.trim() === '') throw new DataError('empty file (expected a JSON array of rows or an object with "data")', { file });
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (e) {
    throw new DataError(`invalid JSON: ${(e as Error).message}`, { file, line: jsonErrorLine(text, (e as Error).message) });
  }

  let rows: unknown;
  let columns: string[] | undefined;
  let labels: unknown;
  let split: unknown;
  let rowNames: unknown;
  if (Array.isArray(doc)) {
    rows = doc;
  } else if (doc !== null && typeof doc === 'object' && 'data' in doc) {
    const o = doc as Record<string, unknown>;
    const unknownKeys = Object.keys(o).filter((k) => !['columns', 'data', 'labels', 'split', 'rowNames'].includes(k));
    if (unknownKeys.length > 0) throw new DataError(`unknown key(s) ${listNames(unknownKeys)}; expected columns, data, labels, split, rowNames`, { file });
    rows = o.data;
    if (o.columns !== undefined) {
      if (!Array.isArray(o.columns) || !o.columns.every((c) => typeof c === 'string')) throw new DataError('"columns" must be an array of strings', { file });
      columns = o.columns as string[];
    }
    ({ labels, split, rowNames } = o);
  } else {
    throw new DataError('expected a JSON array of rows (number[][]) or an object {"columns", "data", "labels"?}', { file });
  }
  if (!Array.isArray(rows)) throw new DataError('"data" must be an array of rows (number[][])', { file });
  if (rows.length === 0) throw new DataError('no data rows', { file });
  const first = rows[0];
  if (!Array.isArray(first))
    throw new DataError(`expected each row to be an array of numbers, got ${quoteCell(JSON.stringify(first) ?? String(first))}`, { file, row: 1 });
  const nCols = columns?.length ?? first.length;
  if (nCols === 0) throw new DataError('rows have no columns', { file, row: 1 });
  const names = columns ?? Array.from({ length: nCols }, (_, j) => `x${j + 1}`);
  const dup = names.find((n, j) => names.indexOf(n) !== j);
  if (dup !== undefined) throw new DataError(`duplicate column name '${dup}'`, { file });

  const values = new Float64Array(rows.length * nCols);
  rows.forEach((r: unknown, i) => {
    if (!Array.isArray(r)) throw new DataError('expected an array of numbers', { file, row: i + 1 });
    if (r.length !== nCols)
      throw new DataError(`expected ${nCols} values like ${columns ? '"columns"' : 'the first row'}, got ${r.length}`, { file, row: i + 1 });
    for (let j = 0; j < nCols; j++) {
      const v: unknown = r[j];
      const where = { file, row: i + 1, column: names[j], columnIndex: j + 1 };
      if (typeof v === 'number') values[i * nCols + j] = v;
      else if (v === null && missingOk) values[i * nCols + j] = NaN;
      else if (v === null) throw new MissingValueError('missing value (null)', KEEP_MISSING_HINT, where);
      else throw new DataError(`expected a number, got ${quoteCell(JSON.stringify(v))}`, where);
    }
  });

  const perRow = <T>(key: string, a: unknown, ok: (v: unknown) => v is T): T[] | undefined => {
    if (a === undefined) return undefined;
    if (!Array.isArray(a) || a.length !== rows.length) throw new DataError(`"${key}" must be an array with one entry per row (${rows.length})`, { file });
    const bad = a.findIndex((v) => !ok(v));
    if (bad >= 0) throw new DataError(`"${key}"[${bad}]: unexpected value ${quoteCell(JSON.stringify(a[bad]) ?? String(a[bad]))}`, { file, row: bad + 1 });
    return a as T[];
  };
  const labelArr = perRow('labels', labels, (v): v is string | number => typeof v === 'string' || typeof v === 'number');
  const splitArr = perRow('split', split, (v): v is 'train' | 'test' => v === 'train' || v === 'test');
  const namesArr = perRow('rowNames', rowNames, (v): v is string => typeof v === 'string');
  return {
    kind: 'dense',
    nRows: rows.length,
    nCols,
    values,
    columns: names,
    ...(labelArr ? { labels: labelArr, labelName: 'label' } : {}),
    ...(splitArr ? { split: splitArr } : {}),
    ...(namesArr ? { rowNames: namesArr } : {}),
    source: file,
  };
}

/**
 * Line of a JSON syntax error. V8 says "at position N", "(line L column C)", or quotes up to 10 characters either
 * side of the error (`..."context"... is not valid JSON`), which is searched for in the text.
 */
function jsonErrorLine(text: string, message: string): number | undefined {
  const lc = /line (\d+) column \d+/.exec(message);
  if (lc) return Number(lc[1]);
  let pos: number | undefined;
  const at = /position (\d+)/.exec(message);
  if (at) pos = Number(at[1]);
  else {
    const m = /token '[\s\S]', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(message);
    const found = m ? text.indexOf(m[2]) : -1;
    if (!m || found < 0) return undefined;
    pos = found + (m[1] ? 10 : 0);
  }
  let line = 1;
  const p = Math.min(pos, text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < p; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
