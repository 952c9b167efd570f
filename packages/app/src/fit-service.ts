import { asModelData, writeFileAtomic, WriteCancelledError, type Dataset } from '@latentkit/core';
import type { FitOptions, Fitted, Registry } from '@latentkit/registry';
import { modelFileJson } from './model-file.js';

/** The fit was cancelled (its signal fired) before the model file was written; nothing was written. */
export class FitCancelledError extends Error {
  /** Iterations run before the fit stopped. */
  readonly iterations: number;
  /** A cancellation after `iterations` iterations (default 0), with `message` (default `'cancelled; nothing was written'`). */
  constructor(iterations = 0, message = 'cancelled; nothing was written') {
    super(message);
    this.name = 'FitCancelledError';
    this.iterations = iterations;
  }
}

/**
 * Throw a one-line error listing the registered models unless `key` is one.
 * @example
 * ```ts
 * requireModelKey(registry, 'mixture/gnm'); // throws: unknown model 'mixture/gnm'; registered models: …
 * ```
 */
export function requireModelKey(registry: Registry, key: string): void {
  if (registry.has(key) && registry.get(key).kind === 'model') return;
  const models = registry.list('model').map((e) => e.key);
  const what = registry.has(key) ? `'${key}' is a ${registry.get(key).kind} plugin, not a model` : `unknown model '${key}'`;
  throw new Error(`${what}; registered models: ${models.join(', ') || '(none)'}`);
}

/**
 * Throw a one-line error unless `engine` (when given) is a registered inference engine that can fit the model `key`.
 * @example
 * ```ts
 * requireEngine(registry, 'mixture/gmm', 'inference/vi'); // throws: mixture/gmm cannot be fitted by inference/vi; it supports inference/em
 * ```
 */
export function requireEngine(registry: Registry, key: string, engine: string | undefined): void {
  if (engine === undefined) return;
  const supported = registry.model(key).supports;
  if (!registry.has(engine) || registry.get(engine).kind !== 'inference') {
    throw new Error(`unknown inference engine '${engine}'; ${key} can be fitted by ${supported.join(', ')}`);
  }
  if (!supported.includes(engine)) throw new Error(`${key} cannot be fitted by ${engine}; it supports ${supported.join(', ')}`);
}

/** Where {@link fitAndSave} writes the model file. */
export interface SaveTarget {
  /** The model file, written atomically (a temporary file renamed; a failed or cancelled run leaves an existing file alone). */
  readonly path: string;
  /** The data file that was fitted (not a dataset key), recorded as `data.file` when it exists ({@link modelFileJson}). */
  readonly dataFile?: string;
  /** Top-level fields added to the file (the extension's `preview` hints). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/**
 * What {@link fitAndSave} fits: the model and its data, the fit options it passes to `Model.fit` unchanged (`seed`
 * default 0; `engineParams` already checked and typed, as the CLI's `--engine-set`; `signal` also stops the write,
 * and {@link fitAndSave} then throws {@link FitCancelledError}; `checkpoint` and `resumeFrom`, the checkpoints of a
 * long fit), and where to write the model.
 */
export interface FitRequest extends Pick<
  FitOptions,
  'seed' | 'engine' | 'engineParams' | 'estimatorParams' | 'signal' | 'onStep' | 'checkpoint' | 'resumeFrom' | 'threads' | 'restart'
> {
  /** The registry holding the model `key` and the engine (e.g. from `loadAppRegistry`). */
  readonly registry: Registry;
  /** Registry key of the model, e.g. `mixture/gmm`. */
  readonly key: string;
  /** Hyperparameters; strings are coerced (`'2'` → 2) and everything is validated by the registry. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** The rows to fit, and the rows to score (see `trainTestSplit` of `@latentkit/core`); their `groups`, if any, reach the model. */
  readonly train: Dataset;
  /** The held-out rows, scored after the fit (same columns as `train`); none by default. */
  readonly test?: Dataset;
  /** Write the fitted model here; nothing is written without it. */
  readonly out?: SaveTarget;
}

/** What {@link fitAndSave} returns. The caller owns `fitted` and disposes it. */
export interface FitOutcome {
  /** The fitted model, trained on `train`; the caller disposes it. */
  readonly fitted: Fitted;
  /** The validated hyperparameters, defaults filled in. */
  readonly params: Record<string, unknown>;
  /** Wall-clock seconds of the fit. */
  readonly seconds: number;
  /** The model's named scores (`fitted.scores`) on the training rows and, when given, the test rows. */
  readonly train: Record<string, number>;
  /** The same scores on the test rows, or `null` when the request gave none. */
  readonly test: Record<string, number> | null;
}

/**
 * The one fit service of the CLI and the VS Code extension: check the model key and engine, bring the data into the
 * form the model needs (`asModelData`: a dense document-term matrix becomes counts), validate the hyperparameters,
 * fit (with `onStep` and `signal`), score the training and test rows, and, with `out`, write the model file
 * atomically, recording the data file. A cancelled fit or write writes nothing and throws {@link FitCancelledError};
 * on any error the fitted model is disposed.
 * @example
 * ```ts
 * const { fitted, train } = await fitAndSave({ registry, key: 'mixture/gmm', params: { nComponents: 2 }, train: data, out: { path: 'gmm.json', dataFile: 'faithful.csv' } });
 * fitted.dispose();
 * ```
 */
export async function fitAndSave(request: FitRequest): Promise<FitOutcome> {
  const { registry, key } = request;
  requireModelKey(registry, key);
  requireEngine(registry, key, request.engine);
  const kind = registry.model(key).data.kind;
  const train = asModelData(request.train, kind);
  const test = request.test && asModelData(request.test, kind);
  const model = registry.create(key, { ...request.params }, { coerce: true });
  const t0 = performance.now();
  const { seed, engine, engineParams, estimatorParams, signal, onStep, checkpoint, resumeFrom, threads, restart } = request;
  const fitted = await model.fit(train, {
    seed: seed ?? 0,
    engine,
    engineParams,
    estimatorParams,
    signal,
    onStep,
    checkpoint,
    resumeFrom,
    ...(threads ? { threads } : {}),
    ...(restart && { restart }),
  });
  const seconds = (performance.now() - t0) / 1000;
  try {
    if (request.signal?.aborted) throw new FitCancelledError(fitted.iterations);
    const outcome: FitOutcome = {
      fitted,
      params: model.params as Record<string, unknown>,
      seconds,
      train: fitted.scores(train),
      test: test ? fitted.scores(test) : null,
    };
    if (request.out) await saveFitted(fitted, request.out, request.signal);
    return outcome;
  } catch (e) {
    fitted.dispose();
    throw e;
  }
}

/**
 * Write `fitted` to `target.path` atomically ({@link modelFileJson}).
 * @throws {@link FitCancelledError} when `signal` fires before the file is in place (nothing is written).
 */
export async function saveFitted(fitted: Fitted, target: SaveTarget, signal?: AbortSignal): Promise<void> {
  try {
    await writeFileAtomic(target.path, modelFileJson(fitted, target.path, target.dataFile, target.extra), { signal });
  } catch (e) {
    if (e instanceof WriteCancelledError) throw new FitCancelledError(fitted.iterations);
    throw e;
  }
}
