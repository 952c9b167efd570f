import type { JobResult, ResultStore, RunStudySummary, StudyJob } from '@latentkit/study';
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { QueueTarget } from './connection.js';

/** The BullMQ job id of a study job: `<study>.<job id>` (BullMQ ids may not contain `:`), so that adding it twice adds it once. */
export const queueJobId = (job: Pick<StudyJob, 'study' | 'id'>): string => `${job.study}.${job.id}`;

/** Where a study's jobs go. */
export interface StudyQueueOptions {
  readonly target: QueueTarget;
  readonly queueName: string;
}

/** Options of {@link runStudyOnQueue}. */
export interface QueueRunOptions extends StudyQueueOptions {
  readonly signal?: AbortSignal;
  readonly onResult?: (job: StudyJob, result: JobResult) => void;
  /** Milliseconds between full scans of the pending jobs (events wake the collector in between). */
  readonly scanMs?: number;
}

/** What {@link runStudyOnQueue} did: a {@link RunStudySummary}, and the jobs removed from the queue before they finished. */
export interface QueueRunSummary extends RunStudySummary {
  readonly removed: number;
}

const STATUSES = new Set(['done', 'rejected', 'failed']);

/** The result a worker returned for `job`, or a failed result saying what is wrong with it. */
function checkedResult(job: StudyJob, value: unknown): JobResult {
  const r = value as Partial<JobResult> | null;
  if (r && r.id === job.id && STATUSES.has(r.status as string) && r.metrics && typeof r.metrics === 'object') return r as JobResult;
  return { id: job.id, status: 'failed', error: 'the worker returned no valid result', metrics: {} };
}

/**
 * Put a study's unfinished jobs on a BullMQ queue (each once: its id is {@link queueJobId}, and BullMQ ignores an id
 * it holds) and collect their results into the store as they complete: each is recorded once and its job then
 * removed from Redis. A job a worker could not finish (BullMQ's `failed`, e.g. stalled too often) is recorded as
 * failed with BullMQ's reason. The signal (Ctrl-C) stops the collection only: the jobs stay queued and go on running
 * on the workers, and a rerun collects them.
 */
export async function runStudyOnQueue(jobs: readonly StudyJob[], store: ResultStore, options: QueueRunOptions): Promise<QueueRunSummary> {
  const { connection } = options.target;
  const queue = new Queue(options.queueName, { connection });
  const events = new QueueEvents(options.queueName, { connection });
  const todo = jobs.filter((j) => !store.has(j.id));
  const pending = new Map(todo.map((j) => [queueJobId(j), j]));
  const skipped = jobs.length - todo.length;
  let ran = 0;
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
  try {
    events.on('completed', onEvent);
    events.on('failed', onEvent);
    await events.waitUntilReady();
    for (let i = 0; i < todo.length; i += 500) {
      await queue.addBulk(
        todo.slice(i, i + 500).map((job) => ({ name: job.study, data: job, opts: { jobId: queueJobId(job), removeOnComplete: false, removeOnFail: false } })),
      );
    }
    const settle = async (id: string): Promise<void> => {
      const job = pending.get(id);
      if (!job) return;
      const queued: Job | undefined = await queue.getJob(id);
      if (!queued) {
        pending.delete(id);
        removed++;
        return;
      }
      const state = await queued.getState();
      if (state !== 'completed' && state !== 'failed') return;
      const result =
        state === 'completed'
          ? checkedResult(job, queued.returnvalue)
          : { id: job.id, status: 'failed' as const, error: `queue: ${queued.failedReason.split('\n')[0]}`, metrics: {} };
      pending.delete(id);
      if (await store.record(result)) {
        ran++;
        options.onResult?.(job, result);
      }
      await queued.remove().catch(() => {});
    };
    let lastScan = 0;
    while (pending.size > 0 && !options.signal?.aborted) {
      const full = Date.now() - lastScan >= (options.scanMs ?? 2000);
      const ids = full ? [...pending.keys()] : [...dirty];
      dirty.clear();
      if (full) lastScan = Date.now();
      for (let i = 0; i < ids.length; i += 50) await Promise.all(ids.slice(i, i + 50).map(settle));
      if (pending.size === 0 || options.signal?.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(50, (options.scanMs ?? 2000) - (Date.now() - lastScan)));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        if (dirty.size > 0 || options.signal?.aborted) wake();
      });
    }
    return { ran, skipped, cancelled: pending.size > 0, removed };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await events.close();
    await queue.close();
  }
}

/** What {@link cancelStudy} removed: jobs waiting or finished, and those running now (which finish on their workers, and whose results nobody collects). */
export interface CancelSummary {
  readonly removed: number;
  readonly running: number;
}

/**
 * Remove a study's jobs from the queue (`latentkit study <spec> --cancel`): every waiting, delayed, completed or
 * failed job whose id starts with the study's name. A job running on a worker cannot be removed (its worker holds
 * it); it is counted in `running`.
 */
export async function cancelStudy(study: string, options: StudyQueueOptions): Promise<CancelSummary> {
  const queue = new Queue(options.queueName, { connection: options.target.connection });
  try {
    const prefix = `${study}.`;
    let removed = 0;
    let running = 0;
    const states = ['waiting', 'delayed', 'prioritized', 'paused', 'completed', 'failed', 'active'] as const;
    for (const state of states) {
      const jobs = (await queue.getJobs([state])).filter((j) => j?.id?.startsWith(prefix));
      for (const job of jobs) {
        try {
          await job.remove();
          removed++;
        } catch {
          running++;
        }
      }
    }
    return { removed, running };
  } finally {
    await queue.close();
  }
}
