import { optimalAssignment } from '@latentkit/core';
import type { Table } from '../input/metric-input.js';
import { absCorrelationMatrix, type CorrelationMethod } from '../stats/correlation.js';

/** The optimal one-to-one matching of true to estimated columns by absolute correlation. */
export interface MatchedCorrelation {
  /** Mean |corr| over the min(d, d′) matched pairs. */
  readonly value: number;
  /** Matched pairs: true column index, estimated column index, |corr|. */
  readonly pairs: readonly { readonly truth: number; readonly pred: number; readonly corr: number }[];
}

/** Match true to estimated columns maximising Σ|corr| (Hungarian algorithm) and average the matched |corr|. */
export function matchedCorrelation(truth: Table, pred: Table, method: CorrelationMethod): MatchedCorrelation {
  const c = absCorrelationMatrix(truth, pred, method);
  const { rowToCol } = optimalAssignment({ rows: truth.nCols, cols: pred.nCols, data: c }, { maximize: true });
  const pairs = Array.from(rowToCol)
    .map((k, j) => ({ truth: j, pred: k, corr: k >= 0 ? c[j * pred.nCols + k] : 0 }))
    .filter((p) => p.pred >= 0);
  return { value: pairs.reduce((s, p) => s + p.corr, 0) / pairs.length, pairs };
}
