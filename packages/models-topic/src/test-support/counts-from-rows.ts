import type { CountDataset } from '@latentkit/core';

/** A count dataset (CSR) from dense rows of word counts; the vocabulary defaults to `w1..wV`. */
export function countsFromRows(rows: readonly (readonly number[])[], vocabulary?: readonly string[], source?: string): CountDataset {
  const indptr = new Int32Array(rows.length + 1);
  const indices: number[] = [];
  const data: number[] = [];
  rows.forEach((row, i) => {
    row.forEach((c, j) => {
      if (c !== 0) {
        indices.push(j);
        data.push(c);
      }
    });
    indptr[i + 1] = indices.length;
  });
  const nCols = vocabulary?.length ?? rows[0].length;
  return {
    kind: 'counts',
    nRows: rows.length,
    nCols,
    indptr,
    indices: Int32Array.from(indices),
    data: Float64Array.from(data),
    vocabulary: vocabulary ? [...vocabulary] : Array.from({ length: nCols }, (_, j) => `w${j + 1}`),
    ...(source && { source }),
  };
}
