import { writeFileAtomic } from '@latentkit/core';
import { createContext, type CommonOptions } from '../context.js';
import { throwIfCancelled } from '../errors.js';
import { fitModel, requireEngine, requireModelKey, type FitSummary } from '../fit-model.js';
import type { CliIO } from '../io.js';
import { loadTrainTest, type ColumnOptions } from '../load-data.js';
import { fitMissingRule, loadUnderRule } from '../missing-values.js';
import { parseSetOptions } from '../parse-options.js';
import { formatScore } from '../text-table.js';

/** Options of `latentkit fit`. */
export interface FitCommandOptions extends CommonOptions, ColumnOptions {
  /** Registry key, e.g. `mixture/gmm`. */
  readonly model: string;
  /** Training data: a file, or a registered dataset key such as `datasets/iris` (options in `dataOptions`). */
  readonly train: string;
  /** Test data: a file or a dataset key. */
  readonly test?: string;
  /** `name=value` hyperparameters (`--set`, repeatable). */
  readonly set?: readonly string[];
  readonly seed?: number;
  /** Model file to write (atomically). */
  readonly out?: string;
  readonly json?: boolean;
  /** Inference engine key (default: the model's first). */
  readonly engine?: string;
}

/**
 * `latentkit fit <model-key> <train-file | dataset-key>`: load the data (a file, or a registered dataset such as
 * `datasets/mnist` with `--data name=value` options; a `split` column or the dataset's split splits it unless `--test` is given),
 * fit with progress on stderr, write `--out` atomically, and print a summary (with `--json`, one JSON line).
 */
export async function fitCommand(options: FitCommandOptions, io: CliIO): Promise<FitSummary> {
  const ctx = await createContext(options, io);
  requireModelKey(ctx.registry, options.model);
  requireEngine(ctx.registry, options.model, options.engine);
  const params = parseSetOptions(options.set);
  const rule = fitMissingRule(ctx.registry, options.model, ctx.registry.validate(options.model, params, { coerce: true }), options.missing);
  const data = await loadUnderRule(rule, (missing) => loadTrainTest(options.train, options.test, { ...options, missing, registry: ctx.registry }));
  throwIfCancelled(options.signal);
  if (data.note) io.stderr.write(`note: ${data.note}\n`);
  const { fitted, summary } = await fitModel({
    ...ctx,
    key: options.model,
    params,
    train: data.train,
    test: data.test,
    seed: options.seed,
    engine: options.engine,
    signal: options.signal,
    label: `${options.model} on ${data.name}`,
    io,
    bar: Boolean(io.stderr.isTTY) && !options.json,
  });
  try {
    if (options.out) await writeFileAtomic(options.out, `${JSON.stringify(fitted.toJSON(), null, 2)}\n`, { signal: options.signal });
  } finally {
    fitted.dispose();
  }
  if (options.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
  else io.stdout.write(renderFit(summary, data.name, options));
  return summary;
}

function renderFit(s: FitSummary, name: string, o: FitCommandOptions): string {
  const lines = [
    `${s.model} fitted to ${name} (${s.n} rows x ${s.d} columns) on ${s.backend} in ${s.seconds.toFixed(2)} s`,
    `  iterations: ${s.iterations} (${s.converged ? 'converged' : 'not converged'})`,
    ...Object.entries(s.train).map(([name, v]) => `  train ${name}: ${formatScore(v)}`),
    ...Object.entries(s.test ?? {}).map(([name, v]) => `  test ${name}: ${formatScore(v)}`),
    ...(o.out ? [`  model written to ${o.out}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}
