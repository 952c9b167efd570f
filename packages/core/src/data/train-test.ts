import type { Dataset } from './dataset.js';
import { DataError } from './data-error.js';
import { splitRows } from './split.js';

/** The rows to fit and, when there are any, the rows to score. */
export interface TrainTestSplit<D extends Dataset = Dataset> {
  /** The rows to fit: every row without a split, else the `train` rows (at least one), in file order. */
  readonly train: D;
  /** Absent when the data has no split or its split has no test rows. */
  readonly test?: D;
}

/**
 * The one rule for which rows of a data set are fitted and which are scored, shared by the CLI and the VS Code
 * extension: without a `split` (column or dataset split) every row is fitted and none is scored; with one, the
 * `train` rows are fitted and the `test` rows (if any) scored. A split without a single `train` row is an error
 * rather than a silent fall-back to all rows, since that would fit the rows set aside for testing.
 * @param name How messages name the data (default `data.source`).
 * @throws {@link DataError} `faithful.csv: the split column has no 'train' rows: …` when every row is `test`.
 * @example
 * ```ts
 * const { train, test } = trainTestSplit(await loadDataset('faithful.csv')); // 218 and 54 rows
 * ```
 */
export function trainTestSplit<D extends Dataset>(data: D, name: string = data.source ?? '<data>'): TrainTestSplit<D> {
  if (!data.split) return { train: data };
  const train = splitRows(data, 'train');
  if (train.nRows === 0) {
    throw new DataError(
      `the split column has no 'train' rows: all ${data.nRows} rows are 'test' (mark the rows to fit 'train', or remove the split column to fit every row)`,
      { file: name },
    );
  }
  const test = splitRows(data, 'test');
  return test.nRows > 0 ? { train, test } : { train };
}
