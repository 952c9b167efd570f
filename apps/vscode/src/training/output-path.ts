import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';

/**
 * Where a model trained on `dataFile` is saved: `<data name>.<namespace>-<id>.latentkit.json`, next to the data,
 * or in `outputFolder` when that setting is not empty (relative to the workspace folder when not absolute).
 * @example
 * ```ts
 * modelOutputPath('/w/faithful.csv', 'mixture/gmm', '', '/w'); // '/w/faithful.mixture-gmm.latentkit.json'
 * ```
 */
export function modelOutputPath(dataFile: string, key: string, outputFolder: string, workspaceFolder: string | undefined): string {
  const name = `${basename(dataFile, extname(dataFile))}.${key.replace('/', '-')}.latentkit.json`;
  const folder = outputFolder.trim();
  if (!folder) return join(dirname(dataFile), name);
  const base = isAbsolute(folder) ? folder : resolve(workspaceFolder ?? dirname(dataFile), folder);
  return join(base, name);
}

/** File-name pattern of the model files the extension writes. */
export const MODEL_FILE_SUFFIX = '.latentkit.json';

/**
 * Where a model trained on the registered dataset `datasetKey` is saved: `<namespace>-<id>.<model>.latentkit.json` in
 * the workspace folder, or in `outputFolder` as for a data file ({@link modelOutputPath}).
 * @example
 * ```ts
 * datasetModelOutputPath('example/blobs', 'example/kmeans', '', '/w'); // '/w/example-blobs.example-kmeans.latentkit.json'
 * ```
 */
export function datasetModelOutputPath(datasetKey: string, key: string, outputFolder: string, workspaceFolder: string): string {
  return modelOutputPath(join(workspaceFolder, datasetKey.replace('/', '-')), key, outputFolder, workspaceFolder);
}
