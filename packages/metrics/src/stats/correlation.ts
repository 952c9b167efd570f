import { column, type Table } from '../input/metric-input.js';

/** Which correlation a matching uses. */
export type CorrelationMethod = 'pearson' | 'spearman';

/**
 * Ranks 1 … n of the values, ties sharing their average rank (scipy's `rankdata(method='average')`).
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let q = start; q < end; q++) ranks[order[q]] = rank;
    start = end;
  }
  return ranks;
}

function centredColumns(t: Table, method: CorrelationMethod): { cols: Float64Array[]; norms: Float64Array } {
  const cols: Float64Array[] = [];
  const norms = new Float64Array(t.nCols);
  for (let j = 0; j < t.nCols; j++) {
    const c = method === 'spearman' ? averageRanks(column(t, j)) : column(t, j);
    let mean = 0;
    for (const v of c) mean += v;
    mean /= c.length;
    let ss = 0;
    for (let i = 0; i < c.length; i++) {
      c[i] -= mean;
      ss += c[i] * c[i];
    }
    cols.push(c);
    norms[j] = Math.sqrt(ss);
  }
  return { cols, norms };
}

/**
 * The d×d′ matrix of |corr(truth_j, pred_k)| (row-major), Pearson's r or Spearman's ρ (Pearson's r of the average
 * ranks). A constant column correlates 0 with everything. Values are clipped to [0, 1].
 */
export function absCorrelationMatrix(truth: Table, pred: Table, method: CorrelationMethod): Float64Array {
  const t = centredColumns(truth, method);
  const p = centredColumns(pred, method);
  const out = new Float64Array(truth.nCols * pred.nCols);
  for (let j = 0; j < truth.nCols; j++) {
    for (let k = 0; k < pred.nCols; k++) {
      const denom = t.norms[j] * p.norms[k];
      if (denom === 0) continue;
      let s = 0;
      const a = t.cols[j];
      const b = p.cols[k];
      for (let i = 0; i < a.length; i++) s += a[i] * b[i];
      out[j * pred.nCols + k] = Math.min(1, Math.abs(s / denom));
    }
  }
  return out;
}
