import { FitCancelledError, saveFitted } from '@latentkit/app';
import { delimiterName, observeRows, openRowSource, requireFloat32Safe } from '@latentkit/core';
import { createContext } from '../context.js';
import { isDatasetArgument } from '../dataset-source.js';
import { CancelledError, UsageError } from '../errors.js';
import { requireEngine, requireModelKey, type FitSummary } from '../fit-model.js';
import type { CliIO } from '../io.js';
import { checkOutFile } from '../out-path.js';
import { fitEngineParams } from '../options/engine-params.js';
import { parseSetOptions } from '../parse-options.js';
import { createStreamProgress } from '../progress.js';
import type { FitCommandOptions } from './fit.js';

/** Cells of one block of a streamed count matrix at most (2 MiB as float64), above one block of 16 rows. */
const COUNT_BLOCK_CELLS = 1 << 18;

/** Rows per block of a streamed count matrix of `nCols` columns: a multiple of 16 (LDA's E-step block). */
export function countBlockRows(nCols: number): number {
  return Math.max(16, Math.floor(COUNT_BLOCK_CELLS / nCols / 16) * 16);
}

/** Data arguments a streamed fit cannot read, with what to do instead. */
function refuse(options: FitCommandOptions): string | undefined {
  const train = options.train;
  const lower = train.toLowerCase();
  if (train === '-') return '--stream reads a file (it reads it once per pass), not standard input';
  if (isDatasetArgument(train)) return `--stream reads a file, not a registered dataset (${train}); fit it without --stream`;
  if (lower.endsWith('.json') || lower.endsWith('.h5ad'))
    return `--stream reads CSV, TSV and Matrix Market files (also .gz), not ${train}; fit it without --stream`;
  if (options.test !== undefined) return '--stream fits only: leave out --test and score the test data with latentkit score';
  if (options.missing === 'nan') return '--stream fits complete rows: leave out --missing nan';
  return undefined;
}

/**
 * `latentkit fit <model> <file> --stream`: fit to the rows of a file read in blocks, once per pass (`Model.fitStream`),
 * never holding it whole; progress shows the pass and rows per second. A `split` column keeps its `train` rows. The
 * summary has the final objective (no second, in-memory scoring pass); `--out` is written atomically as `fit` does.
 */
export async function fitStreamCommand(options: FitCommandOptions, io: CliIO): Promise<FitSummary> {
  const problem = refuse(options);
  if (problem) throw new UsageError(problem);
  const ctx = await createContext(options, io);
  requireModelKey(ctx.registry, options.model);
  requireEngine(ctx.registry, options.model, options.engine);
  const params = parseSetOptions(options.set);
  const model = ctx.registry.create(options.model, params, { coerce: true });
  const engineParams = fitEngineParams(ctx.registry, options.model, model.params as Record<string, unknown>, options.engine, options);
  if (options.out) await checkOutFile(options.out);
  const label = `${options.model} on ${options.train}`;
  const progress = createStreamProgress({ label, stderr: io.stderr });
  const open = (blockRows?: number) =>
    openRowSource(options.train, {
      ...(blockRows !== undefined && { blockRows }),
      ...(options.header === false && { header: false }),
      ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
      ...(options.columns && { columns: options.columns }),
      ...(options.label !== undefined && { label: options.label }),
      ...(options.group !== undefined && { group: options.group }),
      keep: 'train',
      hintStyle: 'cli',
      onDelimiterDetected: (d) =>
        blockRows === undefined &&
        io.stderr.write(`note: ${options.train}: reading ${delimiterName(d)}-separated columns (detected); pass --delimiter to override\n`),
    });
  let source = await open();
  // A document-term matrix has thousands of columns: its blocks hold fewer rows (read again from the start).
  if (model.plugin.data.kind === 'counts' && source.blockRows * source.nCols > COUNT_BLOCK_CELLS) source = await open(countBlockRows(source.nCols));
  const watched = observeRows(source, ({ pass, rows, block }) => {
    // Ctrl-C stops within a pass (a pass over a large file can take long): nothing is written.
    if (options.signal?.aborted) throw new CancelledError();
    // What `fit` checks of every value before a model sees it (data-input.ts, checkUsable), block by block in the first pass.
    if (pass === 1) {
      const { values, nRows, lines } = block;
      requireFloat32Safe({ kind: 'dense', nRows, nCols: source.nCols, values, columns: source.columns, source: options.train, ...(lines ? { lines } : {}) });
    }
    progress.onRows(pass, rows);
  });
  const t0 = performance.now();
  const fitted = await model.fitStream(watched, {
    seed: options.seed ?? 0,
    engine: options.engine,
    ...engineParams,
    signal: options.signal,
    onStep: (info) => progress.onStep(info),
  });
  const seconds = (performance.now() - t0) / 1000;
  try {
    if (options.signal?.aborted) throw new CancelledError();
    if (options.out) {
      await saveFitted(fitted, { path: options.out, dataFile: options.train }, options.signal).catch((e: unknown) => {
        throw e instanceof FitCancelledError ? new CancelledError() : e;
      });
    }
    const summary: FitSummary = {
      model: options.model,
      params: model.params as Record<string, unknown>,
      backend: ctx.backend.name,
      n: source.nRows ?? 0,
      d: source.nCols,
      iterations: fitted.iterations,
      converged: fitted.converged,
      fixedIterations: fitted.fixedIterations === true,
      seconds,
      train: { objective: fitted.trace.at(-1)?.objective ?? NaN },
      test: null,
    };
    if (options.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      const lines = [
        `${summary.model} fitted to ${options.train}, streamed (${summary.n} rows x ${summary.d} columns) on ${summary.backend} in ${seconds.toFixed(2)} s`,
        `  iterations: ${summary.iterations}${summary.converged ? ' (converged)' : ''}`,
        `  train objective (${model.plugin.data.kind === 'counts' ? 'per-word bound' : 'mean log-likelihood per row'} at the last iteration): ${summary.train.objective}`,
        ...(options.out ? [`  model written to ${options.out}`] : []),
      ];
      io.stdout.write(`${lines.join('\n')}\n`);
    }
    return summary;
  } finally {
    fitted.dispose();
  }
}
