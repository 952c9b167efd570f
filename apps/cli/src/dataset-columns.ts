import type { Dataset, DenseDataset } from '@latentkit/core';
import { UsageError } from './errors.js';

const list = (names: readonly string[]): string => names.join(', ') || '(none)';

/**
 * Apply `--group`, `--label` and `--columns` to a dataset that was not read from a delimited file (a dataset plugin's), as the
 * CSV loader applies them to a file: `--label` names the label column (the dataset's own label, or a feature that
 * becomes the label and leaves the features), then `--columns` keeps those features in that order.
 * @throws UsageError of one line when the dataset is a count matrix or a named column does not exist.
 * @example
 * ```ts
 * selectDatasetColumns(iris, { columns: ['petal_length_cm_', 'sepal_length_cm_'], label: 'label' }); // 150 × 2, labels kept
 * ```
 */
export function selectDatasetColumns(
  ds: Dataset,
  options: { readonly columns?: readonly string[]; readonly label?: string; readonly group?: string },
): Dataset {
  const name = ds.source ?? 'the dataset';
  if (options.group !== undefined) return selectDatasetColumns(takeGroup(ds, options.group, name), { ...options, group: undefined });
  if (options.columns === undefined && options.label === undefined) return ds;
  if (ds.kind === 'counts') throw new UsageError(`--columns and --label select columns of dense data, but ${name} is a count matrix`);
  const labelled = options.label === undefined || options.label === ds.labelName ? ds : takeLabel(ds, options.label, name);
  if (!options.columns) return labelled;
  const index = new Map(labelled.columns.map((c, j) => [c, j]));
  const unknown = options.columns.find((c) => !index.has(c));
  if (unknown !== undefined) throw new UsageError(`unknown feature column '${unknown}' in ${name}; available columns: ${list(labelled.columns)}`);
  return pickColumns(
    labelled,
    options.columns.map((c) => index.get(c)!),
  );
}

/** `--group` on a dataset: its own groups when they have that name, else a dense column that becomes the groups (as text). */
function takeGroup(ds: Dataset, group: string, name: string): Dataset {
  if (ds.groups?.name === group) return ds;
  const own = ds.groups ? ` (its group column is '${ds.groups.name}')` : '';
  const j = ds.kind === 'dense' ? ds.columns.indexOf(group) : -1;
  if (ds.kind === 'counts' || j < 0) {
    const available = ds.kind === 'dense' ? `; available columns: ${list(ds.columns)}` : '';
    throw new UsageError(`--group ${group}: ${name} has no column '${group}'${own}${available}`);
  }
  const values = Array.from({ length: ds.nRows }, (_, i) => String(ds.values[i * ds.nCols + j]));
  const rest = ds.columns.map((_, q) => q).filter((q) => q !== j);
  return { ...pickColumns(ds, rest), groups: { name: group, values } };
}

function takeLabel(ds: DenseDataset, label: string, name: string): DenseDataset {
  const j = ds.columns.indexOf(label);
  if (j < 0) {
    const own = ds.labelName ? ` (its label column is '${ds.labelName}')` : '';
    throw new UsageError(`--label ${label}: ${name} has no column '${label}'${own}; available columns: ${list(ds.columns)}`);
  }
  const labels = Array.from({ length: ds.nRows }, (_, i) => ds.values[i * ds.nCols + j]);
  const rest = ds.columns.map((_, q) => q).filter((q) => q !== j);
  return { ...pickColumns(ds, rest), labels, labelName: label };
}

function pickColumns(ds: DenseDataset, idx: readonly number[]): DenseDataset {
  const d = idx.length;
  const values = new Float64Array(ds.nRows * d);
  for (let i = 0; i < ds.nRows; i++) for (let q = 0; q < d; q++) values[i * d + q] = ds.values[i * ds.nCols + idx[q]];
  return { ...ds, nCols: d, values, columns: idx.map((j) => ds.columns[j]) };
}
