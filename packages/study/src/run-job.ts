import { fitAndSave, FitCancelledError, loadRegisteredDataset, requireEngine, requireModelKey } from '@latentkit/app';
import { asModelData, loadDataset, trainTestSplit, type Dataset } from '@latentkit/core';
import { validateParams, type Fitted, type LatentMatrix, type Registry } from '@latentkit/registry';
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { StudyJob } from './expand.js';
import type { StudyMetricSpec } from './spec.js';

/** How a job ended: `done` (metrics computed), `rejected` (not run: it names something not allowed) or `failed` (its fit or a metric threw). */
export type JobStatus = 'done' | 'rejected' | 'failed';

/** The outcome of one job: plain JSON, what a worker sends back through the queue. */
export interface JobResult {
  /** The job's id ({@link StudyJob.id}), which the result store keys it by. */
  readonly id: string;
  /** How the job ended. */
  readonly status: JobStatus;
  /** One line: why the job was rejected or failed. */
  readonly error?: string;
  /** Metric values by column name; `train:<score>` / `test:<score>` for the model's scores. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Iterations the fit's engine ran (only when `done`). */
  readonly iterations?: number;
  /** Seconds of the fit (not part of the reproducible table). */
  readonly seconds?: number;
  /** Who ran it (a host and process id, or `local`); not part of the reproducible table. */
  readonly worker?: string;
}

/** A job that names something a worker does not run: an unknown plugin, a path outside the data root, invalid parameters. */
export class JobRejectedError extends Error {
  /**
   * An error named `JobRejectedError`.
   * @param message - One line naming what was not allowed and why, e.g. `model: unknown model 'x/y'; registered models: …`.
   */
  constructor(message: string) {
    super(message);
    this.name = 'JobRejectedError';
  }
}

/** Where {@link runStudyJob} may read data and with which plugins. */
export interface JobRunnerOptions {
  /** The registry of the plugins a job may name (only these run). */
  readonly registry: Registry;
  /** Data files must resolve (symbolic links followed) to a path under this folder; without it, file data is rejected. */
  readonly dataRoot?: string;
  /** Cancels the fit; the job then throws `FitCancelledError` (of `@latentkit/app`) and records nothing. */
  readonly signal?: AbortSignal;
  /** Recorded as the result's `worker`. */
  readonly worker?: string;
}

const oneLine = (e: unknown): string => String((e as Error)?.message ?? e).replace(/\s*[\r\n]+\s*/g, ' ');

/** The absolute path of `path` under `root`, following symbolic links, or a rejection naming both. */
export async function resolveUnderRoot(path: string, root: string | undefined): Promise<string> {
  if (root === undefined) throw new JobRejectedError(`data path '${path}' is not allowed: this runner has no data root (--data-root)`);
  const rootReal = await realpath(root).catch(() => {
    throw new JobRejectedError(`data root '${root}' does not exist`);
  });
  const candidate = resolve(rootReal, path);
  const real = await realpath(candidate).catch(() => candidate);
  const rel = relative(rootReal, real);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    throw new JobRejectedError(`data path '${path}' is outside the data root ${rootReal}`);
  }
  return real;
}

/** Check every key and parameter a job names against the registry, before any data is read. */
function checkJob(job: StudyJob, registry: Registry): void {
  const reject = (what: string, e: unknown): never => {
    throw new JobRejectedError(`${what}: ${oneLine(e)}`);
  };
  try {
    requireModelKey(registry, job.model.key);
    requireEngine(registry, job.model.key, job.model.engine);
  } catch (e) {
    reject('model', e);
  }
  try {
    registry.validate(job.model.key, { ...job.model.params }, { coerce: true });
  } catch (e) {
    reject(`${job.model.key} parameters`, e);
  }
  if (job.model.engineParams) {
    const engine = jobEngine(job, registry);
    try {
      registry.validateEngineParams(engine, { ...job.model.engineParams }, { coerce: true });
    } catch (e) {
      reject(`${engine} parameters`, e);
    }
  }
  for (const m of job.metrics) {
    if (m === 'score') continue;
    const key = m.metric.includes('/') ? m.metric : `metrics/${m.metric}`;
    if (!registry.has(key) || registry.get(key).kind !== 'metric') {
      const known = registry.list('metric').map((e) => e.key);
      throw new JobRejectedError(`unknown metric '${m.metric}'; registered metrics: ${known.join(', ') || '(none)'}`);
    }
    try {
      const plugin = registry.metric(key);
      validateParams(key, plugin.params, plugin.defaults, { ...m.params }, { coerce: true });
    } catch (e) {
      reject(`${key} parameters`, e);
    }
  }
}

async function loadJobData(job: StudyJob, options: JobRunnerOptions): Promise<Dataset> {
  const { registry } = options;
  const { key, path, labelColumn } = job.data;
  if (key !== undefined) {
    const plugin = registry.has(key) && registry.get(key).kind === 'dataset' ? registry.dataset(key) : undefined;
    const takesSeed = plugin?.params !== undefined && 'seed' in plugin.params;
    const given = takesSeed && job.data.options.seed === undefined ? { ...job.data.options, seed: job.dataSeed } : job.data.options;
    try {
      return await loadRegisteredDataset(registry, key, given);
    } catch (e) {
      if ((e as Error).name === 'UsageError') throw new JobRejectedError(oneLine(e));
      throw e;
    }
  }
  const file = await resolveUnderRoot(path!, options.dataRoot);
  return loadDataset(file, { ...job.data.options, ...(labelColumn !== undefined && { label: labelColumn }) });
}

/** The truth of a metric: the labels as one column of codes (in order of first appearance), or the true factors. */
function truthTable(data: Dataset, m: StudyMetricSpec): LatentMatrix {
  if (data.kind !== 'dense') throw new Error(`metric ${m.metric}: count data carry no ${m.truth}`);
  if (m.truth === 'labels') {
    if (!data.labels) throw new Error(`metric ${m.metric}: the data have no labels (set labelColumn for a file)`);
    const codes = new Map<string | number, number>();
    const values = Float64Array.from(data.labels, (l) => codes.get(l) ?? (codes.set(l, codes.size), codes.size - 1));
    return { nRows: data.nRows, nCols: 1, values, columns: [data.labelName ?? 'label'] };
  }
  if (!data.factors) throw new Error(`metric ${m.metric}: the data have no true factors`);
  const { names, values } = data.factors;
  return { nRows: data.nRows, nCols: names.length, values, columns: names };
}

function predTable(fitted: Fitted, data: Dataset, m: StudyMetricSpec): LatentMatrix {
  if (m.pred === 'predict') {
    if (!fitted.predict) throw new Error(`metric ${m.metric}: ${fitted.key} has no predict`);
    const labels = fitted.predict(data);
    return { nRows: labels.length, nCols: 1, values: Float64Array.from(labels), columns: ['predicted'] };
  }
  return fitted.transform(data, m.layer !== undefined ? { layer: m.layer } : undefined);
}

/**
 * The columns `names` of a matrix (all when absent; `name*` every column starting with `name`) and the rows `rows`
 * (all when absent), or a one-line error naming the missing column.
 */
function pick(table: LatentMatrix, names: readonly string[] | undefined, rows: readonly number[] | undefined, what: string): LatentMatrix {
  const idx = (names ?? table.columns).flatMap((n) => {
    const found = n.endsWith('*')
      ? table.columns.flatMap((c, j) => (c.startsWith(n.slice(0, -1)) ? [j] : []))
      : [table.columns.indexOf(n)].filter((j) => j >= 0);
    if (found.length === 0) throw new Error(`${what} has no column '${n}'; it has ${table.columns.join(', ')}`);
    return found;
  });
  const keep = rows ?? Array.from({ length: table.nRows }, (_, i) => i);
  const values = new Float64Array(keep.length * idx.length);
  keep.forEach((i, r) => idx.forEach((j, c) => (values[r * idx.length + c] = table.values[i * table.nCols + j])));
  return { nRows: keep.length, nCols: idx.length, values, columns: idx.map((j) => table.columns[j]) };
}

/** The rows of `data` in the groups named (all rows when none are named). */
function groupRows(data: Dataset, m: StudyMetricSpec): number[] | undefined {
  if (!m.groups) return undefined;
  if (!data.groups) throw new Error(`metric ${m.metric}: the data have no row groups to keep ${m.groups.join(', ')}`);
  const wanted = new Set(m.groups);
  const rows = data.groups.values.flatMap((g, i) => (wanted.has(g) ? [i] : []));
  if (rows.length === 0)
    throw new Error(`metric ${m.metric}: no rows of the groups ${m.groups.join(', ')}; the data's groups are ${[...new Set(data.groups.values)].join(', ')}`);
  return rows;
}

/** The column name of a metric in the results. */
export function metricColumn(m: StudyMetricSpec): string {
  return m.name ?? `${m.metric.replace(/^metrics\//, '')}${m.layer !== undefined ? `:layer${m.layer}` : ''}`;
}

/**
 * Run one job and describe its outcome; never throws for the job's own faults. The job is checked first: its model,
 * engine and metrics must be registered plugins and its parameters valid (by the registry), its data a registered
 * dataset or a file under the data root; otherwise the result is `rejected` with a one-line reason and nothing runs.
 * Then the data are loaded (a dataset plugin taking a `seed` gets the job's `dataSeed` unless the job gives one),
 * fitted with `fitAndSave` of `@latentkit/app` (train rows; test rows scored) with the job's seed, and every
 * metric computed on all rows: `metrics/<id>` between the truth (labels or factors) and the prediction (`predict`
 * or `transform`); `score` adds the model's scores as `train:<name>` and `test:<name>`. An error there makes the
 * result `failed` with its message.
 * @throws `FitCancelledError` (of `@latentkit/app`) when `options.signal` fires (the job is then not finished).
 * @example
 * ```ts
 * const result = await runStudyJob(expandStudy(spec)[0], { registry: buildRegistry(), dataRoot: '/data' });
 * ```
 */
export async function runStudyJob(job: StudyJob, options: JobRunnerOptions): Promise<JobResult> {
  const { registry } = options;
  const base = { id: job.id, ...(options.worker !== undefined && { worker: options.worker }) };
  let data: Dataset;
  try {
    checkJob(job, registry);
    data = await loadJobData(job, options);
  } catch (e) {
    if (e instanceof JobRejectedError) return { ...base, status: 'rejected', error: e.message, metrics: {} };
    return { ...base, status: 'failed', error: `data: ${oneLine(e)}`, metrics: {} };
  }
  let fitted: Fitted | undefined;
  try {
    const { train, test } = trainTestSplit(data);
    const outcome = await fitAndSave({
      registry,
      key: job.model.key,
      params: job.model.params,
      train,
      test,
      seed: job.seed,
      engine: job.model.engine,
      ...(job.model.engineParams && { engineParams: registry.validateEngineParams(jobEngine(job, registry), { ...job.model.engineParams }, { coerce: true }) }),
      signal: options.signal,
    });
    fitted = outcome.fitted;
    const metrics: Record<string, number> = {};
    const all = asModelData(data, registry.model(job.model.key).data.kind);
    for (const m of job.metrics) {
      if (m === 'score') {
        for (const [name, v] of Object.entries(outcome.train)) metrics[`train:${name}`] = v;
        for (const [name, v] of Object.entries(outcome.test ?? {})) metrics[`test:${name}`] = v;
        continue;
      }
      const key = m.metric.includes('/') ? m.metric : `metrics/${m.metric}`;
      const plugin = registry.metric(key);
      const params = validateParams(key, plugin.params, plugin.defaults, { ...m.params }, { coerce: true });
      const rows = groupRows(data, m);
      const truth = pick(truthTable(data, m), m.truthColumns, rows, `${key} truth`);
      const pred = pick(predTable(fitted, all, m), m.predColumns, rows, `${key} prediction`);
      metrics[metricColumn(m)] = plugin.compute({ truth, pred }, params).value;
    }
    return { ...base, status: 'done', metrics, iterations: fitted.iterations, seconds: outcome.seconds };
  } catch (e) {
    if (e instanceof FitCancelledError) throw e;
    return { ...base, status: 'failed', error: oneLine(e), metrics: {} };
  } finally {
    fitted?.dispose();
  }
}

/** The engine a job's fit runs: its own, else the model's preferred one for its parameters, else its first registered. */
function jobEngine(job: StudyJob, registry: Registry): string {
  if (job.model.engine !== undefined) return job.model.engine;
  const instance = registry.model(job.model.key).create(registry.validate(job.model.key, { ...job.model.params }, { coerce: true }));
  return instance.preferredEngine ?? registry.compatible(job.model.key)[0];
}
