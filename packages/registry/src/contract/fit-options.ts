/** Progress of a running fit, passed to `onStep`. */
export interface StepInfo {
  readonly iteration: number;
  readonly objective: number;
  /** Change of the objective since the previous iteration (NaN on the first). */
  readonly delta: number;
  readonly elapsedMs: number;
  /** 0-based restart index and total restarts when the engine runs several initialisations. */
  readonly restart: number;
  readonly restarts: number;
  readonly maxIter: number;
}

/** One row of a fit's trace. */
export interface TraceEntry {
  readonly iteration: number;
  readonly objective: number;
  readonly restart?: number;
  /**
   * Further per-iteration values an engine records, plain finite numbers by name (so saved models stay JSON): e.g.
   * `inference/vi` with `training: 'mgda'` the mean MGDA weight of each task ('mgda.background'), with
   * 'constrained' the Lagrange multiplier ('lambda') and the smoothed constraint ('constraint').
   */
  readonly extra?: Readonly<Record<string, number>>;
}

/**
 * Where and how often a fit writes its checkpoint (`FitOptions.checkpoint`): a JSON file, written atomically, from
 * which `FitOptions.resumeFrom` continues the fit with the same result as a run that was never stopped. It is written
 * after every `everyIterations`-th iteration of a run and once `everyMinutes` have passed since the last write (each
 * counted at the end of an iteration; with neither, after every iteration), and once more when the fit is cancelled
 * between two iterations.
 */
export interface CheckpointOptions {
  readonly path: string;
  readonly everyIterations?: number;
  readonly everyMinutes?: number;
}

/** Options accepted by `Model.fit`. Randomness comes only from `seed`. */
export interface FitOptions {
  /** Registry key of the inference engine (default: the model's preferred engine, else its first supported one). */
  readonly engine?: string;
  readonly seed?: number;
  /** Shortcuts for the engine parameters `maxIter` and `tol` (an `engineParams` entry of the same name wins). */
  readonly maxIter?: number;
  readonly tol?: number;
  /**
   * Parameters of the inference engine, checked against its `params` by the registry. They override the engine's
   * `defaults` and the model's defaults for that engine (`ModelInstance.engineDefaults`).
   * @example `{ learningRate: 1e-3, optimizer: 'sgd' }` for `inference/vi`.
   */
  readonly engineParams?: Readonly<Record<string, unknown>>;
  /** Parameters of the gradient estimator an engine uses (`inference/vi`), checked against the estimator plugin's `params`. */
  readonly estimatorParams?: Readonly<Record<string, unknown>>;
  /** Abort the fit; the last completed iteration's state is kept and returned with `cancelled: true`. */
  readonly signal?: AbortSignal;
  /** Called after every iteration (awaited). */
  readonly onStep?: (info: StepInfo) => void | Promise<void>;
  /** Yield to the event loop every `yieldEvery` ms (default 100), or after every step. */
  readonly yieldEvery?: number | 'step';
  /** Write checkpoints of the fit (engines that declare `checkpoints`: `inference/em`, `cavi`, `online-vi`, `vi`). */
  readonly checkpoint?: CheckpointOptions;
  /**
   * Continue the fit a checkpoint file recorded, from the iteration it was written at. The model, its
   * hyperparameters, the engine, its parameters (except `maxIter`, the budget of iterations in all), the seed and the
   * data must be those of the checkpoint; otherwise the fit fails with a one-line error naming what differs.
   */
  readonly resumeFrom?: string;
  /**
   * Threads the fit may use for its data-parallel work (worker threads, each with its own tensor backend), ≥ 1;
   * default `os.availableParallelism()`. Models that support it cut their rows into fixed blocks and reduce the
   * blocks' results in block order, so the thread count never changes the result. Recorded in the provenance.
   */
  readonly threads?: number;
  /**
   * Run one restart only: restart `index` of the model's `of` restarts (0 ≤ index < of, and `of` must equal the
   * model's restarts, e.g. a GMM's `nInit`), from the generator the whole fit gives it, child `index` of
   * `createRng(seed).split(of)`. The result is that restart's run (`bestRestart` = index), so that fitting every
   * index apart and keeping, in index order, each run r with
   * `iterations_r > 0 ∧ ¬(objective_r ≤ objective_best)` or `iterations_best = 0` gives the whole fit bit for bit
   * (`latentkit select --queue` spreads restarts over machines this way). Not with checkpoints or a continued fit.
   */
  readonly restart?: RestartSlice;
}

/** One restart of a fit with several (`FitOptions.restart`). */
export interface RestartSlice {
  readonly index: number;
  readonly of: number;
}

/** What an inference engine returns: the best state found and how it got there. */
export interface FitResult<S> {
  readonly state: S;
  readonly trace: readonly TraceEntry[];
  readonly iterations: number;
  readonly converged: boolean;
  /**
   * True when the number of iterations was fixed by design, so `converged` (false) says nothing: the engine ran with
   * no stopping rule (`tol` ≤ 0 and no early stopping), e.g. VAE epochs, LDA with `tol = 0`, Gibbs sweeps.
   */
  readonly fixedIterations?: boolean;
  readonly cancelled: boolean;
  /** Final objective of the chosen run (for EM: mean log-likelihood per sample). */
  readonly objective: number;
  readonly seconds: number;
  readonly engine: string;
  readonly seed: number;
  /** Index of the restart whose state was kept. */
  readonly bestRestart: number;
  /** The gradient estimator's parameters as the engine resolved them (engines that use one, e.g. `inference/vi`). */
  readonly estimatorParams?: Readonly<Record<string, unknown>>;
}
