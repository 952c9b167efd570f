import type { CountDataset, Dataset, DenseDataset } from './dataset.js';
import { requireCounts } from './validate.js';

/**
 * A dense document-term matrix (a CSV of counts, one row per document and one column per word) as a CSR count
 * matrix. Every cell must be a non-negative integer; the error names the file, the line (or row) and the column of
 * the first one that is not. Column names become the vocabulary; row names, the split, the groups and the source follow the rows.
 * @throws {@link DataError} such as `docs.csv:3: column 'war' (2): expected a non-negative integer count, got -3`.
 * @example
 * ```ts
 * const docs = denseToCounts(await loadDenseCsv('docs.csv')); // { kind: 'counts', vocabulary: [...header] }
 * ```
 */
export function denseToCounts(data: DenseDataset): CountDataset {
  requireCounts(data);
  const { nRows, nCols, values } = data;
  const indptr = new Int32Array(nRows + 1);
  const indices: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++) {
      const v = values[i * nCols + j];
      if (v === 0) continue;
      indices.push(j);
      counts.push(v);
    }
    indptr[i + 1] = indices.length;
  }
  return {
    kind: 'counts',
    nRows,
    nCols,
    indptr,
    indices: Int32Array.from(indices),
    data: Float64Array.from(counts),
    vocabulary: [...data.columns],
    ...(data.rowNames && { rowNames: data.rowNames }),
    ...(data.split && { split: data.split }),
    ...(data.groups && { groups: data.groups }),
    ...(data.source && { source: data.source }),
  };
}

/**
 * The data in the form a model asks for (`plugin.data.kind`): a dense matrix becomes counts ({@link denseToCounts})
 * when the model needs counts; anything else is returned as it is (the registry's data check judges it).
 * The CLI and the VS Code extension both pass every data set through it before checking and fitting.
 * @example
 * ```ts
 * const data = asModelData(await loadDataset('docs.csv'), registry.model('topic/lda').data.kind);
 * ```
 */
export function asModelData(data: Dataset, kind: Dataset['kind']): Dataset {
  return kind === 'counts' && data.kind === 'dense' ? denseToCounts(data) : data;
}
