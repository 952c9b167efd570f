import type { Fitted, Registry, SavedModel } from '@latentkit/registry';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';

/** A fitted model read from a file, with the JSON it came from. */
export interface LoadedModel {
  readonly fitted: Fitted;
  readonly saved: SavedModel;
  readonly path: string;
}

/**
 * Read a model file written by `latentkit fit --out` and rebuild the fitted model with the registry.
 * @throws Error with a one-line message when the file is missing, not JSON, not a latentkit model, or needs a plugin that is not loaded.
 */
export async function readModelFile(path: string, registry: Registry): Promise<LoadedModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new Error(`cannot read the model file ${path} (${why})`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path} is not a latentkit model file (invalid JSON: ${(e as Error).message})`, { cause: e });
  }
  const saved = json as Partial<SavedModel>;
  if (saved && typeof saved === 'object' && saved.format === 'latentkit-model' && typeof saved.key === 'string' && !registry.has(saved.key)) {
    const by = saved.plugin?.name ? ` (saved by ${saved.plugin.name}@${saved.plugin.version})` : '';
    const known = registry
      .list('model')
      .map((e) => e.key)
      .join(', ');
    throw new Error(`${path} holds a '${saved.key}' model${by}, which is not registered; load its plugin with --plugin <module> (registered models: ${known})`);
  }
  let fitted: Fitted;
  try {
    fitted = registry.load(json, path);
  } catch (e) {
    const message = (e as Error).message;
    throw new Error(message.startsWith(path) ? message : `${path}: ${message}`, { cause: e });
  }
  return { fitted, saved: json as SavedModel, path };
}

/**
 * Where the training data of a saved model may be, most reliable first: `data.file.absolute`, `data.file.relative`
 * resolved from the model file's folder, then (old files without `data.file`) `data.source` from the working
 * directory and from the model file's folder.
 */
export function recordedDataCandidates(saved: SavedModel, modelPath: string): string[] {
  const folder = dirname(resolve(modelPath));
  const file = saved.data.file;
  const source = saved.data.source;
  const fromFile = file && typeof file.absolute === 'string' && typeof file.relative === 'string' ? [file.absolute, resolve(folder, file.relative)] : [];
  const fromSource = source === undefined ? [] : isAbsolute(source) ? [source] : [resolve(source), resolve(folder, source)];
  return [...new Set([...fromFile, ...fromSource])];
}
