import { writeFileAtomic, type Dataset } from '@latentkit/core';
import type { Fitted, RestartSlice } from '@latentkit/registry';
import { createContext, type CommandContext, type CommonOptions } from '../context.js';
import { stopWords } from '../convergence.js';
import { csvField } from '../csv-text.js';
import { CancelledError, firstLine, throwIfCancelled, UsageError } from '../errors.js';
import { fitModel, requireEngine, requireModelKey } from '../fit-model.js';
import type { CliIO } from '../io.js';
import { loadTrainTest, type ColumnOptions } from '../load-data.js';
import { checkOutFile } from '../out-path.js';
import { fitMissingRule, loadUnderRule } from '../missing-values.js';
import { parseSetOptions } from '../parse-options.js';
import { applyGroupValues, backgroundOf, requireGroupOption, withBackgroundValue, type GroupValueOptions } from '../row-groups.js';
import { formatScore, formatTable } from '../text-table.js';
import { fitEngineParams, type CliEngineParams, type EngineParamOptions } from '../options/engine-params.js';
import { gridSettings, parseGridOption, parseKRange, settingLabel, settingValues, type GridAxis, type GridSetting } from './select-grid.js';

/**
 * Which information criterion picks the setting: `bic`, `aic`, or any name the fitted model's `criteria(data)`
 * returns (e.g. a Deep Discrete Encoder's `ebic`). Lower is better.
 */
export type SelectCriterion = string;

/** Options of `latentkit select`. */
export interface SelectCommandOptions extends CommonOptions, ColumnOptions, EngineParamOptions, GroupValueOptions {
  /** Registry key, e.g. `mixture/gmm`. */
  readonly model: string;
  /** Training data: a file, or a registered dataset key such as `datasets/iris` (options in `dataOptions`). */
  readonly train: string;
  readonly test?: string;
  /** The values of the size parameter to fit, in order (`--k 1..8` or `--k 2,4,8`). */
  readonly k?: readonly number[];
  /** The hyperparameter that takes each value of `k` (default `nComponents`). */
  readonly param?: string;
  /** Further hyperparameters to vary, each `name=v1;v2;…` (`--grid`); select fits every combination with `k`. */
  readonly grid?: readonly string[];
  readonly criterion?: SelectCriterion;
  /** Other `name=value` hyperparameters, the same for every fit. */
  readonly set?: readonly string[];
  readonly seed?: number;
  readonly json?: boolean;
  readonly engine?: string;
  /** CSV file for the table, one row per setting with an `error` column (written atomically). */
  readonly out?: string;
  /** `redis://host:port[/db]`: fit on `latentkit worker`s, one job per setting and restart, instead of here. */
  readonly queue?: string;
  readonly queueName?: string;
}

/**
 * The options of a select run that a worker needs to repeat one of its fits (`select --queue`): plain JSON, with the
 * data paths relative to the directory select runs in (a worker resolves them under its `--data-root`).
 */
export const SELECT_REQUEST_FIELDS = {
  model: 'string',
  train: 'string',
  test: 'string',
  vocab: 'string',
  k: 'number[]',
  param: 'string',
  grid: 'string[]',
  criterion: 'string',
  set: 'string[]',
  seed: 'number',
  engine: 'string',
  engineSet: 'string[]',
  estimatorSet: 'string[]',
  threads: 'number',
  columns: 'string[]',
  label: 'string',
  group: 'string',
  missing: 'string',
  dataOptions: 'string[]',
  header: 'boolean',
  delimiter: 'string',
  h5adLayer: 'string',
  backgroundValue: 'string',
  targetValue: 'string',
} as const satisfies Partial<Record<keyof SelectCommandOptions | 'vocab', string>>;

/** {@link SELECT_REQUEST_FIELDS}: what a select job carries of the command's options. */
export type SelectRequest = Pick<SelectCommandOptions, Exclude<keyof typeof SELECT_REQUEST_FIELDS, 'vocab'>> & { readonly vocab?: string };

/** One fit of `latentkit select`. */
export interface SelectRow {
  /** The value of `param` (`--k`), when select varies it. */
  readonly k?: number;
  /** The hyperparameters this fit varied (`--k` and `--grid`), name → value as given (`--json` prints them as JSON values). */
  readonly setting: GridSetting;
  /** Mean log-likelihood per training row (nats). */
  readonly logLikelihood: number;
  /**
   * −2 N·logLikelihood + p log N and −2 N·logLikelihood + 2p on the training rows (lower is better); `null` when the
   * model reports no parameter count p (then only its own `criteria` can rank the fits).
   */
  readonly bic: number | null;
  readonly aic: number | null;
  readonly nParameters: number | null;
  /** The model's further criteria on the training rows (`Fitted.criteria`), when it declares them. */
  readonly criteria?: Readonly<Record<string, number>>;
  readonly iterations: number;
  readonly converged: boolean;
  /** The iteration count was fixed by design, so `converged` says nothing. */
  readonly fixedIterations: boolean;
  readonly seconds: number;
  /** Mean log-likelihood per test row, when there is a test set. */
  readonly testLogLikelihood: number | null;
}

/** A setting of `latentkit select` whose fit failed: the one-line reason; the other settings are still fitted. */
export interface FailedSelectRow {
  readonly k?: number;
  readonly setting: GridSetting;
  readonly error: string;
}

/** Whether a row of `select` is a failed fit. */
export const isFailedRow = (row: SelectRow | FailedSelectRow): row is FailedSelectRow => 'error' in row;

/** What `latentkit select --json` prints, one JSON object. */
export interface SelectSummary {
  readonly model: string;
  /** The hyperparameters select varied, comma-separated (`nComponents`; `layers,lambda`). */
  readonly param: string;
  readonly criterion: SelectCriterion;
  readonly backend: string;
  readonly n: number;
  readonly d: number;
  /** One row per setting, in order; a failed fit is a {@link FailedSelectRow} with its reason. */
  readonly rows: readonly (SelectRow | FailedSelectRow)[];
  /**
   * The setting with the lowest criterion among the successful fits (the first on ties); null if every fit failed.
   * With `--k` alone, its value of `param` (a number); with `--grid`, the setting, name → value.
   */
  readonly best: number | GridSetting | null;
}

export { parseKRange };

/** The summary as `--json` prints it: each setting's values as JSON reads them (`nComponents: 3`, `layers: [6, 2]`). */
function jsonSummary(s: SelectSummary): object {
  const best = s.best === null || typeof s.best === 'number' ? s.best : settingValues(s.best);
  return { ...s, rows: s.rows.map((r) => ({ ...r, setting: settingValues(r.setting) })), best };
}

/** The model reports no parameter count or log-likelihood: the same for every K, so select stops at once. */
class NoCriteriaError extends UsageError {}

/**
 * BIC, AIC and the parameter count of a fitted model from its declared capabilities: its own `bic`/`aic`, else
 * −2N·logLikelihood + p log N and −2N·logLikelihood + 2p with its declared `nParameters` p (all `null` without p),
 * and its further `criteria`.
 */
function criteriaOf(fitted: Fitted, train: Dataset, logLikelihood: number): Pick<SelectRow, 'bic' | 'aic' | 'nParameters' | 'criteria'> {
  const p = fitted.nParameters;
  const n = train.nRows;
  const counted = typeof p === 'number' && Number.isFinite(logLikelihood);
  return {
    bic: counted ? (fitted.bic?.(train) ?? -2 * n * logLikelihood + p * Math.log(n)) : null,
    aic: counted ? (fitted.aic?.(train) ?? -2 * n * logLikelihood + 2 * p) : null,
    nParameters: counted ? p : null,
    ...(fitted.criteria && { criteria: { ...fitted.criteria(train) } }),
  };
}

/** The value of `criterion` on a row: BIC, AIC or one of the model's further criteria; undefined when it has none. */
const criterionValue = (row: SelectRow, criterion: string): number | undefined =>
  criterion === 'bic' ? (row.bic ?? undefined) : criterion === 'aic' ? (row.aic ?? undefined) : row.criteria?.[criterion];

/**
 * Stops select at its first fit when the criterion is not one the model reports: the same for every setting. The
 * message lists the ones it does report.
 */
function requireCriterion(row: SelectRow, criterion: string, model: string): void {
  if (criterionValue(row, criterion) !== undefined) return;
  const available = [...(row.bic !== null ? ['bic', 'aic'] : []), ...Object.keys(row.criteria ?? {})];
  if (available.length === 0 || (row.bic === null && (criterion === 'bic' || criterion === 'aic'))) {
    throw new NoCriteriaError(`${model} does not report a parameter count and a log-likelihood, so select cannot compute BIC or AIC for it`);
  }
  throw new NoCriteriaError(`--criterion '${criterion}' is not reported by ${model}; available: ${available.join(', ')}`);
}

/**
 * `latentkit select <model-key> <file | dataset-key> --k 1..8 [--grid name=v1;v2;…] [--criterion bic|aic|<name>]`:
 * fit the model once per setting, every combination of the values of its size parameter (`--k`, for `nComponents`
 * unless `--param` says otherwise) and of the `--grid` hyperparameters, each fit with the same seed and the other
 * hyperparameters, and report the mean log-likelihood, BIC, AIC and the model's further criteria on the training rows
 * (and the test log-likelihood when a split column or `--test` gives a test set); the setting with the lowest
 * criterion is marked. With `--json`, one line.
 */
export async function selectCommand(options: SelectCommandOptions, io: CliIO): Promise<SelectSummary> {
  // BullMQ and ioredis are loaded only for a queued select, so that a local one starts without them.
  const queue = options.queue !== undefined ? await import('../queue/select-queue.js') : undefined;
  const target = queue?.selectQueueTarget(options);
  const ctx = await createContext(options, io);
  const checkOut = async (): Promise<void> => {
    if (options.out) await checkOutFile(options.out);
  };
  const { criterion, axes, settings, kName, base, engineParams, data } = await prepareSelect(options, ctx, io, checkOut);
  if (data.note) io.stderr.write(`note: ${data.note}\n`);
  const queued = queue && target ? await queue.runSelectOnQueue({ options, target, settings, base, data, registry: ctx.registry, io }) : undefined;
  const rows: (SelectRow | FailedSelectRow)[] = [];
  for (const [i, setting] of settings.entries()) {
    throwIfCancelled(options.signal);
    const id = { ...(kName !== undefined && { k: Number(setting[kName]) }), setting };
    try {
      const fit = queued ? queued[i].fit : (await fitOne(setting, base, data, ctx, { ...options, ...engineParams }, io)).fit;
      if (fit === undefined) throw new Error(queued![i].error);
      const row = { ...id, ...fit };
      requireCriterion(row, criterion, options.model);
      rows.push(row);
    } catch (e) {
      if (e instanceof CancelledError || options.signal?.aborted || e instanceof NoCriteriaError) throw e;
      rows.push({ ...id, error: firstLine(e) });
    }
  }
  const ok = rows.filter((r): r is SelectRow => !isFailedRow(r));
  const bestRow = ok.length ? ok.reduce((a, b) => (criterionValue(b, criterion)! < criterionValue(a, criterion)! ? b : a)) : null;
  const best = bestRow === null ? null : axes.length === 1 && kName !== undefined ? bestRow.k! : bestRow.setting;
  const param = axes.map((a) => a.name).join(',');
  const result: SelectSummary = { model: options.model, param, criterion, backend: ctx.backend.name, n: data.train.nRows, d: data.train.nCols, rows, best };
  if (options.out) await writeFileAtomic(options.out, selectCsv(result, axes), { signal: options.signal });
  io.stdout.write(options.json ? `${JSON.stringify(jsonSummary(result))}\n` : renderSelect(result, axes, bestRow, data.name, Boolean(data.test)));
  if (best === null) {
    const tried = axes.length === 1 ? `${param} = ${axes[0].values.join(', ')}` : `${settings.length} settings of ${axes.map((a) => a.name).join(', ')}`;
    throw new UsageError(`every fit of ${options.model} failed (${tried}); the reasons are in the table`);
  }
  return result;
}

/** What {@link prepareSelect} checked and loaded: the settings to fit, the fixed hyperparameters and the data. */
export interface PreparedSelect {
  readonly criterion: string;
  readonly axes: readonly GridAxis[];
  readonly settings: readonly GridSetting[];
  /** The name of the `--k` hyperparameter, when `--k` is given. */
  readonly kName?: string;
  /** The `--set` hyperparameters (with `--background-value`), as given. */
  readonly base: Record<string, unknown>;
  readonly engineParams: CliEngineParams;
  readonly data: Awaited<ReturnType<typeof loadTrainTest>>;
}

/**
 * Check a select run's model, engine, criterion, settings and hyperparameters and load its data, as the local run
 * and each worker of a queued one (`select --queue`) do alike; `beforeLoad` (the command's `--out` check) runs
 * between the checks and the loading. Errors are one line naming the option.
 */
export async function prepareSelect(
  options: SelectRequest & CommonOptions,
  ctx: CommandContext,
  io: CliIO,
  beforeLoad?: () => Promise<void>,
): Promise<PreparedSelect> {
  requireModelKey(ctx.registry, options.model);
  requireEngine(ctx.registry, options.model, options.engine);
  const criterion = options.criterion ?? 'bic';
  if (!/^[A-Za-z][\w-]*$/.test(criterion)) throw new UsageError(`--criterion expects a name such as bic, aic or ebic, got '${criterion}'`);
  const axes = [...(options.k ? [{ name: options.param ?? 'nComponents', values: options.k.map(String) }] : []), ...(options.grid ?? []).map(parseGridOption)];
  if (axes.length === 0) throw new UsageError('select needs the settings to fit: --k <range> and/or --grid name=value1;value2;...');
  const params = ctx.registry.model(options.model).params;
  for (const a of axes) if (!(a.name in params)) throw new UsageError(`${options.model} has no parameter '${a.name}' to select`);
  const settings = gridSettings(axes);
  if (settings.length === 0) throw new UsageError('--k gives no values to fit');
  const kName = options.k ? axes[0].name : undefined;
  const base = withBackgroundValue(ctx.registry, options.model, parseSetOptions(options.set), options.backgroundValue);
  const validated = ctx.registry.validate(options.model, base, { coerce: true });
  const engineParams = fitEngineParams(ctx.registry, options.model, validated, options.engine, options);
  await beforeLoad?.();
  const rule = fitMissingRule(ctx.registry, options.model, validated, options.missing);
  requireGroupOption(ctx.registry, options.model, options.group, options.train);
  const loaded = await loadUnderRule(rule, (missing) => loadTrainTest(options.train, options.test, { ...options, missing, registry: ctx.registry }));
  const data = applyGroupValues(loaded, backgroundOf(ctx.registry, options.model, validated), options, io);
  return { criterion, axes, settings, kName, base, engineParams, data };
}

/** The numbers of one setting's fit: a row of the table without its setting. */
export type SelectFit = Omit<SelectRow, 'k' | 'setting'>;

/**
 * Fit one setting (or, with `restart`, one restart of it: `FitOptions.restart`) and read its row; `objective` is the
 * fit's final objective, by which the restarts of a queued select are compared (`keepsRestart`).
 */
export async function fitOne(
  setting: GridSetting,
  base: Record<string, unknown>,
  data: PreparedSelect['data'],
  ctx: CommandContext,
  options: SelectRequest & CommonOptions & CliEngineParams & Pick<SelectCommandOptions, 'json'>,
  io: CliIO,
  restart?: RestartSlice,
): Promise<{ fit: SelectFit; objective: number }> {
  const { fitted, summary } = await fitModel({
    ...ctx,
    key: options.model,
    params: { ...base, ...setting },
    train: data.train,
    test: data.test,
    seed: options.seed,
    engine: options.engine,
    engineParams: options.engineParams,
    estimatorParams: options.estimatorParams,
    ...(options.threads ? { threads: options.threads } : {}),
    signal: options.signal,
    ...(restart && { restart }),
    label: `${options.model} ${settingLabel(setting)}${restart ? ` restart ${restart.index + 1}/${restart.of}` : ''} on ${data.name}`,
    io,
    bar: Boolean(io.stderr.isTTY) && !options.json,
  });
  try {
    const logLikelihood = summary.train.logLikelihood ?? Number.NaN;
    const fit: SelectFit = {
      logLikelihood,
      ...criteriaOf(fitted, data.train, logLikelihood),
      iterations: summary.iterations,
      converged: summary.converged,
      fixedIterations: summary.fixedIterations,
      seconds: summary.seconds,
      testLogLikelihood: summary.test?.logLikelihood ?? null,
    };
    return { fit, objective: fitted.trace.at(-1)?.objective ?? Number.NaN };
  } finally {
    fitted.dispose();
  }
}

/** The names of the further criteria the rows report, in order of first appearance. */
const extraCriteria = (s: SelectSummary): string[] => [...new Set(s.rows.flatMap((r) => (isFailedRow(r) ? [] : Object.keys(r.criteria ?? {}))))];

/** The table as CSV: the setting, the numbers (empty for a failed fit) and the reason of a failure in `error`. */
function selectCsv(s: SelectSummary, axes: readonly GridAxis[]): string {
  const extra = extraCriteria(s);
  const header = [
    ...axes.map((a) => a.name),
    'logLikelihood',
    'bic',
    'aic',
    ...extra,
    'nParameters',
    'iterations',
    'converged',
    'seconds',
    'testLogLikelihood',
    'error',
  ];
  const lines = s.rows.map((r) => [
    ...axes.map((a) => r.setting[a.name]),
    ...(isFailedRow(r)
      ? [...new Array<string>(header.length - axes.length - 1).fill(''), r.error]
      : [
          r.logLikelihood,
          r.bic ?? '',
          r.aic ?? '',
          ...extra.map((c) => r.criteria?.[c] ?? ''),
          r.nParameters ?? '',
          r.iterations,
          String(r.converged),
          r.seconds,
          r.testLogLikelihood ?? '',
          '',
        ]),
  ]);
  return `${[header, ...lines].map((cells) => cells.map(csvField).join(',')).join('\n')}\n`;
}

function renderSelect(s: SelectSummary, axes: readonly GridAxis[], bestRow: SelectRow | null, file: string, hasTest: boolean): string {
  const extra = extraCriteria(s);
  const score = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : formatScore(v));
  const header = [
    ...axes.map((a) => (a.name === 'nComponents' ? 'K' : a.name)),
    'logLikelihood',
    'BIC',
    'AIC',
    ...extra.map((c) => c.toUpperCase()),
    'parameters',
    'iterations',
    ...(hasTest ? ['test logLikelihood'] : []),
    '',
  ];
  const numbers = 4 + extra.length;
  const rows = s.rows.map((r) => [
    ...axes.map((a) => r.setting[a.name]),
    ...(isFailedRow(r)
      ? [...new Array<string>(numbers + 1 + (hasTest ? 1 : 0)).fill('-'), `failed: ${r.error}`]
      : [
          formatScore(r.logLikelihood),
          score(r.bic),
          score(r.aic),
          ...extra.map((c) => score(r.criteria?.[c])),
          r.nParameters ?? '-',
          `${r.iterations}${stopWords(r) === 'not converged' ? ' (not converged)' : ''}`,
          ...(hasTest ? [r.testLogLikelihood === null ? '-' : formatScore(r.testLogLikelihood)] : []),
          r === bestRow ? `<- lowest ${s.criterion.toUpperCase()}` : '',
        ]),
  ]);
  const right = Array.from({ length: axes.length + numbers }, (_, i) => i);
  return [
    `${s.model} on ${file} (${s.n} rows x ${s.d} columns): ${axes.map((a) => a.name).join(', ')} by ${s.criterion.toUpperCase()}`,
    formatTable(header, rows, { indent: 2, right }),
    bestRow === null
      ? 'best: none (every fit failed)'
      : `best: ${Object.entries(bestRow.setting)
          .map(([n, v]) => `${n} = ${v}`)
          .join(', ')}`,
    '',
  ].join('\n');
}
