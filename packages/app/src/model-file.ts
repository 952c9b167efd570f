import type { Fitted } from '@latentkit/registry';
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/**
 * The JSON of a model file to be written to `modelPath`: `fitted.toJSON()`, plus, when the model was trained on the
 * file `dataFile` (not a dataset key), `data.file` with the data's absolute path and its path relative to the model
 * file's folder, so that `latentkit report` and the preview find the data from any working directory. `extra` adds
 * top-level fields (the extension's `preview` hints).
 * @example
 * ```ts
 * modelFileJson(fitted, 'out/gmm.json', 'faithful.csv'); // { …, "data": { …, "file": { "absolute": "/w/faithful.csv", "relative": "../faithful.csv" } } }
 * ```
 */
export function modelFileJson(fitted: Fitted, modelPath: string, dataFile?: string, extra: Readonly<Record<string, unknown>> = {}): string {
  const saved = fitted.toJSON();
  if (dataFile === undefined || !existsSync(dataFile)) return `${JSON.stringify({ ...saved, ...extra }, null, 2)}\n`;
  const absolute = resolve(dataFile);
  const file = { absolute, relative: relative(dirname(resolve(modelPath)), absolute) };
  return `${JSON.stringify({ ...saved, data: { ...saved.data, file }, ...extra }, null, 2)}\n`;
}
