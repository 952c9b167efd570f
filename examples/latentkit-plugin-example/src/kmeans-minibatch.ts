import { requireDense, type Dataset } from '@latentkit/core';
import type { KMeansParams } from './kmeans-params.js';
import { initialCenters, KMEANS_KEY, type KMeansState } from './kmeans-terms.js';
import type { MiniBatchTerms } from './minibatch-terms.js';

/** The rows in float64, as the minibatch updates read them. */
export interface KMeansRows {
  readonly values: Float64Array;
  readonly nRows: number;
  readonly nCols: number;
}

/** k-means state plus the rows each centre has absorbed so far (its per-centre step size is 1 / count). */
type CountedState = KMeansState & { readonly counts?: Float64Array };

/** Index of the centre nearest to row i and the squared distance to it, in float64. */
function nearest(rows: KMeansRows, i: number, state: KMeansState): { c: number; d2: number } {
  const { k, d, centers } = state;
  let best = 0;
  let bestD2 = Infinity;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (rows.values[i * d + j] - centers[c * d + j]) ** 2;
    if (s < bestD2) [best, bestD2] = [c, s];
  }
  return { c: best, d2: bestD2 };
}

/**
 * Mini-batch k-means (Sculley 2010, "Web-scale k-means clustering") as {@link MiniBatchTerms}: for a minibatch B,
 * every row is first assigned to its nearest centre (centres fixed), then each row x moves its centre c by
 * c ← (1 − η) c + η x with η = 1 / v_c, where v_c counts the rows centre c has absorbed over the whole fit, so each
 * centre is the running mean of the rows assigned to it. The objective is that of Lloyd's terms,
 * −(1/N) Σ_i min_k ‖x_i − c_k‖². Initialisation is the same as for `inference/em` (k-means++ or random rows).
 */
export function kmeansMiniBatchTerms(params: KMeansParams): MiniBatchTerms<KMeansState, KMeansRows> {
  const rowsOf = (data: Dataset): KMeansRows => {
    const { values, nRows, nCols } = requireDense(data, KMEANS_KEY);
    return { values, nRows, nCols };
  };
  return {
    prepare: rowsOf,
    nRows: (rows) => rows.nRows,
    init: (rows, rng) => ({ ...initialCenters(rows.values, rows.nRows, rows.nCols, params, rng), counts: new Float64Array(params.nClusters) }) as CountedState,
    update: (state: CountedState, rows, batch) => {
      const { k, d } = state;
      const centers = Float64Array.from(state.centers);
      const counts = Float64Array.from(state.counts ?? new Float64Array(k));
      const assigned = Array.from(batch, (i) => nearest(rows, i, state).c);
      batch.forEach((i, b) => {
        const c = assigned[b];
        counts[c] += 1;
        const eta = 1 / counts[c];
        for (let j = 0; j < d; j++) centers[c * d + j] += eta * (rows.values[i * d + j] - centers[c * d + j]);
      });
      return { centers, k, d, counts } as CountedState;
    },
    objective: (state, rows) => {
      let total = 0;
      for (let i = 0; i < rows.nRows; i++) total += nearest(rows, i, state).d2;
      return -total / rows.nRows;
    },
  };
}
