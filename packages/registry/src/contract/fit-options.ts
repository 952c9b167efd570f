/** Progress of a running fit, passed to `onStep`. */
export interface StepInfo {
  /** Iterations completed in this run, counted from 1 (a resumed fit continues the count of its checkpoint). */
  readonly iteration: number;
  /** The objective after this iteration, higher is better (EM: mean log-likelihood per sample; VI: the ELBO). */
  readonly objective: number;
  /** Change of the objective since the previous iteration (NaN on the first). */
  readonly delta: number;
  /** Wall-clock milliseconds since this run started, ≥ 0. */
  readonly elapsedMs: number;
  /** 0-based restart index and total restarts when the engine runs several initialisations. */
  readonly restart: number;
  /** Number of restarts of the fit (1 when the engine runs a single initialisation). */
  readonly restarts: number;
  /** The run's iteration budget: it stops after this many iterations unless it converges first. */
  readonly maxIter: number;
}

/** One row of a fit's trace. */
export interface TraceEntry {
  /** Iteration number within its run, from 1. */
  readonly iteration: number;
  /** The objective after that iteration, higher is better (as in {@link StepInfo.objective}). */
  readonly objective: number;
  /** 0-based index of the restart the row belongs to; present only when the fit runs more than one restart. */
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
  /** The checkpoint file (JSON), replaced atomically at every write; `FitOptions.resumeFrom` reads it. */
  readonly path: string;
  /** Write after every `everyIterations`-th iteration of a run (an integer ≥ 1). */
  readonly everyIterations?: number;
  /** Write once this many minutes (> 0) have passed since the last write, checked at the end of each iteration. */
  readonly everyMinutes?: number;
}

/** Options accepted by `Model.fit`. Randomness comes only from `seed`. */
export interface FitOptions {
  /** Registry key of the inference engine (default: the model's preferred engine, else its first supported one). */
  readonly engine?: string;
  /** Seed of the fit's only random generator (`createRng(seed)`): initialisation, restarts, minibatches, sampling; default 0. */
  readonly seed?: number;
  /** Shortcuts for the engine parameters `maxIter` and `tol` (an `engineParams` entry of the same name wins). */
  readonly maxIter?: number;
  /** Shortcut for the engine parameter `tol`: the fit converges when the objective changes by less than this in one iteration. */
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
  /** The restart to run, 0-based: 0 ≤ index < of. */
  readonly index: number;
  /** Total restarts of the whole fit; must equal the model's restart count (e.g. a GMM's `nInit`). */
  readonly of: number;
}

/** What an inference engine returns: the best state found and how it got there. */
export interface FitResult<S> {
  /** The model's state at the end of the kept run (the restart `bestRestart`), as its terms produce it. */
  readonly state: S;
  /** One row per iteration of every run, in the order they ran (rows of several restarts carry `restart`). */
  readonly trace: readonly TraceEntry[];
  /** Iterations the kept run completed (including those before a resumed checkpoint). */
  readonly iterations: number;
  /** True when the kept run stopped because the objective changed by less than `tol` (or the engine's own stopping rule fired). */
  readonly converged: boolean;
  /**
   * True when the number of iterations was fixed by design, so `converged` (false) says nothing: the engine ran with
   * no stopping rule (`tol` ≤ 0 and no early stopping), e.g. VAE epochs, LDA with `tol = 0`, Gibbs sweeps.
   */
  readonly fixedIterations?: boolean;
  /** True when `FitOptions.signal` stopped the fit; `state` is then that of the last completed iteration. */
  readonly cancelled: boolean;
  /** Final objective of the chosen run (for EM: mean log-likelihood per sample). */
  readonly objective: number;
  /** Wall-clock seconds of the whole fit, all restarts included. */
  readonly seconds: number;
  /** Registry key of the engine that ran the fit, e.g. `inference/em`. */
  readonly engine: string;
  /** The seed the fit used (`FitOptions.seed`, default 0). */
  readonly seed: number;
  /** Index of the restart whose state was kept. */
  readonly bestRestart: number;
  /** The gradient estimator's parameters as the engine resolved them (engines that use one, e.g. `inference/vi`). */
  readonly estimatorParams?: Readonly<Record<string, unknown>>;
}
