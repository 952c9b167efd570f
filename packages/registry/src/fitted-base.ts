import type { Dataset, DenseDataset } from '@latentkit/core';
import type { FitInfo, Fitted, LatentMatrix } from './contract/fitted.js';
import type { TraceEntry } from './contract/fit-options.js';
import type { SavedModel } from './contract/saved-model.js';
import { savedModelOf } from './saved-model-io.js';

/**
 * The fitted-model bookkeeping every model shares, owned by the registry (plugin API 2): the hyperparameters, the
 * plugin's state, the fit's {@link FitInfo} (trace, iterations, convergence, data shape, provenance), the getters
 * over it, the saved-model envelope (`toJSON`) and `dispose`. A model supplies its maths and one method,
 * {@link FittedBase.stateJSON}, that writes its state as JSON; its plugin's `restore` reads it back.
 * @example
 * ```ts
 * class FittedKMeans extends FittedBase<KMeansParams, KMeansState> {
 *   readonly scoreNames = ['negInertia'];
 *   protected stateJSON() { return { centres: Array.from(this.state.centres) }; }
 *   // score, scores, transform, sample …
 * }
 * ```
 */
export abstract class FittedBase<P extends object, S> implements Fitted<P> {
  /** The hyperparameters of the fit, validated, with defaults and data-dependent values filled in. */
  readonly params: P;
  /** The fitted state, as the model's terms produced it (also what `registry.continueFit` resumes from). */
  readonly state: S;
  /** The fit's bookkeeping (engine, seed, trace, iterations, convergence, training-data shape, provenance) that the getters read. */
  readonly info: FitInfo;
  abstract readonly scoreNames: readonly string[];

  /**
   * A fitted model of hyperparameters `params`, fitted state `state` and fit bookkeeping `info`, as the plugin's
   * `ModelInstance.fitted` and `restore` build it; it keeps the three as given (no copy, no check) and does not throw.
   */
  constructor(params: P, state: S, info: FitInfo) {
    this.params = params;
    this.state = state;
    this.info = info;
  }

  /** Registry key of the model that was fitted (`info.key`). */
  get key(): string {
    return this.info.key;
  }
  /** The objective per iteration of every run of the fit (`info.trace`). */
  get trace(): readonly TraceEntry[] {
    return this.info.trace;
  }
  /** Iterations the kept run completed (`info.iterations`). */
  get iterations(): number {
    return this.info.iterations;
  }
  /** Whether the kept run met its stopping rule (`info.converged`). */
  get converged(): boolean {
    return this.info.converged;
  }
  get fixedIterations(): boolean {
    return this.info.fixedIterations;
  }
  get notices(): readonly string[] | undefined {
    return this.info.notices;
  }
  /** Column names of the training data, in order; new data must have the same. */
  get columns(): readonly string[] {
    return this.info.data.columns;
  }

  /** The plugin's state as plain JSON: what `restore` gets back as `saved.state`. */
  protected abstract stateJSON(): unknown;

  /** The saved-model envelope with the model's `stateJSON()`. */
  toJSON(): SavedModel {
    return savedModelOf(this.info, this.params as Record<string, unknown>, this.stateJSON());
  }

  /** Free the state's tensors; the default frees nothing (states of float64 arrays hold none). */
  dispose(): void {}

  abstract score(data: Dataset): number;
  /** Every score the model computes on `data`, by name (`score` among them). */
  abstract scores(data: Dataset): Record<string, number>;
  abstract transform(data: Dataset): LatentMatrix;
  abstract sample(n: number, seed: number): DenseDataset;
}

/**
 * Whether `fitted` keeps its state and fit info as a {@link FittedBase} does (checked by shape, so that a second copy
 * of this package still recognises it).
 */
export function isFittedBase(fitted: Fitted<any>): fitted is FittedBase<any, unknown> {
  const info = (fitted as { info?: Partial<FitInfo> }).info;
  return !!info && typeof info === 'object' && typeof info.plugin === 'object' && info.key === fitted.key && 'state' in fitted;
}
