import { loadRegisteredDataset, type DatasetNaming } from '@latentkit/app';
import type { Dataset } from '@latentkit/core';
import { REGISTRY_KEY_PATTERN, type Registry } from '@latentkit/registry';
import { statSync } from 'node:fs';
import { parseSetOptions } from './parse-options.js';

const KEY_RE = new RegExp(REGISTRY_KEY_PATTERN);

/**
 * Whether a data argument is a registry key (`datasets/iris`) rather than a file: it has the form `namespace/id`
 * and no file of that name exists. Whether the key is a registered dataset is checked when it is loaded.
 */
export function isDatasetArgument(arg: string): boolean {
  if (!KEY_RE.test(arg)) return false;
  try {
    return !statSync(arg).isFile();
  } catch {
    return true;
  }
}

/** How the CLI's messages name a dataset's options (`--data rho=1 is invalid`) and an unknown key (it could have been a file). */
export const DATA_OPTION_NAMING: DatasetNaming = { flag: '--data', unknownNote: ' (and no file of that name)' };

/**
 * Load the dataset registered under `key` with `--data name=value` options: `loadRegisteredDataset` of `@latentkit/app`
 * (shared with the VS Code extension), its messages naming `--data`.
 * @throws UsageError for `--data` without `name=value`, an unknown key or option; Error of one line when the plugin fails.
 * @example
 * ```ts
 * const ds = await loadFromDatasetPlugin(registry, 'datasets/sparse-vae-sim', ['rho=0.6']); // 1000 × 7, split 800/200
 * ```
 */
export async function loadFromDatasetPlugin(registry: Registry, key: string, dataOptions: readonly string[] = []): Promise<Dataset> {
  return loadRegisteredDataset(registry, key, parseSetOptions(dataOptions, '--data'), DATA_OPTION_NAMING);
}
