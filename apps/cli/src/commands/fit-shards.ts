import { shardServerOf, type InferencePlugin, type ModelPlugin } from '@latentkit/registry';
import { createContext } from '../context.js';
import { UsageError } from '../errors.js';
import { requireEngine, requireModelKey, type FitSummary } from '../fit-model.js';
import type { CliIO } from '../io.js';
import { checkOutFile } from '../out-path.js';
import { fitEngineParams } from '../options/engine-params.js';
import { parseSetOptions } from '../parse-options.js';
import { createStreamProgress } from '../progress.js';
import type { FitCommandOptions } from './fit.js';
import { fitStreamed } from './fit-stream.js';

/** Options of a sharded `fit`: `--queue` and `--shards` besides those of `fit`. */
export interface FitShardsOptions extends FitCommandOptions {
  readonly queue: string;
  readonly shards: readonly string[];
  /** `--shard-timeout <seconds>`: how long a pass waits for a shard no worker serves before the fit fails naming it. */
  readonly shardTimeout?: number;
}

/** Options of `fit` that read data on this machine, which a sharded fit does not. */
function refuse(options: FitShardsOptions): string | undefined {
  if (options.train !== '') return `--shards fits the rows the shard workers hold: leave out the data argument (${options.train})`;
  if (options.stream) return '--shards and --stream cannot be combined: a sharded fit is already read pass after pass, by its workers';
  if (options.test !== undefined) return '--shards fits only: leave out --test and score the test data with latentkit score';
  if (options.shards.length === 0) return '--shards: name at least one shard';
  const twice = options.shards.find((s, i) => options.shards.indexOf(s) !== i);
  if (twice !== undefined) return `--shards: shard '${twice}' is named twice`;
  return undefined;
}

/**
 * `latentkit fit <model> --queue URL --shards a,b,c`: a fit over rows held by shard workers (`latentkit worker --shard
 * a=<file>`), each pass a BullMQ flow with one child per shard (`openQueueShards`), the model's shard server answering on
 * the workers and its sharded terms reducing the answers in shard order (`mixture/gmm` EM, `topic/lda` batch VB). The
 * coordinator never holds the rows; a shard without a worker fails the fit after `--shard-timeout` seconds; the model
 * file is that of `fit`, with a `sharded` record (queue, and each shard's name, file and rows as its worker reported
 * them). Checkpoints are refused by `Model.fitStream` itself (a sharded source writes and resumes none).
 */
export async function fitShardsCommand(options: FitShardsOptions, io: CliIO): Promise<FitSummary> {
  const problem = refuse(options);
  if (problem) throw new UsageError(problem);
  const { checkReachable, parseQueueUrl } = await import('../queue/connection.js');
  const { checkShardName, openQueueShards } = await import('../queue/shards.js');
  options.shards.forEach((s) => checkShardName(s, '--shards'));
  const target = parseQueueUrl(options.queue);
  const ctx = await createContext(options, io);
  requireModelKey(ctx.registry, options.model);
  requireEngine(ctx.registry, options.model, options.engine);
  const model = ctx.registry.create(options.model, parseSetOptions(options.set), { coerce: true });
  const params = model.params as Record<string, unknown>;
  const instance = (ctx.registry.get(options.model) as ModelPlugin).create(params);
  const engine = options.engine ?? instance.preferredEngine ?? ctx.registry.compatible(options.model)[0];
  if (!shardServerOf(instance, ctx.registry.get(engine) as InferencePlugin))
    throw new UsageError(
      `${options.model} cannot be fitted over shards (--shards) by ${engine}: its streamed terms have no shard server; mixture/gmm (EM) and topic/lda (batch) have`,
    );
  const engineParams = fitEngineParams(ctx.registry, options.model, params, options.engine, options);
  if (options.out) await checkOutFile(options.out);
  await checkReachable(target);
  const source = await openQueueShards({
    target,
    shards: options.shards,
    model: options.model,
    params,
    engine,
    ...(options.shardTimeout !== undefined && { timeoutMs: options.shardTimeout * 1000 }),
    log: io.stderr,
  });
  try {
    const progress = createStreamProgress({ label: `${options.model} on shards ${options.shards.join(',')}`, stderr: io.stderr });
    const sharded = { queue: target.shown, shards: source.shardInfo.map(({ name, file, nRows }) => ({ name, file, rows: nRows })) };
    const what = `shards ${options.shards.join(',')} on ${target.shown}`;
    return await fitStreamed(
      model,
      source,
      { ...options, engineParams, save: { path: options.out ?? '', extra: { sharded } }, what, backend: ctx.backend.name },
      progress,
      io,
    );
  } finally {
    await source.close();
  }
}
