import { createRng, type Dataset, type Rng } from '@latentkit/core';
import { defaultThreads } from '@latentkit/core';
import type { EngineOptions, FitResult, ModelInstance, PrepareContext, RestartSlice } from '@latentkit/registry';
import { checkpointWriter, readRunCheckpoint, type BestRun } from './checkpoints.js';
import { drive, type DriveResult, type Stepper } from './drive.js';
import { cloneState, disposeAll } from './tensor-state.js';

/** How an engine turns a model's terms into a driver loop. */
export interface EngineRecipe<S, Prepared> {
  /** The engine's registry key (e.g. `inference/em`), used in error messages. */
  readonly key: string;
  /** What every restart reads from the data, computed once. */
  prepare(data: Dataset, context: PrepareContext): Prepared;
  /** Free what `prepare` made besides tensors (the terms' `release`): once, after the last restart, also on error. */
  release?(prepared: Prepared): void | Promise<void>;
  /** A fresh stepper for one restart, seeded with that restart's generator. */
  stepper(prepared: Prepared, rng: Rng): Stepper<S>;
  /** Convergence tolerance; engines without a monotone objective (Gibbs) disable it. */
  readonly tol?: number;
}

/**
 * Run a recipe with the model's number of restarts, each from its own child seed of `options.seed`,
 * keeping the completed run with the highest final objective ({@link keepsRestart}); with `options.restart`, only
 * that restart, from the same child seed; disposes the prepared data and the losing states. The
 * data is prepared once (with the fit's threads and signal) and released when the fit ends, so restarts share it.
 * With `options.initialState` (a fitted model's state, `registry.continueFit`) it runs once, from a copy of that
 * state instead of the terms' `init`.
 *
 * Checkpoints (`options.checkpointer`): at the end of an iteration it hands the registry the restart in progress,
 * the finished restarts' trace and best run, the loop's iteration count, last objective and trace, the state, and
 * the stepper's `save` (its generators and counters); `options.resume` is such a body, from which it continues
 * that restart at the next iteration, so that the result equals the uninterrupted fit's.
 */
export async function runWithRestarts<P, S, Prepared>(
  model: ModelInstance<P, S>,
  data: Dataset,
  options: EngineOptions<object>,
  recipe: EngineRecipe<S, Prepared>,
): Promise<FitResult<S>> {
  const t0 = performance.now();
  const resume = options.initialState !== undefined;
  const restarts = resume ? 1 : Math.max(1, model.restarts ?? 1);
  const only = options.restart && checkRestartSlice(options, restarts, recipe.key);
  const rngs = createRng(options.seed).split(restarts);
  const context: PrepareContext = { threads: options.threads ?? defaultThreads(), ...(options.signal ? { signal: options.signal } : {}) };
  const prepared = recipe.prepare(data, context);
  let best: DriveResult<S> | undefined;
  let bestRestart = 0;
  const trace: DriveResult<S>['trace'] = [];
  const resumed = options.resume !== undefined ? readRunCheckpoint<S>(options.resume, recipe.key, restarts) : undefined;
  if (resumed) {
    trace.push(...resumed.finished);
    if (resumed.best) {
      best = { ...resumed.best, trace: [] };
      bestRestart = resumed.best.restart;
    }
  }
  try {
    for (let r = only?.index ?? resumed?.restart ?? 0; r < (only ? only.index + 1 : restarts); r++) {
      const stepper = recipe.stepper(prepared, rngs[r]);
      if (resume) stepper.init = () => cloneState(options.initialState as S);
      const position = resumed && r === resumed.restart ? { ...resumed.loop, state: resumed.state } : undefined;
      if (position) stepper.restore?.(resumed!.engine, position.state);
      const finished = [...trace];
      const bestSoFar: BestRun<S> | undefined = best && { ...withoutTrace(best), restart: bestRestart };
      const run = await drive<S>(stepper, {
        ...(position && { resume: position }),
        ...(options.checkpointer && {
          checkpoint: checkpointWriter(options.checkpointer, recipe.key, stepper, () => ({ restart: r, finished, ...(bestSoFar && { best: bestSoFar }) })),
        }),
        maxIter: options.maxIter,
        tol: recipe.tol ?? options.tol,
        signal: options.signal,
        onStep: options.onStep,
        yieldEvery: options.yieldEvery,
        restart: r,
        restarts,
        label: recipe.key,
      });
      trace.push(...run.trace);
      if (keepsRestart(run, best)) {
        if (best) disposeAll(best.state);
        best = run;
        bestRestart = r;
      } else {
        disposeAll(run.state);
      }
      if (run.cancelled) break;
    }
  } catch (e) {
    if (best) disposeAll(best.state);
    throw e;
  } finally {
    disposeAll(prepared);
    await recipe.release?.(prepared);
  }
  return {
    state: best!.state,
    trace,
    iterations: best!.iterations,
    converged: best!.converged,
    fixedIterations: best!.fixedIterations,
    cancelled: best!.cancelled || Boolean(options.signal?.aborted),
    objective: best!.objective,
    seconds: (performance.now() - t0) / 1000,
    engine: recipe.key,
    seed: options.seed,
    bestRestart,
  };
}

/**
 * Whether a restart's run replaces the best so far, restarts taken in index order: it does when there is none yet,
 * when the best ran no iteration, or when it ran at least one and its final objective is not ≤ the best's (higher
 * wins; ties keep the earlier). `runWithRestarts` keeps runs by this rule, and so must whoever assembles the runs of
 * `FitOptions.restart` fitted apart.
 */
export const keepsRestart = (run: RunScore, best: RunScore | undefined): boolean =>
  !best || (run.iterations > 0 && !(run.objective <= best.objective)) || best.iterations === 0;

/** What {@link keepsRestart} compares: a run's iterations and final objective. */
export interface RunScore {
  /** Iterations the run completed (a run with none replaces no run with some). */
  readonly iterations: number;
  /** The run's final objective (higher wins, ties keep the earlier run; see {@link keepsRestart}). */
  readonly objective: number;
}

/** `options.restart`, checked against the fit's restarts: a one-line error naming the option otherwise. */
function checkRestartSlice(options: EngineOptions<object>, restarts: number, engine: string): RestartSlice {
  const { index, of } = options.restart!;
  if (options.initialState !== undefined || options.checkpointer || options.resume !== undefined)
    throw new Error(`${engine}: restart runs one restart of a fresh fit; it cannot continue a fitted state or write or resume checkpoints`);
  if (of !== restarts || !Number.isInteger(index) || index < 0 || index >= of)
    throw new Error(
      `${engine}: restart expected { index, of } with of = the model's ${restarts} restarts and 0 <= index < of, got { index: ${index}, of: ${of} }`,
    );
  return { index, of };
}

const withoutTrace = <S>({ trace: _trace, ...rest }: DriveResult<S>): Omit<DriveResult<S>, 'trace'> => rest;

/** The terms an engine requires, or a clear error naming what is missing. */
export function requireTerms<T>(terms: T | undefined, engine: string, what: string): T {
  if (!terms) throw new Error(`${engine} needs a model that provides ${what}`);
  return terms;
}
