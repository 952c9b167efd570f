import { loadH5ad } from '@latentkit/anndata';
import type { Dataset } from '@latentkit/core';
import { checkUsable, rejectFormatOptions } from './data-input.js';
import { selectDatasetColumns } from './dataset-columns.js';
import type { DataFormatOptions } from './options/data-format.js';

/** Whether a data argument is an AnnData file (`.h5ad`, any case; HDF5 files are not gzip-compressed as a whole). */
export const isH5adFile = (file: string): boolean => file.toLowerCase().endsWith('.h5ad');

/**
 * Read an AnnData `.h5ad` file for a command: `X` (or `layers/<name>` with `--h5ad-layer`) as dense data with the
 * `var` index as columns, `--group` from an `obs` column, then `--label`/`--columns` applied to the features as for a
 * registered dataset; the values checked with {@link checkUsable}. `--no-header`/`--delimiter` are refused in one line.
 * @example
 * ```ts
 * const cells = await loadH5adArgument('pbmc.h5ad', { group: 'condition', h5adLayer: 'counts' });
 * ```
 */
export async function loadH5adArgument(
  file: string,
  options: { readonly columns?: readonly string[]; readonly label?: string; readonly group?: string } & DataFormatOptions,
): Promise<Dataset> {
  rejectFormatOptions(file, options, 'an AnnData file');
  const ds = await loadH5ad(file, { group: options.group, layer: options.h5adLayer });
  return checkUsable(selectDatasetColumns(ds, { columns: options.columns, label: options.label }));
}
