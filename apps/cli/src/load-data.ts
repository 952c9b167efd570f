import { DATA_EXTENSIONS, DataError, loadDataset, requireColumns, splitRows, type Dataset, type LoadDatasetOptions } from '@latentkit/core';
import { extname } from 'node:path';

/** Column selection given on the command line (`--columns a,b`, `--label y`). */
export interface ColumnOptions {
  readonly columns?: readonly string[];
  readonly label?: string;
  /** Keep empty/NA cells as NaN (for models that declare `allowsMissing`) instead of rejecting them. */
  readonly missing?: 'error' | 'nan';
}

/** Training data and, when there is one, the test set. */
export interface TrainTest {
  readonly train: Dataset;
  readonly test?: Dataset;
  /** How the test set was chosen, for a note on stderr. */
  readonly note?: string;
}

const isDelimitedText = (file: string): boolean => DATA_EXTENSIONS[extname(file).toLowerCase()] === 'csv';

/** `loadDataset` with only the column options that apply to the file's format. */
export function loadWithColumns(file: string, options: ColumnOptions = {}): Promise<Dataset> {
  const opts: LoadDatasetOptions = isDelimitedText(file) ? { columns: options.columns, label: options.label, missing: options.missing ?? 'error' } : {};
  return loadDataset(file, opts);
}

/**
 * Load the training file and the test set. Without `testFile`, a `split` column in the training file
 * splits it: the `train` rows are fitted, the `test` rows scored. The test set must have the training columns.
 * @example
 * ```ts
 * const { train, test } = await loadTrainTest('faithful.csv', undefined, {}); // 218 and 54 rows
 * ```
 */
export async function loadTrainTest(trainFile: string, testFile: string | undefined, options: ColumnOptions = {}): Promise<TrainTest> {
  const all = await loadWithColumns(trainFile, options);
  if (testFile !== undefined) {
    const test = await loadMatching(testFile, all);
    const note = all.split ? `${trainFile} has a split column, but --test was given: fitting all its ${all.nRows} rows` : undefined;
    return { train: all, test, ...(note && { note }) };
  }
  if (!all.split) return { train: all };
  const train = splitRows(all, 'train');
  const test = splitRows(all, 'test');
  if (train.nRows === 0) throw new DataError("the split column has no 'train' rows", { file: trainFile });
  const note = `${trainFile} has a split column: fitting its ${train.nRows} train rows${test.nRows > 0 ? `, scoring its ${test.nRows} test rows` : ''}`;
  return { train, ...(test.nRows > 0 && { test }), note };
}

/** Load `file` with the columns of `reference` (a training set), in the same order. */
export async function loadMatching(file: string, reference: Dataset): Promise<Dataset> {
  const columns = reference.kind === 'dense' ? reference.columns : (reference.vocabulary ?? Array.from({ length: reference.nCols }, (_, j) => `x${j + 1}`));
  return loadForColumns(file, columns, `the training data (${reference.source ?? 'data'})`, {});
}

/**
 * Load `file` for a model trained on `columns`: select those columns by name when the file has them, otherwise
 * load it as it is and check the dimensionality, so that a mismatch is one line naming both column lists.
 * With `--columns`, the named columns are used as given (matched to the model's columns by position when the names differ).
 */
export async function loadForColumns(file: string, columns: readonly string[], modelName: string, options: ColumnOptions): Promise<Dataset> {
  if (options.columns || !isDelimitedText(file) || columns.length === 0) {
    const ds = await loadWithColumns(file, options);
    if (options.columns && ds.kind === 'dense' && ds.nCols === columns.length) return { ...ds, columns: [...columns] };
    return requireColumns(ds, columns, modelName);
  }
  try {
    return await loadWithColumns(file, { columns, label: options.label });
  } catch (first) {
    if (!(first instanceof DataError) || !first.detail.startsWith('unknown feature column')) throw first;
    let ds: Dataset;
    try {
      ds = await loadWithColumns(file, { label: options.label });
    } catch {
      throw first;
    }
    return requireColumns(ds, columns, modelName);
  }
}
