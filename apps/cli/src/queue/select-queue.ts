import { dataHash } from '@latentkit/core';
import { keepsRestart } from '@latentkit/inference';
import type { Registry, RestartSlice } from '@latentkit/registry';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { SELECT_REQUEST_FIELDS, type PreparedSelect, type SelectCommandOptions, type SelectFit, type SelectRequest } from '../commands/select.js';
import { settingLabel, type GridSetting } from '../commands/select-grid.js';
import { CancelledError, UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import { DEFAULT_QUEUE_NAME } from '../options/queue.js';
import { checkReachable, parseQueueUrl, type QueueTarget } from './connection.js';
import { runJobsOnQueue, type QueuedJob } from './run-jobs.js';
import { cancelStudy } from './study-queue.js';
import { decodeNumbers, type SelectJob, type SelectJobResult } from './select-job.js';

/** The Redis of `select --queue`, checked; a data argument read from standard input cannot travel to a worker. */
export function selectQueueTarget(options: SelectCommandOptions): QueueTarget {
  if (options.train === '-' || options.test === '-')
    throw new UsageError('select --queue cannot send standard input (-) to workers; give a file under their --data-root');
  return parseQueueUrl(options.queue!);
}

/** A data argument as a job carries it: a file as `./<path relative to this folder>`, a dataset key as it is. */
function jobArg(arg: string | undefined, option: string): string | undefined {
  if (arg === undefined || !existsSync(arg)) return arg;
  const rel = relative(process.cwd(), resolve(arg));
  if (rel === '..' || rel.startsWith(`..${sep}`) || resolve(rel) !== resolve(arg))
    throw new UsageError(
      `${option} ${arg}: select --queue sends data files as paths under the folder it runs in (workers read them under their --data-root); this one is outside it`,
    );
  return `./${rel.split(sep).join('/')}`;
}

/** The model's number of restarts for a setting (`ModelInstance.restarts`, e.g. `nInit`); 1 when the setting does not validate (its fit then fails on the worker as it would here). */
function restartsOf(registry: Registry, model: string, params: Record<string, unknown>): number {
  try {
    const validated = registry.validate(model, params, { coerce: true });
    return Math.max(1, registry.model(model).create(validated).restarts ?? 1);
  } catch {
    return 1;
  }
}

/** A setting's result on the queue: its row's numbers, or the one-line error of its fit. */
export interface QueuedSetting {
  readonly fit?: SelectFit;
  readonly error?: string;
}

/** What {@link runSelectOnQueue} needs: the command's options and what `prepareSelect` made of them here. */
export interface SelectQueueRun extends Pick<PreparedSelect, 'settings' | 'base' | 'data'> {
  readonly options: SelectCommandOptions;
  readonly target: QueueTarget;
  readonly registry: Registry;
  readonly io: CliIO;
}

/**
 * Fit a select run's settings on `latentkit worker`s: one job per setting and restart (`FitOptions.restart`; one per
 * setting for a model with one), each with the run's seed, so that a restart's child seed is the local run's
 * whichever worker runs it. Then, per setting, the restarts are taken in index order as `runWithRestarts` takes them
 * (`keepsRestart`): the first that failed gives the setting's error (the local fit stops there too); otherwise the
 * kept one gives the row, with the restarts' seconds summed. A job a worker rejected (unknown plugin, data outside
 * its root or not the same) stops select with the worker's reason.
 */
export async function runSelectOnQueue(run: SelectQueueRun): Promise<QueuedSetting[]> {
  const { options, target, registry, io } = run;
  await checkReachable(target);
  const request = Object.fromEntries(
    Object.keys(SELECT_REQUEST_FIELDS)
      .map((k) => [k, (options as unknown as Record<string, unknown>)[k]] as const)
      .filter(([, v]) => v !== undefined),
  ) as Record<string, unknown>;
  Object.assign(request, { train: jobArg(options.train, '<train-file>') }, options.test !== undefined && { test: jobArg(options.test, '--test') });
  if (request.vocab !== undefined) request.vocab = jobArg(request.vocab as string, '--vocab');
  const hash = `${dataHash(run.data.train)}${run.data.test ? `+${dataHash(run.data.test)}` : ''}`;
  const id = randomUUID();
  const jobs: QueuedJob<SelectJob>[] = run.settings.flatMap((setting, index) => {
    const n = restartsOf(registry, options.model, { ...run.base, ...setting });
    const slices: (RestartSlice | undefined)[] = n === 1 ? [undefined] : Array.from({ length: n }, (_, i) => ({ index: i, of: n }));
    return slices.map((restart) => ({
      jobId: `select.${id}.${index}.${restart?.index ?? 0}`,
      name: 'select',
      data: { kind: 'select', run: id, index, setting, ...(restart && { restart }), request: request as SelectRequest, dataHash: hash },
    }));
  });
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  io.stderr.write(
    `select: ${jobs.length} jobs (${run.settings.length} settings, one per restart) on ${target.shown} queue ${queueName}; waiting for workers\n`,
  );
  const results = new Map<string, SelectJobResult>();
  const { pending, removed } = await runJobsOnQueue(
    jobs,
    { target, queueName, signal: options.signal, log: (l) => io.stderr.write(`select: ${l}`) },
    async (job, outcome) => {
      const r = outcome.state === 'completed' ? (outcome.value as SelectJobResult | null) : { status: 'failed' as const, error: `queue: ${outcome.reason}` };
      results.set(
        job.jobId,
        r && typeof r === 'object' && 'status' in r ? decodeNumbers(r) : { status: 'failed', error: 'the worker returned no valid result' },
      );
    },
  );
  if (pending > 0) {
    // Nobody collects this run's results later (a rerun is a new run): take its jobs off the queue.
    const { running } = await cancelStudy(`select.${id}`, { target, queueName });
    throw new CancelledError(`cancelled; this run's jobs were removed from the queue${running ? ` (${running} running now finish on their workers)` : ''}`);
  }
  if (removed > 0) throw new UsageError(`${removed} select jobs were removed from the queue before they finished; run select again`);
  return run.settings.map((setting: GridSetting, index) => {
    const runs = jobs.filter((j) => j.data.index === index).map((j) => results.get(j.jobId)!);
    const rejected = runs.find((r) => r.status === 'rejected');
    if (rejected?.status === 'rejected') throw new UsageError(`a worker rejected the fit of ${options.model} ${settingLabel(setting)}: ${rejected.error}`);
    let best: Extract<SelectJobResult, { status: 'done' }> | undefined;
    let seconds = 0;
    for (const r of runs) {
      if (r.status !== 'done') return { error: r.error };
      seconds += r.fit.seconds;
      if (keepsRestart({ iterations: r.fit.iterations, objective: r.objective }, best && { iterations: best.fit.iterations, objective: best.objective }))
        best = r;
    }
    return { fit: { ...best!.fit, seconds } };
  });
}
