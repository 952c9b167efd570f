import type { BackendInfo, Dataset } from '@latentkit/core';
import type { Fitted, Registry } from '@latentkit/registry';
import { asModelData } from './count-data.js';
import { CancelledError, UsageError } from './errors.js';
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
  readonly signal?: AbortSignal;
  /** Shown in progress output. */
  readonly label: string;
  readonly io: CliIO;
  /** Draw a progress bar on a terminal (else plain lines at most once a second). */
  readonly bar: boolean;
}

/** Throw a one-line error listing the registered models unless `key` is one. */
export function requireModelKey(registry: Registry, key: string): void {
  if (registry.has(key) && registry.get(key).kind === 'model') return;
  const models = registry.list('model').map((e) => e.key);
  const what = registry.has(key) ? `'${key}' is a ${registry.get(key).kind} plugin, not a model` : `unknown model '${key}'`;
  throw new UsageError(`${what}; registered models: ${models.join(', ') || '(none)'}`);
}

/** Throw a one-line error unless `engine` is a registered inference engine that can fit the model `key`. */
export function requireEngine(registry: Registry, key: string, engine: string | undefined): void {
  if (engine === undefined) return;
  const supported = registry.model(key).supports;
  if (!registry.has(engine) || registry.get(engine).kind !== 'inference') {
    throw new UsageError(`unknown inference engine '${engine}'; ${key} can be fitted by ${supported.join(', ')}`);
  }
  if (!supported.includes(engine)) throw new UsageError(`${key} cannot be fitted by ${engine}; it supports ${supported.join(', ')}`);
}

/**
 * Validate the hyperparameters, fit the model with progress on stderr, and score the training and test data.
 * @throws CancelledError when `signal` fires during the fit (the partial fit is disposed).
 */
export async function fitModel(o: FitModelOptions): Promise<{ fitted: Fitted; summary: FitSummary }> {
  requireModelKey(o.registry, o.key);
  requireEngine(o.registry, o.key, o.engine);
  const kind = o.registry.model(o.key).data.kind;
  const train = asModelData(o.train, kind);
  const test = o.test && asModelData(o.test, kind);
  const model = o.registry.create(o.key, o.params, { coerce: true });
  const progress = createProgress({ label: o.label, stderr: o.io.stderr, bar: o.bar });
  const t0 = performance.now();
  let fitted: Fitted;
  try {
    fitted = await model.fit(train, {
      seed: o.seed ?? 0,
      engine: o.engine,
      engineParams: o.engineParams,
      estimatorParams: o.estimatorParams,
      signal: o.signal,
      onStep: (info) => progress.onStep(info),
    });
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - t0) / 1000;
  try {
    if (o.signal?.aborted) throw new CancelledError();
    for (const notice of fitted.notices ?? []) o.io.stderr.write(`latentkit: note: ${notice}\n`);
    const summary: FitSummary = {
      model: o.key,
      params: model.params as Record<string, unknown>,
      backend: o.backend.name,
      n: o.train.nRows,
      d: o.train.nCols,
      iterations: fitted.iterations,
      converged: fitted.converged,
      fixedIterations: fitted.fixedIterations === true,
      seconds,
      train: fitted.scores(train),
      test: test ? fitted.scores(test) : null,
    };
    return { fitted, summary };
  } catch (e) {
    fitted.dispose();
    throw e;
  }
}
