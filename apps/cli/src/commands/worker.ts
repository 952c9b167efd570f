import { resolve } from 'node:path';
import { createContext, type CommonOptions } from '../context.js';
import { CancelledError } from '../errors.js';
import type { CliIO } from '../io.js';

/** Options of `latentkit worker`. */
export interface WorkerCommandOptions extends CommonOptions {
  /** `redis://host:port[/db]` or `rediss://[user:password@]host:port[/db]`. */
  readonly queue: string;
  readonly queueName: string;
  readonly concurrency: number;
  /** Data files of jobs must lie under this folder; without it, jobs with data files are rejected. */
  readonly dataRoot?: string;
  readonly lockDuration?: number;
  readonly stalledInterval?: number;
}

/**
 * `latentkit worker --queue redis://host:port [--concurrency n] [--data-root dir]`: take study and select jobs from the BullMQ
 * queue and run them with this process's registry (built-in plugins and `--plugin` modules: nothing else runs, and no
 * code comes through the queue) until Ctrl-C, which lets the jobs in progress finish (a second Ctrl-C quits at once;
 * another worker then takes those jobs over).
 */
export async function workerCommand(options: WorkerCommandOptions, io: CliIO): Promise<void> {
  // Loaded here, not at start-up: only this command and a queued study need BullMQ and ioredis.
  const { checkReachable, parseQueueUrl } = await import('../queue/connection.js');
  const { runQueueWorker } = await import('../queue/worker.js');
  const target = parseQueueUrl(options.queue);
  await checkReachable(target);
  const { registry, backend } = await createContext(options, io);
  await runQueueWorker({
    target,
    queueName: options.queueName,
    registry,
    backend,
    dataRoot: options.dataRoot !== undefined ? resolve(options.dataRoot) : undefined,
    concurrency: options.concurrency,
    lockDuration: options.lockDuration,
    stalledInterval: options.stalledInterval,
    signal: options.signal,
    log: io.stderr,
  });
  if (options.signal?.aborted) throw new CancelledError('worker stopped; the jobs it had taken were finished');
}
