import { writeFileAtomic } from '@latentkit/core';
import type { LatentMatrix } from '@latentkit/registry';
import { createContext, type CommonOptions } from '../context.js';
import { matrixToCsv } from '../csv-text.js';
import type { CliIO } from '../io.js';
import type { ColumnOptions } from '../load-data.js';
import { savedMissingRule } from '../missing-values.js';
import { readModelFile } from '../model-file.js';
import type { VocabOptions } from '../options/vocab.js';
import { loadForSavedModel } from '../saved-model-data.js';
import { checkOutFile } from '../out-path.js';
import { UsageError } from '../errors.js';

/** Options of `latentkit transform`. */
export interface TransformCommandOptions extends CommonOptions, ColumnOptions, VocabOptions {
  readonly modelFile: string;
  /** A data file, or a registered dataset key such as `datasets/iris` (options in `dataOptions`). */
  readonly file: string;
  /** CSV file for the latent summaries (written atomically); without it the CSV goes to stdout. */
  readonly out?: string;
  /** Which latent layer to summarise (`--layer`), 1 (nearest the data) to the model's `latentLayers`; default 1. */
  readonly layer?: number;
}

/**
 * `latentkit transform <model.json> <file> [--out <latents.csv>] [--layer <d>]`: the posterior summary of every row
 * (responsibilities, factor scores, topic proportions; of latent layer d for a model with several, such as a Deep
 * Discrete Encoder) as CSV with a header (with `--group`, the group column last), to `--out` or else to stdout (notes go to stderr only, so
 * `latentkit transform gmm.json data.csv | head` works).
 */
export async function transformCommand(options: TransformCommandOptions, io: CliIO): Promise<LatentMatrix> {
  const { registry } = await createContext(options, io);
  if (options.out) await checkOutFile(options.out);
  const { fitted, saved } = await readModelFile(options.modelFile, registry);
  try {
    const layers = fitted.latentLayers ?? 1;
    if (options.layer !== undefined && options.layer > layers) {
      throw new UsageError(`--layer ${options.layer}: ${fitted.key} in ${options.modelFile} has ${layers} latent layer${layers === 1 ? '' : 's'}`);
    }
    const rule = savedMissingRule(registry, saved, options.modelFile, options.missing);
    const data = await loadForSavedModel(options.file, saved, options.modelFile, rule, { ...options, registry }, io);
    const latents = options.layer === undefined ? fitted.transform(data) : fitted.transform(data, { layer: options.layer });
    // The group column (--group) comes after the latent columns, so that plots can colour the rows by group.
    const csv = matrixToCsv(latents.columns, latents.nRows, latents.values, data.groups && { name: data.groups.name, values: data.groups.values });
    if (!options.out) io.stdout.write(csv);
    else {
      await writeFileAtomic(options.out, csv, { signal: options.signal });
      io.stderr.write(`wrote ${latents.nRows} rows of ${latents.columns.join(', ')} to ${options.out}\n`);
    }
    return latents;
  } finally {
    fitted.dispose();
  }
}
