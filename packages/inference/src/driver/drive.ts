import type { StepInfo, TraceEntry } from '@latentkit/registry';
import { disposeReplaced, tidyState } from './tensor-state.js';

/** A stepwise algorithm the driver can run: functional state in, state and objective out. */
export type Stepper<S> = SyncStepper<S> | AsyncStepper<S>;

/** What every stepper has. */
export interface StepperBase<S> {
  /** The starting state. */
  init(): S;
  /** Optional extra stopping rule. */
  done?(state: S, objective: number, delta: number): boolean;
  /**
   * What a checkpoint must hold besides the state to continue this run exactly (generators, counters, an optimiser's
   * moments): plain data, typed arrays and tensors (core's `encodeTree`), read at the end of an iteration.
   */
  save?(state: S): unknown;
  /** Take back what `save` returned (decoded, with new tensors it now owns) before resuming from `state`. */
  restore?(saved: unknown, state: S): void;
}

/** What one step returns: the new state, the objective at the input state, and extra values for the trace entry. */
export interface StepOutcome<S> {
  /** The state after the step (the driver disposes the tensors of the input state it no longer holds). */
  state: S;
  /** The objective at the input state (higher is better; a log-likelihood or ELBO). */
  objective: number;
  /** Extra named values recorded in the iteration's trace entry. */
  extra?: Readonly<Record<string, number>>;
}

/**
 * A stepper whose iteration is one step, run inside tf.tidy. The step may return a promise (work on worker threads):
 * then only its synchronous part runs inside that tidy, and it must hold no tensor across an `await` (what it makes
 * after one, it tidies itself, e.g. with `tidyState`); if the promise rejects after the fit's signal fired, the fit
 * ends as cancelled with the last good state.
 */
export interface SyncStepper<S> extends StepperBase<S> {
  /**
   * One iteration. `objective` is evaluated at the input state (as EM's E-step does); `extra` goes to the iteration's
   * trace entry. Runs inside tf.tidy.
   */
  step(state: S): StepOutcome<S> | Promise<StepOutcome<S>>;
  /** Absent: a synchronous stepper has `step` only. */
  stepAsync?: undefined;
}

/** A stepper whose iteration is made of many updates (an epoch of minibatches). */
export interface AsyncStepper<S> extends StepperBase<S> {
  /** Absent: an asynchronous stepper has `stepAsync` only. */
  step?: undefined;
  /**
   * One iteration. It runs outside tf.tidy (it tidies each update itself), lets the event loop run between updates
   * with `control.pause()`, and, once `control.cancelled()` is true, returns at once the state after its last
   * completed update with `partial: true`; the driver keeps that state, records no trace entry for the unfinished
   * iteration and reports the fit as cancelled. `extra` goes to the iteration's trace entry. On error it disposes the tensors it made (not its input state).
   */
  stepAsync(
    state: S,
    control: StepControl,
  ): Promise<{
    /** The state after the iteration (or after its last completed update, when `partial`). */
    state: S;
    /** The iteration's objective (higher is better). */
    objective: number;
    /** True when the iteration stopped early on the signal. */
    partial?: boolean;
    /** Extra named values recorded in the iteration's trace entry. */
    extra?: Readonly<Record<string, number>>;
  }>;
}

/** What {@link AsyncStepper.stepAsync} gets from the driver between the updates of one iteration. */
export interface StepControl {
  /** True once the fit's signal has fired. */
  cancelled(): boolean;
  /** Yield to the event loop if `yieldEvery` ms have passed since the driver last did (every call with 'step'). */
  pause(): Promise<void>;
}

/** Loop settings shared by every engine. */
export interface DriveOptions<S = unknown> {
  /** Most iterations to run (counting those of `resume`). */
  maxIter: number;
  /** Stop once |Δobjective| < tol between consecutive iterations (≤ 0: no such rule). */
  tol: number;
  /** Aborting it stops the loop between iterations (or between updates of an async step); the result is `cancelled`. */
  signal?: AbortSignal;
  /** Called after every step with its iteration, objective and elapsed time; awaited when it returns a promise. */
  onStep?: (info: StepInfo) => void | Promise<void>;
  /** Yield to the event loop when this many ms have passed since the last yield (default 100), or after every step. */
  yieldEvery?: number | 'step';
  /** 0-based index of this run among `restarts`, recorded in trace entries and step info (default 0). */
  restart?: number;
  /** Number of restarts of the fit this run belongs to (default 1). */
  restarts?: number;
  /** Who is fitting, for the error thrown when an iteration's objective is not finite (default `fit`). */
  label?: string;
  /** Continue a loop a checkpoint recorded: its state (instead of `init`), iterations, last objective and trace. */
  resume?: LoopPosition<S>;
  /**
   * Called after every completed iteration with `final: false`, and with `final: true` when the loop stops on its
   * signal between iterations (not inside a partial one); awaited. Checkpoints are written from here.
   */
  checkpoint?: (at: LoopPosition<S> & { readonly final: boolean }) => Promise<void>;
}

/** Where a driver loop stands at the end of an iteration. */
export interface LoopPosition<S> {
  /** The state at the end of the iteration. */
  readonly state: S;
  /** Iterations completed so far. */
  readonly iterations: number;
  /** The last iteration's objective (NaN before the first). */
  readonly previous: number;
  /** The trace entries of the iterations completed so far. */
  readonly trace: readonly TraceEntry[];
}

/** What one run of the driver produced. */
export interface DriveResult<S> {
  /** The last good state (the caller owns its tensors). */
  state: S;
  /** One entry per completed iteration. */
  trace: TraceEntry[];
  /** Iterations completed. */
  iterations: number;
  /** The loop stopped on `tol` or the stepper's `done`, not on `maxIter` or the signal. */
  converged: boolean;
  /** The loop had no stopping rule (`tol` ≤ 0 and no `done`): it ran `maxIter` iterations by design. */
  fixedIterations: boolean;
  /** The loop stopped on its signal. */
  cancelled: boolean;
  /** The objective of the last completed iteration (NaN if none). */
  objective: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The one loop every inference engine uses: init, then step until |Δobjective| < tol, `done`, `maxIter`, or abort.
 *
 * Each step runs inside `tf.tidy`; the tensors of the previous state that the new state does not hold are
 * disposed after the step succeeds, so on abort or error the last good state is intact and returned (abort)
 * or disposed (error). Progress callbacks are awaited, and the loop yields to the event loop every
 * `yieldEvery` ms (default 100) so that a host UI stays responsive. A stepper with `stepAsync` also yields and
 * checks the signal between the updates of an iteration, so a long epoch stops within one update.
 */
export async function drive<S>(stepper: Stepper<S>, opts: DriveOptions<S>): Promise<DriveResult<S>> {
  const trace: TraceEntry[] = [...(opts.resume?.trace ?? [])];
  const t0 = performance.now();
  let lastYield = t0;
  let state = opts.resume ? opts.resume.state : tidyState(() => stepper.init());
  let previous = opts.resume?.previous ?? Number.NaN;
  let converged = false;
  let cancelled = false;
  let partial = false;
  let iterations = opts.resume?.iterations ?? 0;
  const yieldEvery = opts.yieldEvery ?? 100;
  const control: StepControl = {
    cancelled: () => Boolean(opts.signal?.aborted),
    pause: async () => {
      if (yieldEvery === 'step' || performance.now() - lastYield >= yieldEvery) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    },
  };
  try {
    while (iterations < opts.maxIter) {
      if (opts.signal?.aborted) {
        cancelled = true;
        break;
      }
      let next: StepOutcome<S> & { partial?: boolean };
      try {
        next = stepper.stepAsync ? await stepper.stepAsync(state, control) : await tidyState(() => stepper.step(state));
      } catch (e) {
        if (!opts.signal?.aborted) throw e;
        cancelled = true;
        break;
      }
      if (next.partial) {
        disposeReplaced(state, next.state);
        state = next.state;
        cancelled = true;
        partial = true;
        break;
      }
      if (!Number.isFinite(next.objective)) {
        disposeReplaced(next.state, state);
        throw new Error(
          `${opts.label ?? 'fit'}: the objective became ${next.objective} at iteration ${iterations + 1}; the data may need scaling or a larger regularisation`,
        );
      }
      disposeReplaced(state, next.state);
      state = next.state;
      iterations += 1;
      const delta = next.objective - previous;
      previous = next.objective;
      const extra = next.extra;
      trace.push({
        iteration: iterations,
        objective: next.objective,
        ...(opts.restarts && opts.restarts > 1 ? { restart: opts.restart ?? 0 } : {}),
        ...(extra ? { extra } : {}),
      });
      if (opts.onStep) {
        await opts.onStep({
          iteration: iterations,
          objective: next.objective,
          delta,
          elapsedMs: performance.now() - t0,
          restart: opts.restart ?? 0,
          restarts: opts.restarts ?? 1,
          maxIter: opts.maxIter,
        });
      }
      await opts.checkpoint?.({ state, iterations, previous, trace, final: false });
      if (Math.abs(delta) < opts.tol || stepper.done?.(state, next.objective, delta)) {
        converged = true;
        break;
      }
      if (yieldEvery === 'step' || performance.now() - lastYield >= yieldEvery) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
  } catch (e) {
    disposeReplaced(state, undefined);
    throw e;
  }
  if (!cancelled && opts.signal?.aborted) cancelled = true;
  if (cancelled && !partial && opts.checkpoint) {
    try {
      await opts.checkpoint({ state, iterations, previous, trace, final: true });
    } catch (e) {
      disposeReplaced(state, undefined);
      throw e;
    }
  }
  const fixedIterations = !(opts.tol > 0) && stepper.done === undefined;
  return { state, trace, iterations, converged, fixedIterations, cancelled, objective: previous };
}
