import { fitAndSave, FitCancelledError } from '@latentkit/app';
import { trainTestSplit } from '@latentkit/core';
import type { Registry, StepInfo } from '@latentkit/registry';
import { dirname, relative, sep } from 'node:path';
import type { LoadChoice } from '../data/sniff-data.js';
import { loadTrainingData, trainingDataName } from './load-job-data.js';
import { PROGRESS_INTERVAL_MS, type DatasetChoice, type Progress, type TrainJob, type TrainResult } from './protocol.js';

/**
 * What the extension adds to a saved model so that its preview finds the data again, stored under `preview`: the
 * training data file, relative to the model file's folder (with `/`), and how it was read; or the registered dataset
 * with the options it was loaded with.
 */
export type PreviewHints =
  | { readonly dataFile: string; readonly load: LoadChoice; readonly dataset?: undefined }
  | { readonly dataset: DatasetChoice; readonly dataFile?: undefined; readonly load?: undefined };

/** Hooks of {@link runTrainJob}. */
export interface TrainJobEnv {
  readonly signal: AbortSignal;
  readonly onProgress: (p: Progress) => void;
  /** Worker threads of the fit (`latentkit.threads`); absent: automatic. */
  readonly threads?: number;
}

/**
 * Fit `job.key` to the data file or registered dataset with the shared service (`fitAndSave` of `@latentkit/app`, as
 * `latentkit fit` does) and, only if the fit ran to the end, write the model JSON (recording the data file or the
 * dataset's key and options, plus {@link PreviewHints} under `preview`) atomically to `job.outFile`. A cancelled fit writes nothing.
 * Progress is reported at the first iteration and then at most every {@link PROGRESS_INTERVAL_MS}.
 */
export async function runTrainJob(job: TrainJob, registry: Registry, env: TrainJobEnv): Promise<TrainResult> {
  const data = await loadTrainingData(job, registry);
  const { train, test } = trainTestSplit(data, trainingDataName(job, data));
  if (env.signal.aborted) return { status: 'cancelled', iterations: 0 };
  let last = -Infinity;
  const onStep = (info: StepInfo): void => {
    const now = performance.now();
    if (now - last < PROGRESS_INTERVAL_MS && info.iteration !== info.maxIter) return;
    last = now;
    env.onProgress({
      iteration: info.iteration,
      objective: info.objective,
      maxIter: info.maxIter,
      restart: info.restart,
      restarts: info.restarts,
      elapsedMs: info.elapsedMs,
    });
  };
  const preview: PreviewHints = job.dataset
    ? { dataset: job.dataset }
    : { dataFile: relative(dirname(job.outFile), job.file).split(sep).join('/'), load: job.load };
  let outcome: Awaited<ReturnType<typeof fitAndSave>>;
  try {
    outcome = await fitAndSave({
      registry,
      key: job.key,
      params: job.params,
      train,
      test,
      seed: job.seed,
      engine: job.engine || undefined,
      ...(job.engine && { engineParams: registry.validateEngineParams(job.engine, { ...job.engineParams }, { coerce: true }) }),
      ...(env.threads && { threads: env.threads }),
      signal: env.signal,
      onStep,
      out: { path: job.outFile, ...(job.file !== undefined && { dataFile: job.file }), extra: { preview } },
    });
  } catch (e) {
    if (e instanceof FitCancelledError) return { status: 'cancelled', iterations: e.iterations };
    throw e;
  }
  const { fitted } = outcome;
  try {
    const scores: Record<string, number> = {};
    for (const [name, v] of Object.entries(outcome.train)) scores[`train ${name}`] = v;
    for (const [name, v] of Object.entries(outcome.test ?? {})) scores[`test ${name}`] = v;
    return {
      status: 'saved',
      outFile: job.outFile,
      iterations: fitted.iterations,
      converged: fitted.converged,
      fixedIterations: fitted.fixedIterations === true,
      seconds: outcome.seconds,
      scores,
      ...(fitted.notices?.length && { notices: fitted.notices }),
    };
  } finally {
    fitted.dispose();
  }
}
