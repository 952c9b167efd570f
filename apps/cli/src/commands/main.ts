import { trainTestSplit, writeFileAtomic, type Dataset } from '@latentkit/core';
import type { Fitted } from '@latentkit/registry';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createContext, type CommandContext, type CommonOptions } from '../context.js';
import { throwIfCancelled } from '../errors.js';
import { fitModel, type FitSummary } from '../fit-model.js';
import type { CliIO } from '../io.js';
import { iterationsText } from '../convergence.js';
import { checkOutDirectory } from '../out-path.js';
import { fittedSection } from '../report/fitted-section.js';
import { provenanceRows } from '../report/provenance-rows.js';
import { renderReport, type ReportEntry } from '../report/render-report.js';
import { viewPlots } from '../report/view-plots.js';
import { formatScore, formatTable } from '../text-table.js';
import { VERSION } from '../version.js';
import { MAIN_JOBS, type MainJob } from './main-jobs.js';

/** Options of `latentkit main`. */
export interface MainCommandOptions extends CommonOptions {
  /** Directory for `report.html` and the model files (created if needed). */
  readonly out?: string;
  /** The fits to run (default {@link MAIN_JOBS}). */
  readonly jobs?: readonly MainJob[];
}

/** One row of the summary `latentkit main` prints. */
export interface MainRow {
  readonly model: string;
  readonly data: string;
  /** K: the latent size the fitted model declares (`latentDim`), else the number of columns `transform` returns; null if neither works. */
  readonly k: number | null;
  /** Name of the primary score (e.g. `logLikelihood`, the mean log-likelihood per sample). */
  readonly score: string;
  readonly train: number;
  readonly test: number | null;
  readonly bic: number | null;
  readonly iterations: number;
  readonly seconds: number;
  readonly backend: string;
  readonly modelFile: string;
}

/** Default output directory of `latentkit main`. */
export const MAIN_OUT_DIR = 'latentkit-report';

/**
 * `latentkit main [--out <dir>]`: the quick-start job. Fits every entry of {@link MAIN_JOBS} on its bundled
 * data set (train rows of the split column; test rows scored), writes the model files and one `report.html`
 * with a section per fit, and prints a summary table.
 */
export async function mainCommand(options: MainCommandOptions, io: CliIO): Promise<{ rows: MainRow[]; report: string }> {
  const ctx = await createContext(options, io);
  const dir = options.out ?? MAIN_OUT_DIR;
  await checkOutDirectory(dir);
  await mkdir(dir, { recursive: true });
  const date = new Date().toISOString();
  const rows: MainRow[] = [];
  const entries: ReportEntry[] = [];
  for (const job of options.jobs ?? MAIN_JOBS) {
    throwIfCancelled(options.signal);
    const { row, entry } = await runJob(job, ctx, dir, date, options, io);
    rows.push(row);
    entries.push(entry);
  }
  const overview = {
    columns: ['model', 'data', 'K', 'score', 'train', 'test', 'BIC', 'iterations', 'seconds', 'backend'],
    rows: rows.map((r) => [r.model, r.data, r.k ?? '-', r.score, r.train, r.test ?? '-', r.bic ?? '-', r.iterations, Number(r.seconds.toFixed(3)), r.backend]),
  };
  const html = await renderReport(
    { title: 'latentkit: models on bundled real data', subtitle: `${date} · @latentkit/cli ${VERSION} · backend ${ctx.backend.name}`, overview, entries },
    { warn: (m) => io.stderr.write(`warning: ${m}\n`) },
  );
  const report = join(dir, 'report.html');
  await writeFileAtomic(report, html, { signal: options.signal });
  io.stdout.write(`${renderRows(rows)}\n\nreport: ${report}\n`);
  return { rows, report };
}

async function runJob(
  job: MainJob,
  ctx: CommandContext,
  dir: string,
  date: string,
  options: MainCommandOptions,
  io: CliIO,
): Promise<{ row: MainRow; entry: ReportEntry }> {
  const name = job.dataset.split('/').pop()!;
  const all = await ctx.registry.dataset(job.dataset).load();
  const { train, test } = trainTestSplit(all, job.dataset);
  const modelFile = join(dir, `${job.model.replace('/', '-')}-${name}.json`);
  const { fitted, summary } = await fitModel({
    ...ctx,
    key: job.model,
    params: { ...job.params },
    train,
    test,
    seed: job.seed,
    signal: options.signal,
    label: `${job.model} on ${name}`,
    io,
    bar: Boolean(io.stderr.isTTY),
    out: { path: modelFile },
  });
  try {
    const saved = fitted.toJSON();
    const row = summaryRow(job, name, fitted, summary, train, modelFile);
    const k = row.k === null ? '' : ` (K=${row.k})`;
    const entry: ReportEntry = {
      heading: `${job.model} on ${name}${k}`,
      section: fittedSection(fitted, train),
      details: [
        ['model', job.model],
        [
          'parameters',
          Object.entries(summary.params)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(', '),
        ],
        ['data', `${job.dataset} (${all.source ?? name})`],
        ['rows', `${train.nRows} train, ${test?.nRows ?? 0} test; ${train.nCols} columns`],
        [`train ${row.score}`, row.train],
        ...(row.test === null ? [] : [[`test ${row.score}`, row.test] as [string, number]]),
        ['iterations', iterationsText(summary)],
        ['seconds', Number(summary.seconds.toFixed(3))],
        ['backend', ctx.backend.name],
        ['model file', modelFile],
        ['date', date],
      ],
      views: viewPlots(fitted, train, (m) => io.stderr.write(`warning: ${m}\n`)),
      provenance: provenanceRows(saved),
    };
    return { row, entry };
  } finally {
    fitted.dispose();
  }
}

function summaryRow(job: MainJob, data: string, fitted: Fitted, s: FitSummary, train: Dataset, modelFile: string): MainRow {
  const score = fitted.scoreNames[0] ?? Object.keys(s.train)[0];
  return {
    model: job.model,
    data,
    k: latentSize(fitted, train),
    score,
    train: s.train[score],
    test: s.test ? s.test[score] : null,
    bic: fitted.bic?.(train) ?? null,
    iterations: s.iterations,
    seconds: s.seconds,
    backend: s.backend,
    modelFile,
  };
}

/**
 * The size of the latent space: what the fitted model declares (`latentDim`), else the number of columns its
 * `transform` returns on `data`; null when that fails.
 */
export function latentSize(fitted: Fitted, data: Dataset): number | null {
  if (typeof fitted.latentDim === 'number') return fitted.latentDim;
  try {
    return fitted.transform(data).nCols;
  } catch {
    return null;
  }
}

function renderRows(rows: readonly MainRow[]): string {
  return formatTable(
    ['model', 'data', 'K', 'score', 'train', 'test', 'BIC', 'iterations', 'seconds', 'backend'],
    rows.map((r) => [
      r.model,
      r.data,
      r.k ?? '-',
      r.score,
      formatScore(r.train),
      r.test === null ? '-' : formatScore(r.test),
      r.bic === null ? '-' : r.bic.toFixed(1),
      r.iterations,
      r.seconds.toFixed(2),
      r.backend,
    ]),
    { right: [2, 4, 5, 6, 7, 8] },
  );
}
