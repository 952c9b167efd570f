import type { Dataset } from '@latentkit/core';
import type { SavedModel } from '@latentkit/registry';
import type { CliIO } from './io.js';
import { loadForColumns, type LoadOptions } from './load-data.js';
import { loadUnderRule, type MissingRule } from './missing-values.js';
import { resolveVocabulary, withVocabulary, type VocabOptions } from './options/vocab.js';

/**
 * Load `file` for the model saved in `modelFile` (`score`, `transform`, `report`): the model's columns in its order,
 * missing cells under `rule`, and the words of `--vocab` or of a vocabulary beside a `.mtx`, checked against the
 * model's. With `options.registry`, `file` may also be a registered dataset key.
 */
export async function loadForSavedModel(
  file: string,
  saved: SavedModel,
  modelFile: string,
  rule: MissingRule,
  options: LoadOptions & VocabOptions,
  io: CliIO,
): Promise<Dataset> {
  const model = `the model in ${modelFile}`;
  const vocabulary = resolveVocabulary(file, options, io);
  const data = await loadUnderRule(rule, (missing) => loadForColumns(file, saved.data.columns, model, { ...options, missing }));
  return withVocabulary(data, vocabulary, file, { names: saved.data.columns, model });
}
