import type { Registry } from '@latentkit/registry';
import { JobRejectedError, resolveUnderRoot } from '@latentkit/study';
import { resolve } from 'node:path';
import { createContext, type CommonOptions } from '../context.js';
import { CancelledError, UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import { loadWithColumns } from '../load-data.js';
import type { QueueTarget } from '../queue/connection.js';

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
  /** `--shard <name>=<file>`: serve this shard of a sharded fit ({@link serveShard}) instead of study jobs. */
  readonly shard?: string;
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
  if (options.shard !== undefined) return serveShard(options, options.shard, target, registry, io);
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

/**
 * `latentkit worker --shard <name>=<file> --data-root <dir>`: load the shard's rows once (the file must lie under the
 * data root; dense rows, or counts from a `.mtx` file) and answer the passes of sharded fits on the shard's own queue
 * until Ctrl-C.
 */
async function serveShard(options: WorkerCommandOptions, shard: string, target: QueueTarget, registry: Registry, io: CliIO): Promise<void> {
  const { checkShardName, runShardWorker } = await import('../queue/shards.js');
  const at = shard.indexOf('=');
  if (at < 1 || at === shard.length - 1) throw new UsageError(`--shard ${shard}: expected <name>=<file>, e.g. a=part-1.csv`);
  const name = checkShardName(shard.slice(0, at), '--shard');
  const path = shard.slice(at + 1);
  if (options.dataRoot === undefined) throw new UsageError(`--shard ${shard}: give --data-root, the folder the shard's file lies under`);
  const file = await resolveUnderRoot(path, resolve(options.dataRoot)).catch((e: unknown) => {
    throw e instanceof JobRejectedError ? new UsageError(`--shard ${shard}: ${e.message}`) : e;
  });
  const rows = await loadWithColumns(file, { missing: 'error' }).catch((e: unknown) => {
    throw new UsageError(`--shard ${shard}: ${(e as Error).message}`);
  });
  await runShardWorker({
    target,
    name,
    file: path,
    rows,
    registry,
    lockDuration: options.lockDuration,
    stalledInterval: options.stalledInterval,
    signal: options.signal,
    log: io.stderr,
  });
  if (options.signal?.aborted) throw new CancelledError('worker stopped');
}
