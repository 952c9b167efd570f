import { fitAndSave, FitCancelledError, type SaveTarget } from '@latentkit/app';
import type { BackendInfo, Dataset } from '@latentkit/core';
import type { CheckpointOptions, Fitted, Registry, RestartSlice } from '@latentkit/registry';
import { CancelledError } from './errors.js';
import type { CliIO } from './io.js';
import { createProgress } from './progress.js';

/** The numbers `latentkit fit --json` prints, one JSON object. */
export interface FitSummary {
  readonly model: string;
  readonly params: Record<string, unknown>;
  /** Name of the tensor backend (`wasm`, `cpu`, `tensorflow`). */
  readonly backend: string;
  /** Training rows and columns. */
  readonly n: number;
  readonly d: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** The iteration count was fixed by design (VAE epochs, LDA with tol = 0, Gibbs sweeps), so `converged` says nothing. */
  readonly fixedIterations: boolean;
  /** Wall-clock seconds of the fit. */
  readonly seconds: number;
  /** The model's named scores (`fitted.scores`) on the training and test data. */
  readonly train: Record<string, number>;
  readonly test: Record<string, number> | null;
}

/** What {@link fitModel} needs. */
export interface FitModelOptions {
  readonly registry: Registry;
  readonly backend: BackendInfo;
  readonly key: string;
  /** Hyperparameters as given (`--set` strings are coerced and validated). */
  readonly params: Record<string, unknown>;
  readonly train: Dataset;
  readonly test?: Dataset;
  readonly seed?: number;
  readonly engine?: string;
  /** Parameters of the engine and its gradient estimator (`--engine-set`, `--estimator-set`), already coerced. */
  readonly engineParams?: Record<string, unknown>;
  readonly estimatorParams?: Record<string, unknown>;
  /** Checkpoints of the fit (`--checkpoint`, `--checkpoint-every`) and the one to resume from (`--resume`). */
  readonly checkpoint?: CheckpointOptions;
  readonly resumeFrom?: string;
  /** Worker threads (`--threads`; default: the machine's available parallelism). */
  readonly threads?: number;
  /** Run this one restart of the fit only (`FitOptions.restart`: a queued select's job). */
  readonly restart?: RestartSlice;
  readonly signal?: AbortSignal;
  /** Shown in progress output. */
  readonly label: string;
  readonly io: CliIO;
  /** Draw a progress bar on a terminal (else plain lines at most once a second). */
  readonly bar: boolean;
  /** Write the fitted model here (atomically), recording the data file. */
  readonly out?: SaveTarget;
}

export { requireEngine, requireModelKey } from '@latentkit/app';

/**
 * Fit with the shared service (`fitAndSave` of `@latentkit/app`: checks, counts conversion, validation, fit, scores,
 * atomic write of `out`) with progress on stderr, print the fit's notices, and summarise it.
 * @throws CancelledError when `signal` fires during the fit or the write (nothing is written).
 */
export async function fitModel(o: FitModelOptions): Promise<{ fitted: Fitted; summary: FitSummary }> {
  const progress = createProgress({ label: o.label, stderr: o.io.stderr, bar: o.bar });
  let outcome: Awaited<ReturnType<typeof fitAndSave>>;
  try {
    outcome = await fitAndSave({
      registry: o.registry,
      key: o.key,
      params: o.params,
      train: o.train,
      test: o.test,
      seed: o.seed,
      engine: o.engine,
      engineParams: o.engineParams,
      estimatorParams: o.estimatorParams,
      checkpoint: o.checkpoint,
      resumeFrom: o.resumeFrom,
      ...(o.threads ? { threads: o.threads } : {}),
      ...(o.restart && { restart: o.restart }),
      signal: o.signal,
      onStep: (info) => progress.onStep(info),
      out: o.out,
    });
  } catch (e) {
    if (e instanceof FitCancelledError) throw new CancelledError();
    throw e;
  } finally {
    progress.stop();
  }
  const { fitted } = outcome;
  for (const notice of fitted.notices ?? []) o.io.stderr.write(`latentkit: note: ${notice}\n`);
  const summary: FitSummary = {
    model: o.key,
    params: outcome.params,
    backend: o.backend.name,
    n: o.train.nRows,
    d: o.train.nCols,
    iterations: fitted.iterations,
    converged: fitted.converged,
    fixedIterations: fitted.fixedIterations === true,
    seconds: outcome.seconds,
    train: outcome.train,
    test: outcome.test,
  };
  return { fitted, summary };
}
