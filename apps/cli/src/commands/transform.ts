import { writeFileAtomic } from '@latentkit/core';
import type { LatentMatrix } from '@latentkit/registry';
import { createContext, type CommonOptions } from '../context.js';
import { matrixToCsv } from '../csv-text.js';
import type { CliIO } from '../io.js';
import { loadForColumns, type ColumnOptions } from '../load-data.js';
import { loadUnderRule, savedMissingRule } from '../missing-values.js';
import { readModelFile } from '../model-file.js';

/** Options of `latentkit transform`. */
export interface TransformCommandOptions extends CommonOptions, ColumnOptions {
  readonly modelFile: string;
  /** A data file, or a registered dataset key such as `datasets/iris` (options in `dataOptions`). */
  readonly file: string;
  /** CSV file for the latent summaries (written atomically). */
  readonly out: string;
}

/**
 * `latentkit transform <model.json> <file> --out <latents.csv>`: the posterior summary of every row
 * (responsibilities, factor scores, topic proportions) as CSV with a header.
 */
export async function transformCommand(options: TransformCommandOptions, io: CliIO): Promise<LatentMatrix> {
  const { registry } = await createContext(options, io);
  const { fitted, saved } = await readModelFile(options.modelFile, registry);
  try {
    const rule = savedMissingRule(registry, saved, options.modelFile, options.missing);
    const data = await loadUnderRule(rule, (missing) =>
      loadForColumns(options.file, saved.data.columns, `the model in ${options.modelFile}`, { ...options, missing, registry }),
    );
    const latents = fitted.transform(data);
    await writeFileAtomic(options.out, matrixToCsv(latents.columns, latents.nRows, latents.values), { signal: options.signal });
    io.stderr.write(`wrote ${latents.nRows} rows of ${latents.columns.join(', ')} to ${options.out}\n`);
    return latents;
  } finally {
    fitted.dispose();
  }
}
