import { writeFileAtomic, type Dataset } from '@latentkit/core';
import type { Fitted } from '@latentkit/registry';
import { createContext, type CommonOptions } from '../context.js';
import { stopWords } from '../convergence.js';
import { csvField } from '../csv-text.js';
import { CancelledError, firstLine, throwIfCancelled, UsageError } from '../errors.js';
import { fitModel, requireEngine, requireModelKey } from '../fit-model.js';
import type { CliIO } from '../io.js';
import { loadTrainTest, type ColumnOptions } from '../load-data.js';
import { checkOutFile } from '../out-path.js';
import { fitMissingRule, loadUnderRule } from '../missing-values.js';
import { parseSetOptions } from '../parse-options.js';
import { formatScore, formatTable } from '../text-table.js';
import { fitEngineParams, type CliEngineParams, type EngineParamOptions } from '../options/engine-params.js';

/** Which information criterion picks the number of components. */
export type SelectCriterion = 'bic' | 'aic';

/** Options of `latentkit select`. */
export interface SelectCommandOptions extends CommonOptions, ColumnOptions, EngineParamOptions {
  /** Registry key, e.g. `mixture/gmm`. */
  readonly model: string;
  /** Training data: a file, or a registered dataset key such as `datasets/iris` (options in `dataOptions`). */
  readonly train: string;
  readonly test?: string;
  /** The values of the size parameter to fit, in order (`--k 1..8` or `--k 2,4,8`). */
  readonly k: readonly number[];
  /** The hyperparameter that takes each value (default `nComponents`). */
  readonly param?: string;
  readonly criterion?: SelectCriterion;
  /** Other `name=value` hyperparameters, the same for every fit. */
  readonly set?: readonly string[];
  readonly seed?: number;
  readonly json?: boolean;
  readonly engine?: string;
  /** CSV file for the table, one row per value with an `error` column (written atomically). */
  readonly out?: string;
}

/** One fit of `latentkit select`. */
export interface SelectRow {
  readonly k: number;
  /** Mean log-likelihood per training row (nats). */
  readonly logLikelihood: number;
  /** −2 N·logLikelihood + p log N and −2 N·logLikelihood + 2p on the training rows (lower is better). */
  readonly bic: number;
  readonly aic: number;
  readonly nParameters: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** The iteration count was fixed by design, so `converged` says nothing. */
  readonly fixedIterations: boolean;
  readonly seconds: number;
  /** Mean log-likelihood per test row, when there is a test set. */
  readonly testLogLikelihood: number | null;
}

/** A value of `latentkit select` whose fit failed: the one-line reason; the other values are still fitted. */
export interface FailedSelectRow {
  readonly k: number;
  readonly error: string;
}

/** Whether a row of `select` is a failed fit. */
export const isFailedRow = (row: SelectRow | FailedSelectRow): row is FailedSelectRow => 'error' in row;

/** What `latentkit select --json` prints, one JSON object. */
export interface SelectSummary {
  readonly model: string;
  readonly param: string;
  readonly criterion: SelectCriterion;
  readonly backend: string;
  readonly n: number;
  readonly d: number;
  /** One row per value, in order; a failed fit is a {@link FailedSelectRow} with its reason. */
  readonly rows: readonly (SelectRow | FailedSelectRow)[];
  /** The value of `param` with the lowest criterion among the successful fits (the smaller one on ties); null if every fit failed. */
  readonly best: number | null;
}

/**
 * Parse `--k`: a range `a..b` (inclusive), a comma-separated list, or one integer; every value an integer ≥ 1.
 * @example
 * ```ts
 * parseKRange('1..4'); // [1, 2, 3, 4]
 * parseKRange('2,4,8'); // [2, 4, 8]
 * ```
 */
export function parseKRange(text: string): number[] {
  const fail = (): never => {
    throw new UsageError(`--k expects a range a..b, a list a,b,c or one integer, all >= 1; got '${text}'`);
  };
  const int = (t: string): number => (/^\s*\d+\s*$/.test(t) && Number(t) >= 1 && Number.isSafeInteger(Number(t)) ? Number(t) : fail());
  const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(text);
  if (range) {
    const [a, b] = [int(range[1]), int(range[2])];
    if (b < a || b - a > 999) fail();
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const values = text.split(',').map(int);
  return [...new Set(values)];
}

/** The model reports no parameter count or log-likelihood: the same for every K, so select stops at once. */
class NoCriteriaError extends UsageError {}

/**
 * BIC, AIC and the parameter count of a fitted model from its declared capabilities: its own `bic`/`aic`, else
 * −2N·logLikelihood + p log N and −2N·logLikelihood + 2p with its declared `nParameters` p.
 */
function criteria(fitted: Fitted, key: string, train: Dataset, logLikelihood: number): { bic: number; aic: number; nParameters: number } {
  const p = fitted.nParameters;
  if (typeof p !== 'number' || !Number.isFinite(logLikelihood)) {
    throw new NoCriteriaError(`${key} does not report a parameter count and a log-likelihood, so select cannot compute BIC or AIC for it`);
  }
  const n = train.nRows;
  return {
    bic: fitted.bic?.(train) ?? -2 * n * logLikelihood + p * Math.log(n),
    aic: fitted.aic?.(train) ?? -2 * n * logLikelihood + 2 * p,
    nParameters: p,
  };
}

/**
 * `latentkit select <model-key> <file | dataset-key> --k 1..8 [--criterion bic|aic]`: fit the model once per value of its size
 * parameter (`nComponents` unless `--param` says otherwise), each with the same seed and hyperparameters, and
 * report the mean log-likelihood, BIC and AIC on the training rows (and the test log-likelihood when a split
 * column or `--test` gives a test set); the value with the lowest criterion is marked. With `--json`, one line.
 */
export async function selectCommand(options: SelectCommandOptions, io: CliIO): Promise<SelectSummary> {
  const ctx = await createContext(options, io);
  requireModelKey(ctx.registry, options.model);
  requireEngine(ctx.registry, options.model, options.engine);
  const param = options.param ?? 'nComponents';
  const criterion = options.criterion ?? 'bic';
  if (criterion !== 'bic' && criterion !== 'aic') throw new UsageError(`--criterion expects bic or aic, got '${criterion}'`);
  if (!(param in ctx.registry.model(options.model).params)) throw new UsageError(`${options.model} has no parameter '${param}' to select`);
  if (options.k.length === 0) throw new UsageError('--k gives no values to fit');
  const base = parseSetOptions(options.set);
  const validated = ctx.registry.validate(options.model, base, { coerce: true });
  const engineParams = fitEngineParams(ctx.registry, options.model, validated, options.engine, options);
  if (options.out) await checkOutFile(options.out);
  const rule = fitMissingRule(ctx.registry, options.model, validated, options.missing);
  const data = await loadUnderRule(rule, (missing) => loadTrainTest(options.train, options.test, { ...options, missing, registry: ctx.registry }));
  if (data.note) io.stderr.write(`note: ${data.note}\n`);
  const rows: (SelectRow | FailedSelectRow)[] = [];
  for (const k of options.k) {
    throwIfCancelled(options.signal);
    try {
      rows.push(await fitOne(k, param, base, data, ctx, { ...options, ...engineParams }, io));
    } catch (e) {
      if (e instanceof CancelledError || options.signal?.aborted || e instanceof NoCriteriaError) throw e;
      rows.push({ k, error: firstLine(e) });
    }
  }
  const ok = rows.filter((r): r is SelectRow => !isFailedRow(r));
  const best = ok.length ? ok.reduce((a, b) => (b[criterion] < a[criterion] ? b : a)).k : null;
  const result: SelectSummary = { model: options.model, param, criterion, backend: ctx.backend.name, n: data.train.nRows, d: data.train.nCols, rows, best };
  if (options.out) await writeFileAtomic(options.out, selectCsv(result), { signal: options.signal });
  io.stdout.write(options.json ? `${JSON.stringify(result)}\n` : renderSelect(result, data.name, Boolean(data.test)));
  if (best === null) throw new UsageError(`every fit of ${options.model} failed (${param} = ${options.k.join(', ')}); the reasons are in the table`);
  return result;
}

async function fitOne(
  k: number,
  param: string,
  base: Record<string, unknown>,
  data: Awaited<ReturnType<typeof loadTrainTest>>,
  ctx: Awaited<ReturnType<typeof createContext>>,
  options: SelectCommandOptions & CliEngineParams,
  io: CliIO,
): Promise<SelectRow> {
  const { fitted, summary } = await fitModel({
    ...ctx,
    key: options.model,
    params: { ...base, [param]: String(k) },
    train: data.train,
    test: data.test,
    seed: options.seed,
    engine: options.engine,
    engineParams: options.engineParams,
    estimatorParams: options.estimatorParams,
    signal: options.signal,
    label: `${options.model} ${param}=${k} on ${data.name}`,
    io,
    bar: Boolean(io.stderr.isTTY) && !options.json,
  });
  try {
    const logLikelihood = summary.train.logLikelihood ?? Number.NaN;
    return {
      k,
      logLikelihood,
      ...criteria(fitted, options.model, data.train, logLikelihood),
      iterations: summary.iterations,
      converged: summary.converged,
      fixedIterations: summary.fixedIterations,
      seconds: summary.seconds,
      testLogLikelihood: summary.test?.logLikelihood ?? null,
    };
  } finally {
    fitted.dispose();
  }
}

/** The table as CSV: the value, the numbers (empty for a failed fit) and the reason of a failure in `error`. */
function selectCsv(s: SelectSummary): string {
  const header = [s.param, 'logLikelihood', 'bic', 'aic', 'nParameters', 'iterations', 'converged', 'seconds', 'testLogLikelihood', 'error'];
  const lines = s.rows.map((r) =>
    isFailedRow(r)
      ? [r.k, '', '', '', '', '', '', '', '', r.error]
      : [r.k, r.logLikelihood, r.bic, r.aic, r.nParameters, r.iterations, String(r.converged), r.seconds, r.testLogLikelihood ?? '', ''],
  );
  return `${[header, ...lines].map((cells) => cells.map(csvField).join(',')).join('\n')}\n`;
}

function renderSelect(s: SelectSummary, file: string, hasTest: boolean): string {
  const header = [
    s.param === 'nComponents' ? 'K' : s.param,
    'logLikelihood',
    'BIC',
    'AIC',
    'parameters',
    'iterations',
    ...(hasTest ? ['test logLikelihood'] : []),
    '',
  ];
  const rows = s.rows.map((r) =>
    isFailedRow(r)
      ? [r.k, '-', '-', '-', '-', '-', ...(hasTest ? ['-'] : []), `failed: ${r.error}`]
      : [
          r.k,
          formatScore(r.logLikelihood),
          formatScore(r.bic),
          formatScore(r.aic),
          r.nParameters,
          `${r.iterations}${stopWords(r) === 'not converged' ? ' (not converged)' : ''}`,
          ...(hasTest ? [r.testLogLikelihood === null ? '-' : formatScore(r.testLogLikelihood)] : []),
          r.k === s.best ? `<- lowest ${s.criterion.toUpperCase()}` : '',
        ],
  );
  return [
    `${s.model} on ${file} (${s.n} rows x ${s.d} columns): ${s.param} by ${s.criterion.toUpperCase()}`,
    formatTable(header, rows, { indent: 2, right: [0, 1, 2, 3, 4] }),
    s.best === null ? 'best: none (every fit failed)' : `best: ${s.param} = ${s.best}`,
    '',
  ].join('\n');
}
