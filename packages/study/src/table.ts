import type { ReportSection } from '@latentkit/registry';
import type { StudyJob } from './expand.js';
import type { JobResult } from './run-job.js';

/** A value of a results table. */
export type Cell = string | number | null;

/** The results of a study: one row per job in expansion order, jobs without a result marked `pending`. */
export interface StudyTable {
  /** The study's name (empty for a study without jobs). */
  readonly study: string;
  /**
   * The column names in order: `id`, `model`, `dataset`, `replicate`, `seed`, `dataSeed`, the grid variables,
   * `status`, the metrics, `iterations`, `error`.
   */
  readonly columns: readonly string[];
  /** One row per job in expansion order, keyed by column name; a missing value (pending job, failed metric) is `null`. */
  readonly rows: readonly Readonly<Record<string, Cell>>[];
  /** The names among `columns` that are grid variables (model and dataset grids), in order of first appearance. */
  readonly vars: readonly string[];
  /** The names among `columns` that are metrics, in order of first appearance among the results. */
  readonly metrics: readonly string[];
}

const asCell = (v: unknown): Cell => (v === undefined || v === null ? null : typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v));

/** Names in order of first appearance. */
const union = (lists: Iterable<Iterable<string>>): string[] => [...new Set([...lists].flatMap((l) => [...l]))];

/**
 * The results table of a study: for each job (expansion order) its id, model and dataset labels, replicate, seeds,
 * grid variables, status, metric values, iterations and error. `seconds` and `worker` are kept out of it: they differ
 * from run to run, and everything in the table is reproducible (the same spec gives the same table locally and on a
 * queue, to the last bit).
 * @example
 * ```ts
 * const table = studyTable(jobs, store.results); toCsv(table);
 * ```
 */
export function studyTable(jobs: readonly StudyJob[], results: ReadonlyMap<string, JobResult>): StudyTable {
  const vars = union(jobs.map((j) => Object.keys(j.vars)));
  const metrics = union(jobs.map((j) => Object.keys(results.get(j.id)?.metrics ?? {})));
  const rows = jobs.map((job) => {
    const r = results.get(job.id);
    const row: Record<string, Cell> = {
      id: job.id,
      model: job.model.label,
      dataset: job.data.label,
      replicate: job.replicate,
      seed: job.seed,
      dataSeed: job.dataSeed,
    };
    for (const v of vars) row[v] = asCell(job.vars[v]);
    row.status = r?.status ?? 'pending';
    for (const m of metrics) row[m] = r?.metrics[m] ?? null;
    row.iterations = r?.iterations ?? null;
    row.error = r?.error ?? null;
    return row;
  });
  const columns = ['id', 'model', 'dataset', 'replicate', 'seed', 'dataSeed', ...vars, 'status', ...metrics, 'iterations', 'error'];
  return { study: jobs[0]?.study ?? '', columns, rows, vars, metrics };
}

const csvField = (v: Cell): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The table as CSV (numbers in JavaScript's shortest round-trip form, so they read back to the same doubles). */
export function toCsv(table: StudyTable): string {
  return (
    [table.columns, ...table.rows.map((r) => table.columns.map((c) => r[c]))].map((row) => row.map((v) => csvField(v as Cell)).join(',')).join('\n') + '\n'
  );
}

/** One point of a study plot: a metric's mean over the finished replicates, its standard error and count. */
export interface SummaryPoint {
  /** The metric's column name in the table. */
  readonly metric: string;
  /** The line it belongs to: the model, dataset and other grid values (those not on the x axis), joined by ` · `. */
  readonly series: string;
  /** The value of the x variable at this point. */
  readonly x: Cell;
  /** Mean of the metric over the finished replicates, ȳ = Σy/n. */
  readonly mean: number;
  /** Standard error of the mean, s/√n (0 when n = 1). */
  readonly se: number;
  /** Number of finished jobs with a finite value averaged, n ≥ 1. */
  readonly n: number;
}

/** The x variable of the plots: the given one, else the first grid variable with several values, else the replicate. */
export function plotVariable(table: StudyTable, given?: string): string {
  if (given !== undefined) return given;
  return table.vars.find((v) => new Set(table.rows.map((r) => r[v])).size > 1) ?? 'replicate';
}

/**
 * Mean and standard error of every metric over the finished jobs of each series (model, dataset and the grid
 * variables other than `x`) at each value of `x`: ȳ = Σy/n, se = √(Σ(y − ȳ)²/(n − 1))/√n.
 */
export function summarize(table: StudyTable, x: string): SummaryPoint[] {
  const others = table.vars.filter((v) => v !== x);
  const groups = new Map<string, { metric: string; series: string; x: Cell; ys: number[] }>();
  for (const row of table.rows) {
    if (row.status !== 'done') continue;
    const series = [...(x === 'model' ? [] : [row.model]), ...(x === 'dataset' ? [] : [row.dataset]), ...others.map((v) => `${v}=${row[v]}`)].join(' · ');
    for (const metric of table.metrics) {
      const y = row[metric];
      if (typeof y !== 'number' || !Number.isFinite(y)) continue;
      const key = JSON.stringify([metric, series, row[x]]);
      const g = groups.get(key) ?? { metric, series, x: row[x], ys: [] };
      g.ys.push(y);
      groups.set(key, g);
    }
  }
  return [...groups.values()].map(({ metric, series, x: at, ys }) => {
    const n = ys.length;
    const mean = ys.reduce((a, b) => a + b, 0) / n;
    const se = n > 1 ? Math.sqrt(ys.reduce((a, y) => a + (y - mean) ** 2, 0) / (n - 1) / n) : 0;
    return { metric, series, x: at, mean, se, n };
  });
}

/** A Vega-Lite line plot of one metric against `x`, one line per series, with ±1 s.e. error bars. */
function metricPlot(metric: string, x: string, points: readonly SummaryPoint[]): Record<string, unknown> {
  const numeric = points.every((p) => typeof p.x === 'number');
  const values = points.map((p) => ({ x: p.x, mean: p.mean, lo: p.mean - p.se, hi: p.mean + p.se, series: p.series, n: p.n }));
  const xEnc = { field: 'x', type: numeric ? 'quantitative' : 'ordinal', title: x, ...(numeric && { scale: { zero: false } }) };
  const color = { field: 'series', type: 'nominal', title: 'series' };
  return {
    width: 420,
    height: 240,
    data: { values },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x: xEnc, y: { field: 'mean', type: 'quantitative', title: metric, scale: { zero: false } }, color } },
      { mark: { type: 'errorbar', ticks: true }, encoding: { x: xEnc, y: { field: 'lo', type: 'quantitative', title: metric }, y2: { field: 'hi' }, color } },
    ],
  };
}

/**
 * The study's report section: counts by status, the summary table (mean ± s.e. per series and x) and one plot per
 * metric (metric against `x` with error bars), as plain JSON for any report renderer (the CLI draws it as static SVG).
 */
export function studyReport(table: StudyTable, x: string = plotVariable(table)): ReportSection {
  const points = summarize(table, x);
  const count = (s: string) => table.rows.filter((r) => r.status === s).length;
  const failures = table.rows.filter((r) => r.status === 'rejected' || r.status === 'failed');
  return {
    title: `Study ${table.study}`,
    summary: { jobs: table.rows.length, done: count('done'), rejected: count('rejected'), failed: count('failed'), pending: count('pending'), x },
    tables: [
      {
        title: 'Mean ± standard error over replicates',
        columns: ['metric', 'series', x, 'mean', 's.e.', 'n'],
        rows: points.map((p) => [p.metric, p.series, p.x ?? '', p.mean, p.se, p.n]),
      },
      ...(failures.length > 0
        ? [
            {
              title: 'Rejected and failed jobs',
              columns: ['id', 'model', 'dataset', 'status', 'error'],
              rows: failures.map((r) => [r.id, r.model, r.dataset, r.status, r.error].map((v) => v ?? '')),
            },
          ]
        : []),
    ],
    plots: table.metrics
      .filter((m) => points.some((p) => p.metric === m))
      .map((m) => ({
        title: `${m} against ${x}`,
        spec: metricPlot(
          m,
          x,
          points.filter((p) => p.metric === m),
        ),
      })),
  };
}
