import { decodeTree, encodeTree, type JsonValue } from '@latentkit/core';
import type { Checkpointer, TraceEntry } from '@latentkit/registry';
import type { DriveResult, LoopPosition, Stepper } from './drive.js';

/** The best finished restart so far, as `runWithRestarts` keeps it. */
export type BestRun<S> = Omit<DriveResult<S>, 'trace'> & { readonly restart: number };

/** What a checkpoint of `runWithRestarts` holds (the engine's part of the file, decoded). */
export interface RunCheckpoint<S> {
  /** The restart in progress. */
  readonly restart: number;
  /** The trace of the restarts before it. */
  readonly finished: readonly TraceEntry[];
  readonly best?: BestRun<S>;
  /** The loop of the restart in progress at the end of its last iteration. */
  readonly loop: Omit<LoopPosition<S>, 'state'>;
  readonly state: S;
  /** The stepper's own part (`Stepper.save`). */
  readonly engine?: unknown;
}

/**
 * The driver's `checkpoint` callback for one run: it writes when the schedule says so (every `everyIterations`-th
 * iteration, once `everyMinutes` have passed since the last write, after every iteration when neither is set, and
 * when the loop stops on its signal unless that iteration was just written), with the stepper's `save` and the run's
 * place among the restarts from `frame`.
 */
export function checkpointWriter<S>(
  checkpointer: Checkpointer,
  label: string,
  stepper: Stepper<S>,
  frame: () => Pick<RunCheckpoint<S>, 'restart' | 'finished' | 'best'>,
): (at: LoopPosition<S> & { readonly final: boolean }) => Promise<void> {
  const { everyIterations, everyMinutes } = checkpointer;
  let lastTime = performance.now();
  let lastWritten = -1;
  return async (at) => {
    const due =
      (everyIterations === undefined && everyMinutes === undefined) ||
      (everyIterations !== undefined && at.iterations % everyIterations === 0) ||
      (everyMinutes !== undefined && performance.now() - lastTime >= everyMinutes * 60_000);
    if (at.iterations === lastWritten || !(due || at.final)) return;
    const { state, iterations, previous, trace } = at;
    const saved = stepper.save?.(state);
    let body: JsonValue;
    try {
      body = encodeTree({ ...frame(), loop: { iterations, previous, trace }, state, ...(saved !== undefined && { engine: saved }) }, 'checkpoint');
    } catch (e) {
      throw new Error(`${label}: ${(e as Error).message}`, { cause: e });
    }
    await checkpointer.write(body);
    lastTime = performance.now();
    lastWritten = iterations;
  };
}

/** Decode the engine's part of a checkpoint file; its tensors belong to the caller. */
export function readRunCheckpoint<S>(body: JsonValue, label: string, restarts: number): RunCheckpoint<S> {
  const decoded = decodeTree(body) as RunCheckpoint<S>;
  const ok =
    decoded !== null &&
    typeof decoded === 'object' &&
    Number.isInteger(decoded.restart) &&
    decoded.restart >= 0 &&
    Array.isArray(decoded.finished) &&
    typeof decoded.loop === 'object' &&
    Number.isInteger(decoded.loop?.iterations) &&
    Array.isArray(decoded.loop?.trace) &&
    'state' in decoded;
  if (!ok) throw new Error(`${label}: the checkpoint's fit state is not one this engine wrote`);
  if (decoded.restart >= restarts) throw new Error(`${label}: the checkpoint is at restart ${decoded.restart + 1}, but this fit runs ${restarts}`);
  return decoded;
}
