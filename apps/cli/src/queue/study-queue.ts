import type { JobResult, ResultStore, RunStudySummary, StudyJob } from '@latentkit/study';
import { Queue } from 'bullmq';
import type { QueueTarget } from './connection.js';
import { runJobsOnQueue, type RunJobsOptions } from './run-jobs.js';

/** The BullMQ job id of a study job: `<study>.<job id>` (BullMQ ids may not contain `:`), so that adding it twice adds it once. */
export const queueJobId = (job: Pick<StudyJob, 'study' | 'id'>): string => `${job.study}.${job.id}`;

/** Where a study's jobs go. */
export interface StudyQueueOptions {
  readonly target: QueueTarget;
  readonly queueName: string;
}

/** Options of {@link runStudyOnQueue}. */
export interface QueueRunOptions extends StudyQueueOptions, Pick<RunJobsOptions, 'signal' | 'scanMs' | 'log'> {
  readonly onResult?: (job: StudyJob, result: JobResult) => void;
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
 * it holds) and collect their results into the store as they complete ({@link runJobsOnQueue}): each is recorded
 * once and its job then removed from Redis. A job a worker could not finish (BullMQ's `failed`, e.g. stalled too
 * often) is recorded as failed with BullMQ's reason. The signal (Ctrl-C) stops the collection only: the jobs stay
 * queued and go on running on the workers, and a rerun collects them. A Redis restarted with its append-only file
 * is waited for (one line in `log`), and the study goes on where it was.
 */
export async function runStudyOnQueue(jobs: readonly StudyJob[], store: ResultStore, options: QueueRunOptions): Promise<QueueRunSummary> {
  const todo = jobs.filter((j) => !store.has(j.id));
  let ran = 0;
  const { pending, removed } = await runJobsOnQueue(
    todo.map((job) => ({ jobId: queueJobId(job), name: job.study, data: job })),
    options,
    async ({ data: job }, outcome) => {
      const result: JobResult =
        outcome.state === 'completed' ? checkedResult(job, outcome.value) : { id: job.id, status: 'failed', error: `queue: ${outcome.reason}`, metrics: {} };
      if (await store.record(result)) {
        ran++;
        options.onResult?.(job, result);
      }
    },
  );
  return { ran, skipped: jobs.length - todo.length, cancelled: pending > 0, removed };
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
