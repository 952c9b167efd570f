import { writeFileAtomic } from '@latentkit/core';
import type { DenseDataset } from '@latentkit/core';
import { createContext, type CommonOptions } from '../context.js';
import { matrixToCsv } from '../csv-text.js';
import type { CliIO } from '../io.js';
import { readModelFile } from '../model-file.js';
import { checkOutFile } from '../out-path.js';

/** Options of `latentkit sample`. */
export interface SampleCommandOptions extends CommonOptions {
  readonly modelFile: string;
  /** Number of rows to draw. */
  readonly n: number;
  /** CSV file to write (atomically); without it the CSV goes to stdout. */
  readonly out?: string;
  readonly seed?: number;
}

/**
 * `latentkit sample <model.json> -n N [--out <file>]`: N rows drawn from the fitted model, as CSV with the
 * training columns, plus the sampled component or label when the model reports one; to `--out`, or else to stdout.
 */
export async function sampleCommand(options: SampleCommandOptions, io: CliIO): Promise<DenseDataset> {
  const { registry } = await createContext(options, io);
  if (options.out) await checkOutFile(options.out);
  const { fitted } = await readModelFile(options.modelFile, registry);
  try {
    const sample = fitted.sample(options.n, options.seed ?? 0);
    const extra = sample.labels ? { name: labelColumnName(sample), values: sample.labels } : undefined;
    const csv = matrixToCsv(sample.columns, sample.nRows, sample.values, extra);
    if (!options.out) io.stdout.write(csv);
    else {
      await writeFileAtomic(options.out, csv, { signal: options.signal });
      io.stderr.write(`wrote ${sample.nRows} sampled rows to ${options.out}\n`);
    }
    return sample;
  } finally {
    fitted.dispose();
  }
}

function labelColumnName(sample: DenseDataset): string {
  let name = sample.labelName || 'label';
  while (sample.columns.includes(name)) name = `${name}_`;
  return name;
}
