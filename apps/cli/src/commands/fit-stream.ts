import { FitCancelledError, saveFitted, type SaveTarget } from '@latentkit/app';
import { delimiterName, observeRows, openRowSource, requireFloat32Safe, type RowSource } from '@latentkit/core';
import type { Fitted, Model } from '@latentkit/registry';
import { createContext } from '../context.js';
import { isDatasetArgument } from '../dataset-source.js';
import { CancelledError, UsageError } from '../errors.js';
import { requireEngine, requireModelKey, type FitSummary } from '../fit-model.js';
import type { CliIO } from '../io.js';
import { checkOutFile } from '../out-path.js';
import { fitEngineParams, type CliEngineParams } from '../options/engine-params.js';
import { parseSetOptions } from '../parse-options.js';
import { createStreamProgress, type Progress } from '../progress.js';
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
 * summary has the final objective (no second, in-memory scoring pass); `--out` is written atomically as `fit` does;
 * `--checkpoint`/`--resume` as `fit` (engines that checkpoint: a streamed VAE, streamed EM).
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
  if (options.checkpoint) await checkOutFile(options.checkpoint.path, '--checkpoint');
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
  return fitStreamed(
    model,
    watched,
    { ...options, engineParams, save: { path: options.out ?? '', dataFile: options.train }, what: `${options.train}, streamed`, backend: ctx.backend.name },
    progress,
    io,
  );
}

/** What {@link fitStreamed} needs besides the model and the source. */
export interface FitStreamedOptions extends Pick<FitCommandOptions, 'model' | 'seed' | 'engine' | 'signal' | 'json' | 'out' | 'checkpoint' | 'resumeFrom'> {
  readonly engineParams: CliEngineParams;
  /** The model file (written when `out` is set), with `dataFile` or `extra` records. */
  readonly save: SaveTarget;
  /** What was fitted, for the summary line. */
  readonly what: string;
  readonly backend: string;
}

/**
 * `Model.fitStream` on `source` with progress and Ctrl-C, then the model file (atomically, when `--out` is given) and
 * the summary ({@link reportStreamedFit}); the fitted model is disposed.
 */
export async function fitStreamed(model: Model, source: RowSource, o: FitStreamedOptions, progress: Pick<Progress, 'onStep'>, io: CliIO): Promise<FitSummary> {
  const t0 = performance.now();
  const fitted = await model.fitStream(source, {
    seed: o.seed ?? 0,
    engine: o.engine,
    ...o.engineParams,
    ...(o.checkpoint && { checkpoint: o.checkpoint }),
    ...(o.resumeFrom !== undefined && { resumeFrom: o.resumeFrom }),
    signal: o.signal,
    onStep: (info) => progress.onStep(info),
  });
  const seconds = (performance.now() - t0) / 1000;
  try {
    if (o.signal?.aborted) throw new CancelledError();
    if (o.out) {
      await saveFitted(fitted, o.save, o.signal).catch((e: unknown) => {
        throw e instanceof FitCancelledError ? new CancelledError() : e;
      });
    }
    const fit = { model: o.model, params: model.params as Record<string, unknown>, backend: o.backend, n: source.nRows ?? 0, d: source.nCols, seconds };
    const objective = model.plugin.data.kind === 'counts' ? 'per-word bound' : 'mean log-likelihood or ELBO per row';
    return reportStreamedFit(fitted, fit, o.what, objective, o, io);
  } finally {
    fitted.dispose();
  }
}

/**
 * The summary of a fit whose objective is that of its last iteration (no in-memory scoring pass): one JSON line with
 * `--json`, else lines naming `what` was fitted, its `objective` and where the model was written.
 */
export function reportStreamedFit(
  fitted: Fitted,
  fit: Pick<FitSummary, 'model' | 'params' | 'backend' | 'n' | 'd' | 'seconds'>,
  what: string,
  objective: string,
  options: Pick<FitCommandOptions, 'json' | 'out'>,
  io: CliIO,
): FitSummary {
  const summary: FitSummary = {
    ...fit,
    iterations: fitted.iterations,
    converged: fitted.converged,
    fixedIterations: fitted.fixedIterations === true,
    train: { objective: fitted.trace.at(-1)?.objective ?? NaN },
    test: null,
  };
  if (options.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
  else {
    const lines = [
      `${summary.model} fitted to ${what} (${summary.n} rows x ${summary.d} columns) on ${summary.backend} in ${fit.seconds.toFixed(2)} s`,
      `  iterations: ${summary.iterations}${summary.converged ? ' (converged)' : ''}`,
      `  train objective (${objective} at the last iteration): ${summary.train.objective}`,
      ...(options.out ? [`  model written to ${options.out}`] : []),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return summary;
}
