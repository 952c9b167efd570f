import { createContext, type CommonOptions } from '../context.js';
import { isDatasetArgument } from '../dataset-source.js';
import type { CliIO } from '../io.js';
import type { ColumnOptions } from '../load-data.js';
import { savedMissingRule } from '../missing-values.js';
import { readModelFile } from '../model-file.js';
import type { VocabOptions } from '../options/vocab.js';
import { loadForSavedModel } from '../saved-model-data.js';
import { formatScore } from '../text-table.js';

/** Options of `latentkit score`. */
export interface ScoreCommandOptions extends CommonOptions, ColumnOptions, VocabOptions {
  readonly modelFile: string;
  /** A data file, or a registered dataset key such as `datasets/iris` (options in `dataOptions`). */
  readonly file: string;
  readonly json?: boolean;
}

/** The output of `latentkit score --json`. */
export interface ScoreResult {
  readonly model: string;
  readonly file: string;
  readonly n: number;
  readonly d: number;
  /** The model's named scores (`fitted.scores`), the first being the primary one. */
  readonly scores: Record<string, number>;
}

/**
 * `latentkit score <model.json> <file>`: the saved model's scores on a data file, whose columns must be
 * those the model was trained on (a mismatch is a one-line error naming both).
 */
export async function scoreCommand(options: ScoreCommandOptions, io: CliIO): Promise<ScoreResult> {
  const { registry } = await createContext(options, io);
  const { fitted, saved } = await readModelFile(options.modelFile, registry);
  try {
    const rule = savedMissingRule(registry, saved, options.modelFile, options.missing);
    const data = await loadForSavedModel(options.file, saved, options.modelFile, rule, { ...options, registry }, io);
    const result: ScoreResult = { model: saved.key, file: options.file, n: data.nRows, d: data.nCols, scores: fitted.scores(data) };
    if (options.json) io.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const lines = Object.entries(result.scores).map(([name, v]) => `${name}: ${formatScore(v)}`);
      const name = isDatasetArgument(options.file) ? (data.source ?? options.file) : options.file;
      io.stdout.write(`${saved.key} on ${name} (${result.n} rows x ${result.d} columns)\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
    }
    return result;
  } finally {
    fitted.dispose();
  }
}
