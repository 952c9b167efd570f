/**
 * Column indices of the k largest scores of row `i` (row-major, `nCols` columns), best first; equal scores keep
 * column order (numpy's `argsort(-scores, kind='stable')`).
 */
export function topK(scores: Float64Array, i: number, nCols: number, k: number): number[] {
  const idx = Array.from({ length: nCols }, (_, j) => j);
  idx.sort((a, b) => scores[i * nCols + b] - scores[i * nCols + a] || a - b);
  return idx.slice(0, k);
}
