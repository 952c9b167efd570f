import { requireCounts, type CountDataset, type Dataset } from '@latentkit/core';

/**
 * The data in the form a model asks for: a dense matrix (a CSV document-term matrix) becomes a CSR count matrix
 * when the model needs counts, after checking that every cell is a non-negative integer (the error names the
 * file, line and column). Column names become the vocabulary; row names and the split follow the rows.
 * @example
 * ```ts
 * asModelData(await loadDataset('docs.csv'), 'counts'); // { kind: 'counts', vocabulary: [...header] }
 * ```
 */
export function asModelData(data: Dataset, kind: Dataset['kind']): Dataset {
  if (kind !== 'counts' || data.kind !== 'dense') return data;
  requireCounts(data);
  const { nRows, nCols, values } = data;
  const indptr = new Int32Array(nRows + 1);
  const indices: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++) {
      if (values[i * nCols + j] === 0) continue;
      indices.push(j);
      counts.push(values[i * nCols + j]);
    }
    indptr[i + 1] = indices.length;
  }
  const out: CountDataset = {
    kind: 'counts',
    nRows,
    nCols,
    indptr,
    indices: Int32Array.from(indices),
    data: Float64Array.from(counts),
    vocabulary: [...data.columns],
    ...(data.rowNames && { rowNames: data.rowNames }),
    ...(data.split && { split: data.split }),
    ...(data.source && { source: data.source }),
  };
  return out;
}
