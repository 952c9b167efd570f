import { mkdir, open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx.js';
import { defaultLabel, labelCandidates, loadChoice, sniffData } from '../data/sniff-data.js';
import { formatTrainResult, formatProgress, progressPercent } from '../training/format-progress.js';
import { modelOutputPath } from '../training/output-path.js';
import type { InspectResult, TrainJob } from '../training/protocol.js';
import { engineFields, formFields, formParams } from '../webviews/train-form/form-fields.js';
import { showLatentPreview } from '../webviews/latent-preview/registration.js';
import { dataSummary, modelItems } from './model-items.js';
import { pickWorkspaceFile } from './pick-file.js';

const DATA_FILE = /\.(csv|tsv|mtx)$/i;
const SNIFF_BYTES = 256 * 1024;

/**
 * Train Model…: pick the data file, pick a model whose data requirements the file meets, set its parameters in the
 * generated form, then train in a worker thread with a cancellable progress notification; the model is written
 * (atomically) only when the fit completes.
 */
export async function trainModel(ctx: Ctx, arg?: unknown): Promise<void> {
  const dataFile = await pickWorkspaceFile(ctx, arg, {
    glob: '**/*.{csv,tsv,mtx}',
    title: 'latentkit: Train Model',
    placeHolder: 'Data file to train on (CSV, TSV or Matrix Market)',
    filters: { 'Data files': ['csv', 'tsv', 'mtx'] },
    accepts: (p) => DATA_FILE.test(p),
  });
  if (!dataFile) return;
  const { registry } = await ctx.plugins();
  const sniffed = sniffData(...(await readPrefix(dataFile)));
  const label = defaultLabel(sniffed);
  const load = loadChoice(sniffed, label);
  const inspect = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `latentkit: reading ${basename(dataFile)}` },
    () => ctx.startJob({ kind: 'inspect', file: dataFile, load }).result,
  );
  const key = await pickModel(inspect, dataFile);
  if (!key) return;
  const { openTrainForm } = await import('../webviews/train-form/train-form-panel.js');
  const settings = ctx.settings;
  const outFile = modelOutputPath(dataFile, key, settings.outputFolder, ctx.workspaceFolder);
  const candidates = labelCandidates(sniffed);
  const input = await openTrainForm(ctx, {
    registry,
    key,
    dataFile,
    dataSummary: dataSummary(inspect),
    labelColumns: label && !candidates.includes(label) ? [label, ...candidates] : candidates,
    label: label ?? '',
    engines: inspect.models.find((m) => m.key === key)?.engines ?? registry.compatible(key),
    outFile,
  });
  if (!input) return;
  const job: TrainJob = {
    kind: 'train',
    file: dataFile,
    load: input.label === (label ?? '') ? load : loadChoice(sniffed, input.label || undefined),
    key,
    params: formParams(formFields(registry.model(key)), input.values),
    ...(input.engine && { engine: input.engine, engineParams: formParams(engineFields(registry, input.engine), input.engineValues ?? {}) }),
    seed: Number(input.seed),
    outFile,
  };
  await mkdir(dirname(outFile), { recursive: true });
  await runTraining(ctx, job);
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

async function pickModel(inspect: InspectResult, dataFile: string): Promise<string | undefined> {
  const items = modelItems(inspect);
  if (!items.some((i) => i.fits)) {
    const reasons = inspect.models.map((m) => `${m.key}: ${m.reason}`).join('; ');
    throw new Error(`no registered model fits ${basename(dataFile)} (${reasons || 'no model plugin is registered'})`);
  }
  const choice = await vscode.window.showQuickPick(items, {
    title: `latentkit: Train Model on ${basename(dataFile)}`,
    placeHolder: `Model to train (${dataSummary(inspect)})`,
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!choice) return undefined;
  if (!choice.fits) throw new Error(`${choice.key} cannot be trained on ${basename(dataFile)}: ${choice.detail.replace(/^does not fit this file: /, '')}`);
  return choice.key;
}

/** Run a training job with a cancellable progress notification and report how it ended. */
export async function runTraining(ctx: Ctx, job: TrainJob): Promise<void> {
  const shown = ctx.displayPath(job.file);
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
      ctx.log.info(`training #${training.id}: ${job.key} on ${job.file} → ${job.outFile}`);
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
  const open = 'Open Latent Preview';
  void vscode.window.showInformationMessage(text, open).then((choice) => {
    if (choice === open) void showLatentPreview(ctx, result.outFile);
  });
}
