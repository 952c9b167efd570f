import type { BackendInfo } from '@latentkit/core';
import type { Registry } from '@latentkit/registry';
import { runStudyJob, type JobResult, type StudyJob } from '@latentkit/study';
import { Worker } from 'bullmq';
import { hostname } from 'node:os';
import type { Writer } from '../io.js';
import type { QueueTarget } from './connection.js';
import { outageReporter } from './run-jobs.js';
import { describeSelectJob, isSelectJob, runSelectJob, type SelectJob, type SelectJobResult } from './select-job.js';

/** Options of {@link runQueueWorker}. */
export interface QueueWorkerOptions {
  readonly target: QueueTarget;
  readonly queueName: string;
  /** The plugins this worker runs: a job naming any other is rejected. */
  readonly registry: Registry;
  /** The tensor backend this process started (a select job's row names it). */
  readonly backend: BackendInfo;
  /** Data files must lie under this folder (without it, file data is rejected). */
  readonly dataRoot?: string;
  /** Jobs run at once in this process (default 1; fits share one thread, so more helps only with waiting). */
  readonly concurrency?: number;
  /** Milliseconds a job's lock lasts without renewal; a worker that dies loses its jobs to others after this. */
  readonly lockDuration?: number;
  /** Milliseconds between this worker's checks for jobs whose worker died (stalled jobs, moved back to wait). */
  readonly stalledInterval?: number;
  /** Stop taking jobs; resolve once those in progress are finished. */
  readonly signal?: AbortSignal;
  /** One line per job. */
  readonly log: Writer;
}

/** How a job is named in a worker's log: `<study>/<id> (<model> on <data> r<replicate>)`. */
export const describeJob = (job: StudyJob): string => `${job.study}/${job.id} (${job.model?.label} on ${job.data?.label} r${job.replicate})`;

/**
 * Run a BullMQ worker on the study queue until the signal fires: each job is plain JSON, a {@link StudyJob} run by
 * `runStudyJob` of `@latentkit/study` or a {@link SelectJob} (one setting and restart of `select --queue`) run by
 * {@link runSelectJob}, with this worker's registry and data root; its result (done, rejected or failed, never
 * thrown) is the job's return value. While Redis is away the worker logs one line, waits, and goes on when it is back. A worker that dies mid-job (SIGKILL, a lost machine)
 * stops renewing the job's lock; another worker's stalled-job check then puts the job back on the queue and it runs
 * again there (BullMQ's `maxStalledCount` 1: a job that stalls twice is failed). Resolves when the worker is closed
 * (jobs in progress finished).
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<void> {
  const name = `${hostname()}:${process.pid}`;
  const describe = (data: StudyJob | SelectJob): string => (isSelectJob(data) ? describeSelectJob(data as SelectJob) : describeJob(data as StudyJob));
  const worker = new Worker<StudyJob | SelectJob, JobResult | SelectJobResult>(
    options.queueName,
    async (job) => {
      const t0 = performance.now();
      options.log.write(`${describe(job.data)}: started\n`);
      const { registry, dataRoot, backend } = options;
      const result = isSelectJob(job.data)
        ? await runSelectJob(job.data, { registry, dataRoot, backend })
        : await runStudyJob(job.data as StudyJob, { registry, dataRoot, worker: name });
      const what = result.status === 'done' ? 'done' : `${result.status}: ${result.error}`;
      options.log.write(`${describe(job.data)}: ${what} (${((performance.now() - t0) / 1000).toFixed(2)} s)\n`);
      return result;
    },
    {
      connection: options.target.connection,
      concurrency: options.concurrency ?? 1,
      ...(options.lockDuration !== undefined && { lockDuration: options.lockDuration }),
      ...(options.stalledInterval !== undefined && { stalledInterval: options.stalledInterval }),
      maxStalledCount: 1,
      autorun: false,
    },
  );
  const outage = outageReporter(options.target.shown, (line) => options.log.write(`worker ${name}: ${line}`));
  worker.on('error', outage.error);
  worker.on('failed', (job, e) => options.log.write(`${job ? describe(job.data) : 'a job'}: failed: ${e.message.split('\n')[0]}\n`));
  const stop = () => void worker.close();
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();
  await worker.waitUntilReady();
  (await worker.client).on('ready', outage.ready);
  options.log.write(`worker ${name}: waiting for jobs on ${options.target.shown} queue ${options.queueName} (concurrency ${options.concurrency ?? 1})\n`);
  try {
    await worker.run();
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await worker.close();
  }
}
