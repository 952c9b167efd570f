import { requireDense } from '@latentkit/core';
import type { Dataset, RowSource } from '@latentkit/core';
import { columnMoments, type Moments } from '../shared/column-moments.js';
import { covarianceRoot } from '../shared/linear-gaussian.js';
import { streamMoments } from '../shared/stream-moments.js';

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
  return faDataOf(columnMoments(ds.values, ds.nRows, ds.nCols));
}

/** Moments of streamed rows (two passes, `streamMoments`), for a streamed fit; K must not exceed D. */
export async function streamFaData(source: RowSource, k: number): Promise<FaData> {
  if (k > source.nCols) throw new Error(`${FA_KEY}: nComponents=${k} is more than the ${source.nCols} columns of the data`);
  return faDataOf(await streamMoments(source, FA_KEY));
}

/** What factor analysis reads of the moments: with the variances and a root of S. */
function faDataOf(m: Moments): FaData {
  return { ...m, variance: Float64Array.from({ length: m.d }, (_, j) => m.cov[j * m.d + j]), root: covarianceRoot(m.cov, m.d) };
}
