import { initBackend, type Dataset } from '@latentkit/core';
import {
  fitInfoFromResult,
  pluginKey,
  provenanceOf,
  validateParams,
  type EngineOptions,
  type FitResult,
  type Fitted,
  type InferencePlugin,
  type ModelInstance,
  type ModelPlugin,
} from '@latentkit/registry';
import { resolveData } from '../fixtures.js';

/** What {@link checkInferencePlugin} needs: a model whose terms the engine requires, and small data. */
export interface InferencePluginFixtures {
  /** A model plugin providing the terms in `engine.requires` (e.g. {@link toyMixture} for `inference/em`). */
  readonly model: ModelPlugin;
  /** Hyperparameters of the model (default: its defaults). */
  readonly params?: Record<string, unknown>;
  /** The data to fit, or a function that makes it (called once, when the suite runs). */
  readonly data: Dataset | (() => Dataset | Promise<Dataset>);
  /** Seed of every fit (default 0). */
  readonly seed?: number;
  /** Iteration cap of the fits (default 10, to keep them quick). */
  readonly maxIter?: number;
  /** Convergence tolerance (default: the engine's). */
  readonly tol?: number;
  /** Number of initialisations in the restart check (default 3). */
  readonly restarts?: number;
  /** Timeout of each check in ms (default: vitest's `testTimeout`). */
  readonly timeout?: number;
}

/** One fit of the fixture model by the engine, with the instance that can wrap and dispose its result. */
export interface EngineRun {
  /** Registry key of the engine under test, e.g. `inference/em`. */
  readonly key: string;
  /** The data to fit. */
  readonly data: Dataset;
  /** The fixture model's instance the engine fitted (with `restarts` overridden when the run asked for it). */
  readonly instance: ModelInstance<any, any>;
  /** The options given to `engine.fit`: the fixture seed, `maxIter` and `tol`, then the run's own options over them. */
  readonly options: EngineOptions;
  /** What `engine.fit` resolved with: the kept state, the trace, iterations, objective and convergence. */
  readonly result: FitResult<any>;
  /** Wrap the result as a fitted model (which owns the state tensors from then on). */
  fitted(): Fitted;
}

/** The fixture model's instance, with `restarts` overridden when given (inherited methods kept). */
export function engineInstance(engine: InferencePlugin, fixtures: InferencePluginFixtures, restarts?: number): ModelInstance<any, any> {
  const modelKey = pluginKey(fixtures.model);
  const params = validateParams(modelKey, fixtures.model.params, fixtures.model.defaults, fixtures.params ?? {});
  const base = fixtures.model.create(params);
  const missing = engine.requires.filter((t) => !base.terms[t]);
  if (missing.length) throw new Error(`the fixture model ${modelKey} lacks the terms ${pluginKey(engine)} requires: ${missing.join(', ')}`);
  return restarts === undefined ? base : Object.create(base, { restarts: { value: restarts, enumerable: true } });
}

/** Fit the fixture model with `engine.fit` directly (no registry), with fixture seed, maxIter and tol. */
export async function runEngine(
  engine: InferencePlugin,
  fixtures: InferencePluginFixtures,
  opts: { restarts?: number; options?: Partial<EngineOptions> } = {},
): Promise<EngineRun> {
  await initBackend();
  const key = pluginKey(engine);
  const data = await resolveData(fixtures);
  const instance = engineInstance(engine, fixtures, opts.restarts ?? 1);
  const options: EngineOptions = {
    engine: key,
    seed: fixtures.seed ?? 0,
    maxIter: fixtures.maxIter ?? 10,
    tol: fixtures.tol ?? engine.defaults.tol,
    ...opts.options,
  };
  const result = await engine.fit(instance, data, options);
  const info = () => fitInfoFromResult(pluginKey(fixtures.model), fixtures.model, result, data, {}, provenanceOf([fixtures.model, engine], data));
  return { key, data, instance, options, result, fitted: () => instance.fitted(result, data, info()) as Fitted };
}

/** Run, use, and free the result's tensors through the model's `fitted(...).dispose()`. */
export async function withEngineRun<T>(
  engine: InferencePlugin,
  fixtures: InferencePluginFixtures,
  opts: Parameters<typeof runEngine>[2],
  use: (run: EngineRun, fitted: Fitted) => T | Promise<T>,
): Promise<T> {
  const run = await runEngine(engine, fixtures, opts);
  const fitted = run.fitted();
  try {
    return await use(run, fitted);
  } finally {
    fitted.dispose();
  }
}

/** Final objective of each restart in a trace (entries without `restart` count as restart 0). */
export function finalObjectives(trace: FitResult<unknown>['trace']): Map<number, number> {
  const finals = new Map<number, number>();
  for (const e of trace) finals.set(e.restart ?? 0, e.objective);
  return finals;
}
