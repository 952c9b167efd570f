import { BACKGROUND_PARAM, datasetLoadOptions } from '@latentkit/app';
import type { Registry } from '@latentkit/registry';
import { mkdir, open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx.js';
import { groupColumnCandidates } from '../data/group-columns.js';
import { defaultLabel, labelCandidates, loadChoice, sniffData, type LoadChoice } from '../data/sniff-data.js';
import { formatTrainResult, formatProgress, progressPercent } from '../training/format-progress.js';
import { datasetModelOutputPath, modelOutputPath } from '../training/output-path.js';
import type { InspectResult, TrainJob, TrainSettings } from '../training/protocol.js';
import { datasetFields, engineFields, formFields, formParams } from '../webviews/train-form/form-fields.js';
import type { FormInput } from '../webviews/train-form/protocol.js';
import { showLatentPreview } from '../webviews/latent-preview/registration.js';
import { datasetItems } from './data-items.js';
import { dataSummary, modelItems } from './model-items.js';
import { pickWorkspaceFile } from './pick-file.js';
import { pickGroups, type GroupPick } from './pick-groups.js';

const DATA_FILE = /\.(csv|tsv|mtx)$/i;
const SNIFF_BYTES = 256 * 1024;

/**
 * Train Model…: pick the data (a workspace data file, or a registered dataset: the built-in `datasets/*` and those of
 * the `latentkit.plugins` modules), pick a model whose data requirements it meets (for a model that needs row groups:
 * the group column, background and target values, `pickGroups`), set its parameters (and the
 * dataset's options) in the generated form, then train in a worker thread with a cancellable progress notification;
 * the model is written (atomically) only when the fit completes.
 */
export async function trainModel(ctx: Ctx, arg?: unknown): Promise<void> {
  const { registry } = await ctx.plugins();
  const picked = await pickWorkspaceFile(ctx, arg, {
    glob: '**/*.{csv,tsv,mtx}',
    title: 'latentkit: Train Model',
    placeHolder: 'Data to train on: a data file (CSV, TSV or Matrix Market) or a registered dataset',
    filters: { 'Data files': ['csv', 'tsv', 'mtx'] },
    accepts: (p) => DATA_FILE.test(p),
    more: datasetItems(registry),
    moreTitle: 'registered datasets',
  });
  if (!picked) return;
  if (typeof picked === 'string') await trainOnFile(ctx, registry, picked);
  else await trainOnDataset(ctx, registry, picked.datasetKey);
}

async function trainOnFile(ctx: Ctx, registry: Registry, dataFile: string): Promise<void> {
  const sniffed = sniffData(...(await readPrefix(dataFile)));
  let label = defaultLabel(sniffed);
  const load = loadChoice(sniffed, label);
  let inspect = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `latentkit: reading ${basename(dataFile)}` },
    () => ctx.startJob({ kind: 'inspect', file: dataFile, load }).result,
  );
  const key = await pickModel(inspect, basename(dataFile), groupColumnCandidates(sniffed));
  if (!key) return;
  let groups: GroupPick['load'] | undefined;
  if (inspect.models.find((m) => m.key === key)?.needsGroups) {
    const picked = await pickGroups(ctx, dataFile, sniffed, label, key);
    if (!picked) return;
    ({ load: groups, inspect } = picked);
    if (label === groups.group) label = undefined;
  }
  const { openTrainForm } = await import('../webviews/train-form/train-form-panel.js');
  const settings = ctx.settings;
  const outFile = modelOutputPath(dataFile, key, settings.outputFolder, ctx.workspaceFolder);
  const candidates = labelCandidates(sniffed).filter((c) => c !== groups?.group);
  const input = await openTrainForm(ctx, {
    registry,
    key,
    dataFile,
    dataSummary: dataSummary(inspect),
    labelColumns: label && !candidates.includes(label) ? [label, ...candidates] : candidates,
    label: label ?? '',
    engines: inspect.models.find((m) => m.key === key)?.engines ?? registry.compatible(key),
    outFile,
    ...(groups && { values: { [BACKGROUND_PARAM]: groups.background } }),
  });
  if (!input) return;
  // The rows are kept by the background the form ends with (checked against the column's values when loading).
  const typed = input.values[BACKGROUND_PARAM];
  const grouped = groups && { ...groupFields(groups), ...(typeof typed === 'string' && typed.trim() !== '' && { background: typed.trim() }) };
  const job: TrainJob = {
    ...trainSettings(registry, key, input, outFile),
    file: dataFile,
    load: input.label === (label ?? '') && !grouped ? load : { ...loadChoice(sniffed, input.label || undefined), ...grouped },
  };
  await mkdir(dirname(outFile), { recursive: true });
  await runTraining(ctx, job);
}

/** The group fields of a load choice (column, background, targets kept). */
const groupFields = (g: GroupPick['load']): LoadChoice => ({ group: g.group, background: g.background, ...(g.targets && { targets: g.targets }) });

/**
 * Train on a registered dataset: the worker loads it with its default options to offer the models that fit its data
 * kind, the form adds the fields of its options, and the worker loads it again with the options entered. The model is
 * saved in the workspace's first folder (`<dataset>.<model>.latentkit.json`), recording the dataset's key and options.
 */
async function trainOnDataset(ctx: Ctx, registry: Registry, datasetKey: string): Promise<void> {
  const folder = ctx.workspaceFolder;
  if (!folder) throw new Error(`open a folder to train on ${datasetKey}: the model file is saved in the workspace's first folder`);
  const inspect = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `latentkit: loading ${datasetKey}` },
    () => ctx.startJob({ kind: 'inspect', dataset: { key: datasetKey, options: {} } }).result,
  );
  const key = await pickModel(inspect, datasetKey);
  if (!key) return;
  const { openTrainForm } = await import('../webviews/train-form/train-form-panel.js');
  const outFile = datasetModelOutputPath(datasetKey, key, ctx.settings.outputFolder, folder);
  const input = await openTrainForm(ctx, {
    registry,
    key,
    dataFile: datasetKey,
    datasetKey,
    dataSummary: `with its default options, ${dataSummary(inspect)}`,
    labelColumns: [],
    label: '',
    engines: inspect.models.find((m) => m.key === key)?.engines ?? registry.compatible(key),
    outFile,
  });
  if (!input) return;
  const options = datasetLoadOptions(registry, datasetKey, formParams(datasetFields(registry, datasetKey), input.datasetValues ?? {}));
  await mkdir(dirname(outFile), { recursive: true });
  await runTraining(ctx, { ...trainSettings(registry, key, input, outFile), dataset: { key: datasetKey, options } });
}

/** The model, its hyperparameters, engine and seed of a training job, from the form's valid input. */
function trainSettings(registry: Registry, key: string, input: FormInput, outFile: string): TrainSettings {
  return {
    kind: 'train',
    key,
    params: formParams(formFields(registry.model(key)), input.values),
    ...(input.engine && { engine: input.engine, engineParams: formParams(engineFields(registry, input.engine), input.engineValues ?? {}) }),
    seed: Number(input.seed),
    outFile,
  };
}

async function readPrefix(file: string): Promise<[string, string, boolean]> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return [buffer.subarray(0, bytesRead).toString('utf8'), file, bytesRead < SNIFF_BYTES];
  } finally {
    await handle.close();
  }
}

/** The model to train, from those whose data requirements the data (named `dataName` in messages) meets. */
async function pickModel(inspect: InspectResult, dataName: string, groupColumns: readonly string[] = []): Promise<string | undefined> {
  const items = modelItems(inspect, groupColumns);
  if (!items.some((i) => i.fits)) {
    const reasons = inspect.models.map((m) => `${m.key}: ${m.reason}`).join('; ');
    throw new Error(`no registered model fits ${dataName} (${reasons || 'no model plugin is registered'})`);
  }
  const choice = await vscode.window.showQuickPick(items, {
    title: `latentkit: Train Model on ${dataName}`,
    placeHolder: `Model to train (${dataSummary(inspect)})`,
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!choice) return undefined;
  if (!choice.fits) throw new Error(`${choice.key} cannot be trained on ${dataName}: ${choice.detail.replace(/^does not fit this file: /, '')}`);
  return choice.key;
}

/** Run a training job with a cancellable progress notification and report how it ended. */
export async function runTraining(ctx: Ctx, job: TrainJob): Promise<void> {
  const shown = job.dataset ? job.dataset.key : ctx.displayPath(job.file);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `latentkit: training ${job.key} on ${shown}`, cancellable: true },
    async (progress, token) => {
      let done = 0;
      progress.report({ message: 'starting…' });
      const running = ctx.startJob(job, (p) => {
        const percent = progressPercent(p);
        progress.report({ message: formatProgress(p), increment: Math.max(0, percent - done) });
        done = Math.max(done, percent);
      });
      const training = ctx.trackTraining(`${job.key} on ${shown}`, running);
      ctx.log.info(`training #${training.id}: ${job.key} on ${job.file ?? JSON.stringify(job.dataset)} → ${job.outFile}`);
      token.onCancellationRequested(() => running.cancel());
      try {
        return await running.result;
      } catch (e) {
        if (running.cancelled) return { status: 'cancelled' as const, iterations: 0 };
        throw e;
      }
    },
  );
  const text = formatTrainResult(job.key, result, ctx.displayPath(job.outFile));
  ctx.log.info(text);
  if (result.status === 'cancelled') {
    void vscode.window.showInformationMessage(text);
    return;
  }
  // The walkthrough's second step is done once a model has been trained.
  void vscode.commands.executeCommand('setContext', 'latentkit.modelTrained', true);
  const open = 'Open Latent Preview';
  void vscode.window.showInformationMessage(text, open).then((choice) => {
    if (choice === open) void showLatentPreview(ctx, result.outFile);
  });
}
