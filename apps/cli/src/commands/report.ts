import { parseDatasetSource } from '@latentkit/app';
import { writeFileAtomic } from '@latentkit/core';
import { splitRows, type Dataset } from '@latentkit/core';
import type { Registry, SavedModel } from '@latentkit/registry';
import { existsSync } from 'node:fs';
import { createContext, type CommonOptions } from '../context.js';
import { isDatasetArgument } from '../dataset-source.js';
import { firstLine, UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import { loadForColumns, type ColumnOptions } from '../load-data.js';
import { loadUnderRule, savedMissingRule, type MissingRule } from '../missing-values.js';
import { readModelFile, recordedDataCandidates } from '../model-file.js';
import type { VocabOptions } from '../options/vocab.js';
import { checkOutFile } from '../out-path.js';
import { columnListText } from '../report/column-list.js';
import { fittedSection } from '../report/fitted-section.js';
import { provenanceRows } from '../report/provenance-rows.js';
import { renderReport } from '../report/render-report.js';
import { viewPlots } from '../report/view-plots.js';
import { loadForSavedModel } from '../saved-model-data.js';
import { VERSION } from '../version.js';

/** Options of `latentkit report`. */
export interface ReportCommandOptions extends CommonOptions, ColumnOptions, VocabOptions {
  readonly modelFile: string;
  /** HTML file to write (atomically). */
  readonly out: string;
  /**
   * Data for the data-dependent plots: a file or a registered dataset key with `dataOptions` (default: the training
   * data recorded in the model, a file if it exists or a dataset key with the options it was loaded with).
   */
  readonly data?: string;
}

/**
 * Split the values of report's repeatable `--data`: `name=value` items (no file of that name) are dataset options,
 * the one other item is the data file or dataset key.
 * @example
 * ```ts
 * splitDataArguments(['datasets/sparse-vae-sim', 'rho=0.6']); // { data: 'datasets/sparse-vae-sim', dataOptions: ['rho=0.6'] }
 * ```
 */
export function splitDataArguments(items: readonly string[] = []): { data?: string; dataOptions: string[] } {
  const isOption = (item: string) => /^[^=/\\]+=/.test(item) && !existsSync(item);
  const sources = items.filter((item) => !isOption(item));
  if (sources.length > 1) throw new UsageError(`--data names more than one data file or dataset: ${sources.join(', ')}`);
  return { ...(sources.length === 1 && { data: sources[0] }), dataOptions: items.filter(isOption) };
}

/**
 * `latentkit report <model.json> --out report.html [--data <file | dataset-key>] [--data name=value]...`: one
 * self-contained HTML page with the fitted model's numbers and plots (`fitted.report(data)`), its declared views
 * (`fitted.views(data)`) and the provenance the model file records (format 2; a format-1 file gets a note).
 */
export async function reportCommand(options: ReportCommandOptions, io: CliIO): Promise<{ html: string; data?: string }> {
  const { registry, backend } = await createContext(options, io);
  await checkOutFile(options.out);
  const { fitted, saved } = await readModelFile(options.modelFile, registry);
  try {
    const data = await reportData(options, saved, registry, io, savedMissingRule(registry, saved, options.modelFile, options.missing));
    const date = new Date().toISOString();
    const section = fittedSection(fitted, data?.dataset);
    const warn = (m: string) => io.stderr.write(`warning: ${m}\n`);
    const views = viewPlots(fitted, data?.dataset, warn);
    const html = await renderReport(
      {
        title: `latentkit report: ${saved.key}`,
        subtitle: `${date} · @latentkit/cli ${VERSION} · backend ${backend.name}`,
        entries: [
          {
            section,
            details: modelDetails(saved, options.modelFile, data?.description ?? 'none (no data plots)', backend.name, date),
            views,
            provenance: provenanceRows(saved),
          },
        ],
      },
      { warn },
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
    ['columns', columnListText(saved.data.columns)],
    ['engine', saved.fit.engine],
    ['seed', saved.fit.seed],
    ['iterations', saved.fit.iterations],
    ['converged', saved.fit.fixedIterations ? 'n/a (fixed count)' : String(saved.fit.converged)],
    ['backend', backend],
    ['date', date],
  ];
}

async function reportData(
  options: ReportCommandOptions,
  saved: SavedModel,
  registry: Registry,
  io: CliIO,
  rule: MissingRule,
): Promise<{ dataset: Dataset; file: string; description: string } | undefined> {
  if (options.data) {
    const dataset = await loadForSavedModel(options.data, saved, options.modelFile, rule, { ...options, registry }, io);
    const name = isDatasetArgument(options.data) ? (dataset.source ?? options.data) : options.data;
    return { dataset, file: options.data, description: `${name} (${dataset.nRows} rows)` };
  }
  const source = saved.data.source;
  const recorded = source === undefined ? undefined : parseDatasetSource(source);
  if (recorded && isDatasetArgument(recorded.key) && registry.has(recorded.key) && registry.get(recorded.key).kind === 'dataset') {
    return recordedDataset(recorded.key, [...recorded.dataOptions, ...(options.dataOptions ?? [])], options, saved, registry, io, rule);
  }
  if (options.dataOptions?.length)
    throw new UsageError(`--data name=value passes options to a dataset plugin, but the model was not trained on one; add --data <dataset-key>`);
  if (!source && !saved.data.file) return undefined;
  const file = recordedDataCandidates(saved, options.modelFile).find((f) => existsSync(f));
  if (!file) {
    io.stderr.write(`note: the training data ${source} was not found; pass --data <file> for the data plots\n`);
    return undefined;
  }
  try {
    const all = await loadForSavedModel(file, saved, options.modelFile, rule, options, io);
    const dataset = all.split ? splitRows(all, 'train') : all;
    const rows = all.split ? `its ${dataset.nRows} train rows` : `${dataset.nRows} rows`;
    return { dataset, file, description: `${source} (${rows})` };
  } catch (e) {
    io.stderr.write(`note: the training data ${source} could not be used (${firstLine(e)}); pass --data <file> for the data plots\n`);
    return undefined;
  }
}

/** The train rows of the dataset plugin the model was trained on, loaded again with the recorded options (then those of `--data`). */
async function recordedDataset(
  key: string,
  dataOptions: readonly string[],
  options: ReportCommandOptions,
  saved: SavedModel,
  registry: Registry,
  io: CliIO,
  rule: MissingRule,
): Promise<{ dataset: Dataset; file: string; description: string } | undefined> {
  try {
    const all = await loadUnderRule(rule, (missing) =>
      loadForColumns(key, saved.data.columns, `the model in ${options.modelFile}`, { ...options, missing, dataOptions, registry }),
    );
    const dataset = all.split ? splitRows(all, 'train') : all;
    const rows = all.split ? `its ${dataset.nRows} train rows` : `${dataset.nRows} rows`;
    return { dataset, file: key, description: `${all.source ?? key} (${rows})` };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    io.stderr.write(`note: the training data ${saved.data.source} could not be loaded (${firstLine(e)}); pass --data <file> for the data plots\n`);
    return undefined;
  }
}
