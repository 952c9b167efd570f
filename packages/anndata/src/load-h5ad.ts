import { cooToCsr, DataError, denseToCounts, type CountDataset, type DenseDataset, type RowGroups } from '@latentkit/core';
import type { Group } from 'h5wasm';
import { withH5File } from './h5-file.js';
import { nodeAt } from './h5-values.js';
import { dataframeColumn, dataframeColumns, dataframeGroup, dataframeIndex, DataframeProblem } from './read-dataframe.js';
import { readMatrixElement, type MatrixElement } from './read-matrix.js';
import { compressedCoordinates, compressedToDense } from './sparse-to-dense.js';

/** Options of {@link loadH5ad}. */
export interface H5adOptions {
  /** The `obs` column holding each row's group (e.g. `condition`), returned as the dataset's `groups`. */
  readonly group?: string;
  /** Read `layers/<layer>` (e.g. `counts`, where raw counts are usually kept) instead of `X`. */
  readonly layer?: string;
  /**
   * The form of the result: `'dense'` (default: a `DenseDataset`, what every model but the topic models takes) or
   * `'counts'` (a CSR `CountDataset` built from the stored entries without densifying; every entry must be a
   * non-negative integer).
   */
  readonly kind?: 'dense' | 'counts';
}

const list = (names: readonly string[]): string =>
  names.length === 0 ? 'none' : names.slice(0, 30).join(', ') + (names.length > 30 ? `, … (${names.length} in all)` : '');

/**
 * Read an AnnData `.h5ad` file (HDF5, anndata ≥ 0.7 layout) as a latentkit dataset: one row per cell (`obs`), one
 * column per feature (`var`, named by the `var` index), the values of `X` or of `layers/<layer>`.
 *
 * The matrix may be dense (a 2-D dataset) or compressed sparse (`csr_matrix`/`csc_matrix` groups); a sparse matrix
 * becomes dense by writing each stored entry once into one `Float64Array` (x[i, j] = Σ data[k] over the entries at
 * (i, j), as scipy's `toarray()`), or, with `kind: 'counts'`, a CSR count matrix without densifying.
 * `group` names an `obs` column (categorical, string, nullable or numeric) whose values become `groups`, for
 * contrastive models; a missing value in it is an error naming the cell.
 * Every problem is a one-line {@link DataError} naming the file, e.g.
 * `pbmc.h5ad: obs has no column 'condtion'; obs columns: batch, condition, n_genes`.
 *
 * @example
 * ```ts
 * const ds = await loadH5ad('pbmc.h5ad', { group: 'condition', layer: 'counts' });
 * ds.columns; // gene names from var
 * ds.groups?.values; // ['control', 'treated', …], one per cell
 * ```
 */
export async function loadH5ad(path: string, options: H5adOptions & { kind: 'counts' }): Promise<CountDataset>;
export async function loadH5ad(path: string, options?: H5adOptions & { kind?: 'dense' }): Promise<DenseDataset>;
export async function loadH5ad(path: string, options?: H5adOptions): Promise<DenseDataset | CountDataset>;
export async function loadH5ad(path: string, options: H5adOptions = {}): Promise<DenseDataset | CountDataset> {
  const fail = (detail: string): never => {
    throw new DataError(detail, { file: path });
  };
  return withH5File(path, (file) => {
    try {
      const element = readElement(file, options.layer, fail);
      const columns = dataframeIndex(dataframeGroup(file, 'var'), 'var');
      const obs = dataframeGroup(file, 'obs');
      const rowNames = dataframeIndex(obs, 'obs');
      if (columns.length !== element.nCols) fail(`var has ${columns.length} entries but ${whichMatrix(options.layer)} has ${element.nCols} columns`);
      if (rowNames.length !== element.nRows) fail(`obs has ${rowNames.length} entries but ${whichMatrix(options.layer)} has ${element.nRows} rows`);
      const groups = options.group === undefined ? undefined : readGroups(obs, options.group, rowNames, fail);
      const common = { rowNames, source: path, ...(groups && { groups }) };
      if (options.kind === 'counts') return toCounts(element, columns, common, fail);
      const values = element.format === 'dense' ? Float64Array.from(element.values) : compressedToDense(element);
      const dense: DenseDataset = { kind: 'dense', nRows: element.nRows, nCols: element.nCols, values, columns, ...common };
      return dense;
    } catch (e) {
      if (e instanceof DataframeProblem) fail(e.message);
      throw e;
    }
  });
}

const whichMatrix = (layer: string | undefined): string => (layer === undefined ? 'X' : `layers/${layer}`);

function readElement(file: Group, layer: string | undefined, fail: (detail: string) => never): MatrixElement {
  const layers = nodeAt(file, 'layers');
  const layerNames = layers !== null && layers.type === 'Group' ? (layers as Group).keys() : [];
  if (layer !== undefined && !layerNames.includes(layer)) fail(`has no layer '${layer}'; layers: ${list(layerNames)}`);
  if (layer === undefined && nodeAt(file, 'X') === null) fail(`has no X matrix; give a layer (layers: ${list(layerNames)})`);
  const element = readMatrixElement(file, whichMatrix(layer));
  return typeof element === 'string' ? fail(element) : element;
}

function readGroups(obs: Group, name: string, rowNames: readonly string[], fail: (detail: string) => never): RowGroups {
  const columns = dataframeColumns(obs);
  if (!columns.includes(name) && nodeAt(obs, name) === null) fail(`obs has no column '${name}' for the groups; obs columns: ${list(columns)}`);
  const values = dataframeColumn(obs, 'obs', name);
  const missing = values.findIndex((v) => v === undefined);
  if (missing >= 0) fail(`obs column '${name}' has no value (missing) for row ${missing + 1} ('${rowNames[missing]}'); every row needs a group`);
  return { name, values: values as string[] };
}

function toCounts(
  element: MatrixElement,
  columns: string[],
  common: Pick<CountDataset, 'rowNames' | 'source' | 'groups'>,
  fail: (detail: string) => never,
): CountDataset {
  if (element.format === 'dense') {
    const dense: DenseDataset = { kind: 'dense', nRows: element.nRows, nCols: element.nCols, values: Float64Array.from(element.values), columns, ...common };
    return denseToCounts(dense);
  }
  const { rows, cols, vals } = compressedCoordinates(element);
  const bad = vals.findIndex((v) => !(v >= 0 && Number.isInteger(v)));
  if (bad >= 0) {
    fail(
      `row ${rows[bad] + 1} ('${common.rowNames?.[rows[bad]]}'), column '${columns[cols[bad]]}' (${cols[bad] + 1}): expected a non-negative integer count, got ${vals[bad]}`,
    );
  }
  return { kind: 'counts', ...cooToCsr(element.nRows, element.nCols, rows, cols, vals), vocabulary: columns, ...common };
}
