import type { Dataset, DenseDataset } from '@latentkit/core';
import type { DdeParams } from './dde-params.js';
import { DDE_FAMILIES, type DdeFamily } from './dde-state.js';

/** The data of a DDE fit: the observed matrix in float64 and each column's family, checked once. */
export interface DdeData {
  /** Number of observations N (rows). */
  readonly nRows: number;
  /** Number of observed columns J. */
  readonly nCols: number;
  /** N × J, row-major. */
  readonly values: Float64Array;
  /** The J column names, in the order of `values`. */
  readonly columns: readonly string[];
  /** The likelihood family of each of the J columns (`bernoulli`, `poisson` or `normal`). */
  readonly families: readonly DdeFamily[];
}

const where = (data: DenseDataset, row: number): string => {
  const line = data.lines?.[row];
  return `${data.source ?? 'data'}${line !== undefined ? ` line ${line}` : ` row ${row + 1}`}`;
};

/**
 * The family of each column: `params.likelihoods[name]` where given, else `params.likelihood`.
 * @throws Error naming a `likelihoods` entry that is not a column.
 */
export function columnFamilies(params: Pick<DdeParams, 'likelihood' | 'likelihoods'>, columns: readonly string[]): DdeFamily[] {
  const map = params.likelihoods ?? {};
  const known = new Set(columns);
  for (const name of Object.keys(map))
    if (!known.has(name)) throw new Error(`dde/dde: likelihoods names column '${name}', which the data does not have (columns: ${columns.join(', ')})`);
  return columns.map((c) => map[c] ?? params.likelihood);
}

/**
 * Check and convert a dataset for a DDE: dense, no missing cells, Bernoulli columns 0/1, Poisson columns
 * non-negative integers, Normal columns finite.
 * @throws Error in one line naming the file, line, column, value and what its family expects.
 */
export function prepareDdeData(data: Dataset, params: Pick<DdeParams, 'likelihood' | 'likelihoods'>): DdeData {
  if (data.kind !== 'dense') throw new Error('dde/dde: expected a dense table of observations, got sparse counts');
  const families = columnFamilies(params, data.columns);
  const { nRows, nCols, values } = data;
  for (let i = 0; i < nRows; i++)
    for (let j = 0; j < nCols; j++) {
      const x = values[i * nCols + j];
      const family = families[j];
      const ok = family === 'bernoulli' ? x === 0 || x === 1 : family === 'poisson' ? Number.isInteger(x) && x >= 0 : Number.isFinite(x);
      if (!ok) {
        const expected = family === 'bernoulli' ? 'a 0/1 value' : family === 'poisson' ? 'a non-negative integer count' : 'a finite number';
        throw new Error(`dde/dde: ${where(data, i)}, column '${data.columns[j]}': value ${x} is not ${expected} (likelihood ${family})`);
      }
    }
  return { nRows, nCols, values: Float64Array.from(values), columns: [...data.columns], families };
}

export { DDE_FAMILIES };
