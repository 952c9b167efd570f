import { DATA_EXTENSIONS, loadDataset, type Dataset, type DenseDataset, type LoadDatasetOptions } from '@latentkit/core';
import { validateParams, type MetricPlugin } from '@latentkit/registry';
import { extname } from 'node:path';
import { createContext, type CommonOptions } from '../context.js';
import { throwIfCancelled, UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import { parseSetOptions } from '../parse-options.js';
import { formatScore } from '../text-table.js';

/** Options of `latentkit metric`. */
export interface MetricCommandOptions extends CommonOptions {
  /** Metric id (`mig`) or registry key (`metrics/mig`, or a plugin's own key). */
  readonly metric: string;
  /** `--true`: the reference matrix (true factors, labels, counts, relevance, true loadings). */
  readonly truth: string;
  /** `--pred`: the estimated matrix (codes, scores, predicted probabilities, topic-word weights, loadings). */
  readonly pred: string;
  /** `name=value` metric parameters (`--set`, repeatable). */
  readonly set?: readonly string[];
  readonly json?: boolean;
  /** Columns of both files (`--columns`); `trueColumns`/`predColumns` select per file. */
  readonly columns?: readonly string[];
  readonly trueColumns?: readonly string[];
  readonly predColumns?: readonly string[];
}

/** The output of `latentkit metric --json`: one line. */
export interface MetricOutput {
  readonly metric: string;
  readonly value: number;
  readonly parts: Readonly<Record<string, number>>;
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Registry key of a metric given as `mig` or `metrics/mig`. */
export function metricKey(name: string): string {
  return name.includes('/') ? name : `metrics/${name}`;
}

/**
 * Load a metric input as a dense matrix: CSV/TSV (missing cells kept as NaN so that the metric names the argument),
 * JSON, or Matrix Market counts (made dense). `source` becomes `--true file` / `--pred file` for error messages.
 */
async function loadInput(file: string, flag: string, columns: readonly string[] | undefined): Promise<DenseDataset> {
  const kind = DATA_EXTENSIONS[extname(file).toLowerCase()];
  if (columns && kind !== 'csv') throw new UsageError(`${flag}-columns only applies to delimited text files, but ${flag} ${file} is not one`);
  const options: LoadDatasetOptions = kind === 'csv' ? { missing: 'nan', ...(columns && { columns }) } : kind === 'json' ? { missing: 'nan' } : {};
  const data = await loadDataset(file, options);
  return { ...toDense(data), source: `${flag} ${file}` };
}

function toDense(data: Dataset): DenseDataset {
  if (data.kind === 'dense') return data;
  const values = new Float64Array(data.nRows * data.nCols);
  for (let i = 0; i < data.nRows; i++) for (let q = data.indptr[i]; q < data.indptr[i + 1]; q++) values[i * data.nCols + data.indices[q]] += data.data[q];
  const columns = data.vocabulary ?? Array.from({ length: data.nCols }, (_, j) => `w${j + 1}`);
  return { kind: 'dense', nRows: data.nRows, nCols: data.nCols, values, columns, ...(data.rowNames && { rowNames: data.rowNames }) };
}

function requireMetric(plugins: { key: string; plugin: unknown }[], key: string, name: string): MetricPlugin {
  const hit = plugins.find((p) => p.key === key);
  if (!hit) throw new UsageError(`unknown metric '${name}'; available: ${plugins.map((p) => p.key.replace(/^metrics\//, '')).join(', ')}`);
  return hit.plugin as MetricPlugin;
}

/**
 * `latentkit metric <id> --true <file> --pred <file> [--set name=value]... [--json]`: compute a registered metric on
 * two row-aligned matrices and print its value, parts and settings (with `--json`, one JSON line
 * `{ metric, value, parts, settings }`). Errors are one line naming the argument, e.g.
 * `metrics/mig: truth (--true f.csv) has 100 rows but pred (--pred z.csv) has 99`.
 */
export async function metricCommand(options: MetricCommandOptions, io: CliIO): Promise<MetricOutput> {
  const { registry } = await createContext(options, io);
  const key = metricKey(options.metric);
  const plugin = requireMetric(registry.list('metric'), key, options.metric);
  const params = validateParams(key, plugin.params, plugin.defaults, parseSetOptions(options.set), { coerce: true });
  const truth = await loadInput(options.truth, '--true', options.trueColumns ?? options.columns);
  const pred = await loadInput(options.pred, '--pred', options.predColumns ?? options.columns);
  throwIfCancelled(options.signal);
  const result = plugin.compute({ truth, pred }, params);
  const out: MetricOutput = { metric: key, value: result.value, parts: result.parts ?? {}, settings: result.settings ?? params };
  io.stdout.write(options.json ? `${JSON.stringify(out)}\n` : renderMetric(out));
  return out;
}

const showSetting = (v: unknown): string => (typeof v === 'number' ? formatScore(v) : typeof v === 'string' ? v : JSON.stringify(v));

function renderMetric(out: MetricOutput): string {
  const parts = Object.entries(out.parts).map(([name, v]) => `  ${name}: ${formatScore(v)}`);
  const settings = Object.entries(out.settings).map(([name, v]) => `${name}=${showSetting(v)}`);
  return `${[`${out.metric}: ${formatScore(out.value)}`, ...parts, `  settings: ${settings.join(', ')}`].join('\n')}\n`;
}
