import { writeFileAtomic, WriteCancelledError } from '@latentkit/core';
import type { Fitted, Registry, StepInfo } from '@latentkit/registry';
import { dirname, relative, sep } from 'node:path';
import type { LoadChoice } from '../data/sniff-data.js';
import { loadJobData, trainTest } from './load-job-data.js';
import { PROGRESS_INTERVAL_MS, type Progress, type TrainJob, type TrainResult } from './protocol.js';

/** What the extension adds to a saved model so that its preview finds the data again: stored under `preview`. */
export interface PreviewHints {
  /** The training data file, relative to the model file's folder (with `/`). */
  readonly dataFile: string;
  readonly load: LoadChoice;
}

/** Hooks of {@link runTrainJob}. */
export interface TrainJobEnv {
  readonly signal: AbortSignal;
  readonly onProgress: (p: Progress) => void;
}

/**
 * Fit `job.key` to the data file and, only if the fit ran to the end, write the model JSON (plus
 * {@link PreviewHints} under `preview`) atomically to `job.outFile`. A cancelled fit writes nothing.
 * Progress is reported at the first iteration and then at most every {@link PROGRESS_INTERVAL_MS}.
 */
export async function runTrainJob(job: TrainJob, registry: Registry, env: TrainJobEnv): Promise<TrainResult> {
  const model = registry.create(job.key, { ...job.params }, { coerce: true });
  const { train, test } = trainTest(await loadJobData(job.file, job.load));
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
  const t0 = performance.now();
  const engine = job.engine ? { engine: job.engine, engineParams: registry.validateEngineParams(job.engine, { ...job.engineParams }, { coerce: true }) } : {};
  const fitted: Fitted = await model.fit(train, { seed: job.seed, ...engine, signal: env.signal, onStep });
  try {
    if (env.signal.aborted) return { status: 'cancelled', iterations: fitted.iterations };
    const seconds = (performance.now() - t0) / 1000;
    const scores: Record<string, number> = {};
    for (const [name, v] of Object.entries(fitted.scores(train))) scores[`train ${name}`] = v;
    if (test) for (const [name, v] of Object.entries(fitted.scores(test))) scores[`test ${name}`] = v;
    const preview: PreviewHints = { dataFile: relative(dirname(job.outFile), job.file).split(sep).join('/'), load: job.load };
    const text = `${JSON.stringify({ ...fitted.toJSON(), preview }, null, 2)}\n`;
    try {
      await writeFileAtomic(job.outFile, text, { signal: env.signal });
    } catch (e) {
      if (e instanceof WriteCancelledError) return { status: 'cancelled', iterations: fitted.iterations };
      throw e;
    }
    return {
      status: 'saved',
      outFile: job.outFile,
      iterations: fitted.iterations,
      converged: fitted.converged,
      fixedIterations: fitted.fixedIterations === true,
      seconds,
      scores,
      ...(fitted.notices?.length && { notices: fitted.notices }),
    };
  } finally {
    fitted.dispose();
  }
}
