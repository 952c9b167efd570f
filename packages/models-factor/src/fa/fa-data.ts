import { requireDense } from '@latentkit/core';
import type { Dataset } from '@latentkit/core';
import { columnMoments, type Moments } from '../shared/column-moments.js';
import { covarianceRoot } from '../shared/linear-gaussian.js';

/** Registry key of factor analysis. */
export const FA_KEY = 'factor/fa';

/** The training data as factor analysis uses it: the column means, the 1/N covariance S and its diagonal. */
export interface FaData extends Moments {
  /** diag S: the 1/N variance of every column. */
  readonly variance: Float64Array;
  /** L with L Lᵀ = S, from which the objective is computed without cancellation (`rootLogLik`). */
  readonly root: Float64Array;
}

/** Moments of the data, once per fit; K must not exceed D. */
export function prepareFaData(data: Dataset, k: number): FaData {
  const ds = requireDense(data, FA_KEY);
  if (k > ds.nCols) throw new Error(`${FA_KEY}: nComponents=${k} is more than the ${ds.nCols} columns of the data`);
  const m = columnMoments(ds.values, ds.nRows, ds.nCols);
  return { ...m, variance: Float64Array.from({ length: m.d }, (_, j) => m.cov[j * m.d + j]), root: covarianceRoot(m.cov, m.d) };
}
