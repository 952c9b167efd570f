import { DataError, dataFileKind, requireColumns, trainTestSplit, type Dataset, type LoadDatasetOptions } from '@latentkit/core';
import type { Registry } from '@latentkit/registry';
import { checkDatasetArgument, dataName, headerLooksNumeric, isDelimitedText, loadDataFile, noteLabelLikeColumns, requireOneStdin } from './data-input.js';
import { selectDatasetColumns } from './dataset-columns.js';
import { isDatasetArgument, loadFromDatasetPlugin } from './dataset-source.js';
import { UsageError } from './errors.js';
import { isH5adFile, loadH5adArgument } from './h5ad-input.js';
import { dataFormatOf, type DataFormatOptions } from './options/data-format.js';

/** Column selection given on the command line (`--columns a,b`, `--label y`), and how files are read (`--no-header`, `--delimiter`). */
export interface ColumnOptions extends DataFormatOptions {
  readonly columns?: readonly string[];
  readonly label?: string;
  /** `--group <column>`: the column holding each row's group (text), moved out of the features into `groups`; of an `.h5ad` file, an `obs` column. */
  readonly group?: string;
  /** Keep empty/NA cells as NaN (for models that declare `allowsMissing`) instead of rejecting them. */
  readonly missing?: 'error' | 'nan';
  /** `name=value` options of the dataset plugin when the data argument is a key such as `datasets/mnist` (`--data`, repeatable). */
  readonly dataOptions?: readonly string[];
}

/** {@link ColumnOptions} plus the registry that resolves dataset keys; without it every argument is a file. */
export interface LoadOptions extends ColumnOptions {
  readonly registry?: Registry;
}

/** Training data and, when there is one, the test set. */
export interface TrainTest {
  /** The training data's name for messages: the file, or the dataset key with its options (`datasets/sparse-vae-sim rho=0.6`). */
  readonly name: string;
  readonly train: Dataset;
  readonly test?: Dataset;
  /** How the test set was chosen, for a note on stderr. */
  readonly note?: string;
}

const isDataset = (arg: string, options: LoadOptions): boolean => options.registry !== undefined && isDatasetArgument(arg);

/**
 * Load a data argument: a registered dataset key (`datasets/iris`, when no file of that name exists) through its plugin
 * with the `--data` options, then `--label`/`--columns` applied; an AnnData `.h5ad` file with `loadH5ad` (`--group` an
 * obs column, `--h5ad-layer` a layer); otherwise the file with `loadDataset` and only the column options that apply to its format.
 */
export async function loadWithColumns(file: string, options: LoadOptions = {}): Promise<Dataset> {
  if (isDataset(file, options))
    return checkDatasetArgument(file, selectDatasetColumns(await loadFromDatasetPlugin(options.registry!, file, options.dataOptions), options), options);
  if (isH5adFile(file)) return loadH5adArgument(file, options);
  if (options.h5adLayer !== undefined) throw new UsageError(`--h5ad-layer reads a layer of an AnnData .h5ad file, but ${file} is not one`);
  if (options.group !== undefined && !isDelimitedText(file)) {
    throw new UsageError(`--group reads a column of a delimited text file (.csv, .tsv, .tab, .txt) or an obs column of an .h5ad file, but ${file} is neither`);
  }
  const opts: LoadDatasetOptions = isDelimitedText(file)
    ? { columns: options.columns, label: options.label, group: options.group, missing: options.missing ?? 'error' }
    : {};
  return loadDataFile(file, dataFileKind(file) === 'json' ? { ...opts, missing: options.missing } : opts, options);
}

/** Reject `--data` when none of the data arguments is a dataset key, instead of ignoring it. */
function requireDatasetForOptions(args: readonly (string | undefined)[], options: LoadOptions): void {
  if (!options.dataOptions?.length) return;
  const given = args.filter((a): a is string => a !== undefined);
  if (given.some((a) => isDataset(a, options))) return;
  throw new UsageError(
    `--data passes options to a dataset plugin, but ${given.join(' and ')} ${given.length > 1 ? 'are files' : 'is a file'}; give a dataset key such as datasets/iris (see latentkit list)`,
  );
}

/**
 * Load the training data and the test set; either may be a file or, with `options.registry`, a registered dataset key
 * (`datasets/mnist`, with `options.dataOptions` passed to its plugin). Without `testFile`, a `split` column in the
 * training file (or the split of the plugin's dataset) splits it: the `train` rows are fitted, the `test` rows scored.
 * The test set must have the training columns.
 * @example
 * ```ts
 * const { train, test } = await loadTrainTest('faithful.csv', undefined, {}); // 218 and 54 rows
 * const sim = await loadTrainTest('datasets/sparse-vae-sim', undefined, { registry, dataOptions: ['rho=0.6'] }); // 800 and 200 rows
 * ```
 */
export async function loadTrainTest(trainFile: string, testFile: string | undefined, options: LoadOptions = {}): Promise<TrainTest> {
  requireDatasetForOptions([trainFile, testFile], options);
  requireOneStdin([trainFile, testFile]);
  const all = await loadWithColumns(trainFile, options);
  const name = isDataset(trainFile, options) ? (all.source ?? trainFile) : dataName(trainFile);
  noteLabelLikeColumns(all, name, options);
  const splitBy = isDataset(trainFile, options) ? 'a train/test split' : 'a split column';
  if (testFile !== undefined) {
    const test = await loadMatching(testFile, all, options);
    const note = all.split ? `${name} has ${splitBy}, but --test was given: fitting all its ${all.nRows} rows` : undefined;
    return { name, train: all, test, ...(note && { note }) };
  }
  if (!all.split) return { name, train: all };
  const { train, test } = trainTestSplit(all, name);
  const note = `${name} has ${splitBy}: fitting its ${train.nRows} train rows${test ? `, scoring its ${test.nRows} test rows` : ''}`;
  return { name, train, ...(test && { test }), note };
}

/** Load `file` (or a dataset key, with `options.registry` and `options.dataOptions`) with the columns of `reference` (a training set), in the same order. */
export async function loadMatching(
  file: string,
  reference: Dataset,
  options: Pick<LoadOptions, 'registry' | 'dataOptions' | 'missing' | 'group'> & DataFormatOptions = {},
): Promise<Dataset> {
  const columns = reference.kind === 'dense' ? reference.columns : (reference.vocabulary ?? Array.from({ length: reference.nCols }, (_, j) => `x${j + 1}`));
  return loadAligned(file, columns, `the training data (${reference.source ?? 'data'})`, {
    registry: options.registry,
    dataOptions: options.dataOptions,
    ...dataFormatOf(options),
    missing: options.missing,
    group: options.group,
  });
}

/**
 * Load `file` for a model trained on `columns`: select those columns by name when the file has them, otherwise
 * load it as it is and check the dimensionality, so that a mismatch is one line naming both column lists.
 * With `--columns`, the named columns are used as given (matched to the model's columns by position when the names differ).
 * With `options.registry`, `file` may be a registered dataset key (its `--data` options in `options.dataOptions`).
 */
export async function loadForColumns(file: string, columns: readonly string[], modelName: string, options: LoadOptions): Promise<Dataset> {
  requireDatasetForOptions([file], options);
  return loadAligned(file, columns, modelName, options);
}

async function loadAligned(file: string, columns: readonly string[], modelName: string, options: LoadOptions): Promise<Dataset> {
  if (options.columns || !isDelimitedText(file) || columns.length === 0) {
    const ds = await loadWithColumns(file, options);
    if (options.columns && ds.kind === 'dense' && ds.nCols === columns.length) return { ...ds, columns: [...columns] };
    return requireColumns(ds, columns, modelName);
  }
  try {
    return await loadWithColumns(file, { ...dataFormatOf(options), columns, label: options.label, group: options.group, missing: options.missing });
  } catch (first) {
    if (!(first instanceof DataError) || !first.detail.startsWith('unknown feature column')) throw first;
    let ds: Dataset;
    try {
      ds = await loadWithColumns(file, { ...dataFormatOf(options), label: options.label, group: options.group, missing: options.missing });
    } catch (second) {
      throw headerLooksNumeric(second) ? second : first;
    }
    return requireColumns(ds, columns, modelName);
  }
}
