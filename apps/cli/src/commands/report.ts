import { writeFileAtomic } from '@latentkit/core';
import { splitRows, type Dataset } from '@latentkit/core';
import type { SavedModel } from '@latentkit/registry';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { createContext, type CommonOptions } from '../context.js';
import { firstLine } from '../errors.js';
import type { CliIO } from '../io.js';
import { loadForColumns, type ColumnOptions } from '../load-data.js';
import { readModelFile } from '../model-file.js';
import { fittedSection } from '../report/fitted-section.js';
import { renderReport } from '../report/render-report.js';
import { VERSION } from '../version.js';

/** Options of `latentkit report`. */
export interface ReportCommandOptions extends CommonOptions, ColumnOptions {
  readonly modelFile: string;
  /** HTML file to write (atomically). */
  readonly out: string;
  /** Data for the data-dependent plots (default: the training file recorded in the model, if it exists). */
  readonly data?: string;
}

/**
 * `latentkit report <model.json> --out report.html [--data <file>]`: one self-contained HTML page with the
 * fitted model's numbers and plots (`fitted.report(data)`).
 */
export async function reportCommand(options: ReportCommandOptions, io: CliIO): Promise<{ html: string; data?: string }> {
  const { registry, backend } = await createContext(options, io);
  const { fitted, saved } = await readModelFile(options.modelFile, registry);
  try {
    const data = await reportData(options, saved, io);
    const date = new Date().toISOString();
    const section = fittedSection(fitted, data?.dataset);
    const html = await renderReport(
      {
        title: `latentkit report: ${saved.key}`,
        subtitle: `${date} · @latentkit/cli ${VERSION} · backend ${backend.name}`,
        entries: [{ section, details: modelDetails(saved, options.modelFile, data?.description ?? 'none (no data plots)', backend.name, date) }],
      },
      { warn: (m) => io.stderr.write(`warning: ${m}\n`) },
    );
    await writeFileAtomic(options.out, html, { signal: options.signal });
    io.stderr.write(`report written to ${options.out}\n`);
    return { html, ...(data && { data: data.file }) };
  } finally {
    fitted.dispose();
  }
}

/** Provenance rows of a saved model for the report's "Run" table. */
export function modelDetails(saved: SavedModel, modelFile: string, data: string, backend: string, date: string): [string, string | number][] {
  return [
    ['model', saved.key],
    ['plugin', `${saved.plugin.name}@${saved.plugin.version}`],
    ['model file', modelFile],
    ['parameters', JSON.stringify(saved.params)],
    ['data', data],
    ['training rows', saved.data.nRows],
    ['columns', saved.data.columns.join(', ')],
    ['engine', saved.fit.engine],
    ['seed', saved.fit.seed],
    ['iterations', saved.fit.iterations],
    ['converged', String(saved.fit.converged)],
    ['backend', backend],
    ['date', date],
  ];
}

async function reportData(
  options: ReportCommandOptions,
  saved: SavedModel,
  io: CliIO,
): Promise<{ dataset: Dataset; file: string; description: string } | undefined> {
  const model = `the model in ${options.modelFile}`;
  if (options.data) {
    const dataset = await loadForColumns(options.data, saved.data.columns, model, options);
    return { dataset, file: options.data, description: `${options.data} (${dataset.nRows} rows)` };
  }
  const source = saved.data.source;
  if (!source) return undefined;
  const candidates = isAbsolute(source) ? [source] : [resolve(source), resolve(dirname(options.modelFile), source)];
  const file = candidates.find((f) => existsSync(f));
  if (!file) {
    io.stderr.write(`note: the training data ${source} was not found; pass --data <file> for the data plots\n`);
    return undefined;
  }
  try {
    const all = await loadForColumns(file, saved.data.columns, model, options);
    const dataset = all.split ? splitRows(all, 'train') : all;
    const rows = all.split ? `its ${dataset.nRows} train rows` : `${dataset.nRows} rows`;
    return { dataset, file, description: `${source} (${rows})` };
  } catch (e) {
    io.stderr.write(`note: the training data ${source} could not be used (${firstLine(e)}); pass --data <file> for the data plots\n`);
    return undefined;
  }
}
