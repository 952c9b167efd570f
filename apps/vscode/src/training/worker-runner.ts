import { Worker } from 'node:worker_threads';
import type { HostToWorker, Job, JobResults, Progress, WorkerInput, WorkerSetup, WorkerToHost } from './protocol.js';

/** A job running in its own worker thread. */
export interface RunningJob<R> {
  /** Resolves with the job's result; rejects with a one-line error. */
  readonly result: Promise<R>;
  /** Ask the job to stop; a worker that has not answered after `graceMs` is terminated. */
  cancel(): void;
  readonly cancelled: boolean;
  /** Resolves once the worker thread has exited; {@link RunningJob.result} settles only after that. */
  readonly exited: Promise<void>;
}

/** Options of {@link startJob}. */
export interface StartJobOptions {
  readonly onProgress?: (p: Progress) => void;
  readonly onWarning?: (message: string) => void;
  /** How long a cancelled worker may take to stop by itself (default 5 s). */
  readonly graceMs?: number;
}

/** The worker was terminated after a cancel before it could answer. */
export class JobTerminatedError extends Error {
  override readonly name = 'JobTerminatedError';
}

/**
 * Run `job` in a fresh worker thread started from `workerFile` (the bundled `dist/worker.cjs`), so that no tensor
 * work happens on the extension-host thread. The worker gets `setup` and the job through `workerData`, streams
 * progress messages and posts one result. A cancelled job answers normally (a training job with
 * `status: 'cancelled'`); one that does not within `graceMs` is terminated and rejects with {@link JobTerminatedError}.
 * The result settles after the worker thread has exited.
 */
export function startJob<J extends Job>(workerFile: string, setup: WorkerSetup, job: J, options: StartJobOptions = {}): RunningJob<JobResults[J['kind']]> {
  const input: WorkerInput = { setup, job };
  const worker = new Worker(workerFile, { workerData: input, stdout: false, stderr: false });
  let cancelled = false;
  let settled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const result = new Promise<JobResults[J['kind']]>((resolve, reject) => {
    // Settle only once the thread is gone, so that whoever awaits the result (a "cancelled" message, a check that
    // nothing was written) knows that the worker can no longer write anything.
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      void worker.terminate();
      void exited.then(fn);
    };
    worker.on('message', (m: WorkerToHost) => {
      if (m.type === 'progress') options.onProgress?.(m.progress);
      else if (m.type === 'warning') options.onWarning?.(m.message);
      else if (m.type === 'result') finish(() => resolve(m.result as JobResults[J['kind']]));
      else if (m.type === 'error') finish(() => reject(new Error(m.message)));
    });
    worker.on('error', (e) => finish(() => reject(new Error(`the training worker failed: ${String(e?.message ?? e).split('\n')[0]}`, { cause: e }))));
    worker.on('exit', (code) =>
      finish(() =>
        reject(cancelled ? new JobTerminatedError('the worker was stopped') : new Error(`the training worker exited (code ${code}) before answering`)),
      ),
    );
  });
  return {
    result,
    exited,
    get cancelled() {
      return cancelled;
    },
    cancel() {
      if (cancelled || settled) return;
      cancelled = true;
      const msg: HostToWorker = { type: 'cancel' };
      worker.postMessage(msg);
      timer = setTimeout(() => void worker.terminate(), options.graceMs ?? 5000);
    },
  };
}
