import { Queue, QueueEvents, type Job } from 'bullmq';
import { firstLine } from '../errors.js';
import type { QueueTarget } from './connection.js';

/** A job to put on the queue: its BullMQ id (adding an id the queue holds adds nothing), name and plain JSON data. */
export interface QueuedJob<T extends object = object> {
  readonly jobId: string;
  readonly name: string;
  readonly data: T;
}

/** How a job ended on the queue: a worker's return value, or BullMQ's reason for failing it (e.g. stalled too often). */
export type JobOutcome = { readonly state: 'completed'; readonly value: unknown } | { readonly state: 'failed'; readonly reason: string };

/** Options of {@link runJobsOnQueue}. */
export interface RunJobsOptions {
  readonly target: QueueTarget;
  readonly queueName: string;
  /** Stops the collection (Ctrl-C): the jobs stay queued. */
  readonly signal?: AbortSignal;
  /** Milliseconds between full scans of the pending jobs (events wake the collector in between). */
  readonly scanMs?: number;
  /** Where the one-line notices of a lost and regained Redis go. */
  readonly log?: (line: string) => void;
}

/** What {@link runJobsOnQueue} left: jobs not settled (cancelled by the signal), and jobs removed from the queue before they finished. */
export interface RunJobsSummary {
  readonly pending: number;
  readonly removed: number;
}

/**
 * One line when Redis is lost (the first connection error of an outage) and one when it is back (a client ready
 * again), however many reconnection attempts fail in between; BullMQ's clients (`maxRetriesPerRequest: null`) hold
 * their commands and resume by themselves. Any other error is logged as it comes, in one line.
 */
export function outageReporter(shown: string, log: (line: string) => void): { readonly error: (e: Error) => void; readonly ready: () => void } {
  let down = false;
  return {
    error: (e) => {
      if (!isConnectionError(e)) {
        log(`${firstLine(e) || e.name}\n`);
        return;
      }
      if (down) return;
      down = true;
      log(`lost Redis at ${shown}: ${firstLine(e) || e.name}; waiting for it to come back\n`);
    },
    ready: () => {
      if (!down) return;
      down = false;
      log(`Redis at ${shown} is back\n`);
    },
  };
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** Whether an error of ioredis or BullMQ says the connection to Redis is gone (rather than that a command failed). */
const isConnectionError = (e: Error): boolean =>
  CONNECTION_CODES.has((e as NodeJS.ErrnoException).code ?? '') || /Connection is closed|connect ETIMEDOUT|Socket closed unexpectedly/i.test(e.message);

/**
 * Put jobs on a BullMQ queue (each once: BullMQ ignores an id it holds) and hand each to `settle` once it completes
 * or fails, then remove it from Redis; `settle` sees each job once. A job that vanished from the queue before it
 * finished (`--cancel`, or a Redis restarted without persistence) is counted in `removed`. Events wake the collector,
 * and every `scanMs` it asks for every pending job, so that events lost while Redis was away cost a delay only. An
 * outage of Redis is reported in one line ({@link outageReporter}) and waited out.
 */
export async function runJobsOnQueue<T extends object>(
  jobs: readonly QueuedJob<T>[],
  options: RunJobsOptions,
  settle: (job: QueuedJob<T>, outcome: JobOutcome) => Promise<void>,
): Promise<RunJobsSummary> {
  const { connection } = options.target;
  const queue = new Queue(options.queueName, { connection });
  const events = new QueueEvents(options.queueName, { connection });
  const outage = outageReporter(options.target.shown, options.log ?? (() => {}));
  queue.on('error', outage.error);
  events.on('error', outage.error);
  for (const client of [await queue.client, await events.client]) client.on('ready', outage.ready);
  const pending = new Map(jobs.map((j) => [j.jobId, j]));
  let removed = 0;
  let wake: () => void = () => {};
  const dirty = new Set<string>();
  const onEvent = ({ jobId }: { jobId: string }) => {
    if (pending.has(jobId)) {
      dirty.add(jobId);
      wake();
    }
  };
  const onAbort = () => wake();
  options.signal?.addEventListener('abort', onAbort);
  const scanMs = options.scanMs ?? 2000;
  try {
    events.on('completed', onEvent);
    events.on('failed', onEvent);
    await events.waitUntilReady();
    for (let i = 0; i < jobs.length; i += 500) {
      await queue.addBulk(
        jobs.slice(i, i + 500).map((job) => ({ name: job.name, data: job.data, opts: { jobId: job.jobId, removeOnComplete: false, removeOnFail: false } })),
      );
    }
    const check = async (id: string): Promise<void> => {
      const job = pending.get(id);
      if (!job) return;
      // The state first, then the job: a job read before it finished carries no return value, even if it has
      // finished by the time its state is asked (under load that window was wide enough to record a done job as
      // "no valid result"). Completed and failed are final until the job is removed.
      const state = await queue.getJobState(id);
      if (state === 'unknown') {
        pending.delete(id);
        removed++;
        return;
      }
      if (state !== 'completed' && state !== 'failed') return;
      const queued: Job | undefined = await queue.getJob(id);
      pending.delete(id);
      if (!queued) {
        removed++;
        return;
      }
      await settle(job, state === 'completed' ? { state, value: queued.returnvalue } : { state, reason: firstLine(queued.failedReason) });
      await queued.remove().catch(() => {});
    };
    let lastScan = 0;
    while (pending.size > 0 && !options.signal?.aborted) {
      const full = Date.now() - lastScan >= scanMs;
      const ids = full ? [...pending.keys()] : [...dirty];
      dirty.clear();
      if (full) lastScan = Date.now();
      for (let i = 0; i < ids.length; i += 50) await Promise.all(ids.slice(i, i + 50).map(check));
      if (pending.size === 0 || options.signal?.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(50, scanMs - (Date.now() - lastScan)));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        if (dirty.size > 0 || options.signal?.aborted) wake();
      });
    }
    return { pending: pending.size, removed };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await events.close();
    await queue.close();
  }
}
