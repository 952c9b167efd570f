import { dataHash, type DenseDataset } from '@latentkit/core';
import type { ModelPlugin, Registry, ShardedSource } from '@latentkit/registry';
import { FlowProducer, Queue, QueueEvents, Worker, type FlowJob } from 'bullmq';
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { UsageError } from '../errors.js';
import type { Writer } from '../io.js';
import type { QueueTarget } from './connection.js';

/** The BullMQ queue of shard `name`: one queue per shard, so that only the workers holding that shard take its jobs. */
export const shardQueueName = (name: string): string => `latentkit-shard-${name}`;

/**
 * A shard name, checked: letters, digits, `_` and `-` (it becomes part of a queue name).
 * @throws UsageError naming the option and what was expected.
 */
export function checkShardName(name: string, option: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new UsageError(`${option}: shard name '${name}' must be letters, digits, '_' or '-'`);
  return name;
}

/** What a shard job asks: the shard's shape and data hash, or an answer of the model's {@link EmShardServer}. */
type ShardJobData =
  | { readonly op: 'describe' }
  | { readonly op: 'serve'; readonly model: string; readonly params: Record<string, unknown>; readonly request: unknown; readonly chained: boolean };

/** A shard job's return value: its answer, or why it has none (a worker never throws, so a pass always settles). */
type ShardAnswer = { readonly shard: string; readonly answer: unknown } | { readonly shard: string; readonly error: string };

/** The answer of `describe`. */
export interface ShardInfo {
  readonly name: string;
  readonly file: string;
  readonly nRows: number;
  readonly columns: readonly string[];
  readonly dataHash: string;
}

const oneLine = (e: unknown): string => String((e as Error)?.message ?? e).replace(/\s*[\r\n]+\s*/g, ' ');

/** Options of {@link runShardWorker}. */
export interface ShardWorkerOptions {
  readonly target: QueueTarget;
  readonly name: string;
  /** The shard's file, as recorded in the model file's provenance. */
  readonly file: string;
  /** The shard's rows, loaded once. */
  readonly rows: DenseDataset;
  /** The models whose shard terms this worker runs: a job naming any other is answered with an error. */
  readonly registry: Registry;
  readonly lockDuration?: number;
  readonly stalledInterval?: number;
  readonly signal?: AbortSignal;
  readonly log: Writer;
}

/**
 * Serve one shard on its queue ({@link shardQueueName}) until the signal fires: a `describe` job gets the shard's
 * shape and data hash; a `serve` job names a registered model and its parameters (validated by the registry) and a
 * plain-JSON request, answered by the model's `EmStreamTerms.shard` on this shard's rows (for a chained pass, with the
 * answer of the shard before it, this job's child in the flow). Errors are answers, so the coordinator's pass settles.
 */
export async function runShardWorker(options: ShardWorkerOptions): Promise<void> {
  const { name, rows, registry, log } = options;
  const queueName = shardQueueName(name);
  const hash = dataHash(rows);
  const me = `${hostname()}:${process.pid}`;
  const worker = new Worker<ShardJobData, ShardAnswer>(
    queueName,
    async (job) => {
      const data = job.data;
      try {
        if (data.op === 'describe') {
          const info: ShardInfo = { name, file: options.file, nRows: rows.nRows, columns: rows.columns, dataHash: hash };
          return { shard: name, answer: info };
        }
        if (data.op !== 'serve') throw new Error(`unknown shard job op ${JSON.stringify((data as { op?: unknown }).op)}`);
        let previous: unknown = null;
        if (data.chained) {
          const before = Object.values(await job.getChildrenValues<ShardAnswer>());
          if (before.length > 0) {
            if ('error' in before[0]) return before[0];
            previous = before[0].answer;
          }
        }
        const plugin = registry.get(data.model);
        if (plugin.kind !== 'model') throw new Error(`${data.model} is a${plugin.kind === 'inference' ? 'n' : ''} ${plugin.kind} plugin, not a model`);
        const instance = (plugin as ModelPlugin).create(registry.validate(data.model, data.params));
        const server = instance.terms.em?.stream?.shard;
        if (!server) throw new Error(`${data.model} cannot be fitted over shards (it has no sharded EM terms)`);
        const t0 = performance.now();
        const answer = await server.serve(rows, data.request, previous);
        log.write(`shard ${name}: ${(data.request as { op?: string })?.op ?? 'request'} (${((performance.now() - t0) / 1000).toFixed(2)} s)\n`);
        return { shard: name, answer };
      } catch (e) {
        log.write(`shard ${name}: ${oneLine(e)}\n`);
        return { shard: name, error: oneLine(e) };
      }
    },
    {
      connection: options.target.connection,
      concurrency: 1,
      ...(options.lockDuration !== undefined && { lockDuration: options.lockDuration }),
      ...(options.stalledInterval !== undefined && { stalledInterval: options.stalledInterval }),
      autorun: false,
    },
  );
  worker.on('error', (e) => log.write(`worker ${me}: ${oneLine(e)}\n`));
  const stop = () => void worker.close();
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();
  await worker.waitUntilReady();
  log.write(`worker ${me}: serving shard ${name} (${options.file}, ${rows.nRows} rows) on ${options.target.shown} queue ${queueName}\n`);
  try {
    await worker.run();
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await worker.close();
  }
}

/** A {@link ShardedSource} over BullMQ, with what its workers described and a `close` for its connections. */
export interface QueueShardedSource extends ShardedSource {
  readonly nRows: number;
  readonly shardInfo: readonly ShardInfo[];
  close(): Promise<void>;
}

/** Options of {@link openQueueShards}. */
export interface QueueShardsOptions {
  readonly target: QueueTarget;
  /** Shard names in shard order. */
  readonly shards: readonly string[];
  /** The model whose shard terms answer the passes, and its parameters (the workers validate them again). */
  readonly model: string;
  readonly params: Record<string, unknown>;
}

/**
 * The shards' rows as a {@link ShardedSource} whose passes are BullMQ flows: each pass is a parent job on a queue of
 * this fit, with one child per shard on that shard's queue (`all`), or the shards nested child in parent in shard order
 * so that each runs after the one before and reads its answer (`chain`). A small worker of this process takes the
 * parent once its children are done and hands back their answers. Shards without a worker are an error at once.
 */
export async function openQueueShards(options: QueueShardsOptions): Promise<QueueShardedSource> {
  const { connection, shown } = options.target;
  const shards = options.shards;
  for (const s of shards) {
    const queue = new Queue(shardQueueName(s), { connection });
    try {
      if ((await queue.getWorkersCount()) === 0)
        throw new UsageError(
          `--shards ${s}: no worker serves shard '${s}' on ${shown} (queue ${shardQueueName(s)}); start one with latentkit worker --queue ${shown} --shard ${s}=<file> --data-root <dir>`,
        );
    } finally {
      await queue.close();
    }
  }
  const run = randomUUID();
  const parentQueue = `latentkit-shard-fit-${run}`;
  const pending = new Map<string, { resolve: (v: ShardAnswer[]) => void; reject: (e: Error) => void }>();
  const flow = new FlowProducer({ connection });
  const events = new QueueEvents(parentQueue, { connection });
  events.on('failed', ({ jobId, failedReason }) => pending.get(jobId)?.reject(new Error(`sharded pass failed: ${failedReason.split('\n')[0]}`)));
  const collector = new Worker(
    parentQueue,
    async (job) => {
      pending.get(job.id!)?.resolve(Object.values(await job.getChildrenValues<ShardAnswer>()));
      return true;
    },
    { connection, concurrency: 1 },
  );
  await Promise.all([events.waitUntilReady(), collector.waitUntilReady()]);
  let seq = 0;
  const childOpts = (id: string, s: string) => ({ jobId: `${id}.${s}`, removeOnComplete: true, removeOnFail: true, failParentOnFailure: true });

  async function pass(children: (id: string) => FlowJob[]): Promise<ShardAnswer[]> {
    const id = `${run}.${seq++}`;
    const done = new Promise<ShardAnswer[]>((resolve, reject) => pending.set(id, { resolve, reject }));
    try {
      await flow.add({
        name: 'pass',
        queueName: parentQueue,
        data: {},
        opts: { jobId: id, removeOnComplete: true, removeOnFail: true },
        children: children(id),
      });
      return await done;
    } finally {
      pending.delete(id);
    }
  }

  const answerOf = (a: ShardAnswer): unknown => {
    if ('error' in a) throw new Error(`shard ${a.shard}: ${a.error}`);
    return a.answer;
  };
  const inShardOrder = (answers: readonly ShardAnswer[]): unknown[] =>
    shards.map((s) => {
      const a = answers.find((x) => x.shard === s);
      if (!a) throw new Error(`shard ${s}: no answer (a worker of another shard took its queue?)`);
      return answerOf(a);
    });
  const all = (data: ShardJobData): Promise<unknown[]> =>
    pass((id) => shards.map((s) => ({ name: data.op, queueName: shardQueueName(s), data, opts: childOpts(id, s) }))).then(inShardOrder);

  const close = async () => {
    for (const p of pending.values()) p.reject(new Error('the sharded fit was closed'));
    await Promise.all([collector.close(), events.close(), flow.close()]);
    const q = new Queue(parentQueue, { connection });
    await q.obliterate({ force: true }).catch(() => {});
    await q.close();
  };

  try {
    const shardInfo = (await all({ op: 'describe' })) as ShardInfo[];
    const columns = shardInfo[0].columns;
    for (const info of shardInfo) {
      if (info.columns.length !== columns.length || info.columns.some((c, j) => c !== columns[j]))
        throw new UsageError(
          `--shards ${info.name}: ${info.file} has columns ${info.columns.join(',')}, but ${shardInfo[0].name} (${shardInfo[0].file}) has ${columns.join(',')}`,
        );
    }
    const serve = (request: unknown, chained: boolean): ShardJobData => ({ op: 'serve', model: options.model, params: options.params, request, chained });
    return {
      source: `shards ${shards.join(',')} on ${shown}`,
      nCols: columns.length,
      columns,
      blockRows: 8192,
      nRows: shardInfo.reduce((n, s) => n + s.nRows, 0),
      blocks: () => {
        throw new Error(`the rows of shards ${shards.join(',')} stay on their workers; only models with sharded EM terms (mixture/gmm) fit them`);
      },
      passes: {
        shards,
        all: (request) => all(serve(request, false)),
        chain: async (request) => {
          const data = serve(request, true);
          const node = (i: number, id: string): FlowJob => ({
            name: 'serve',
            queueName: shardQueueName(shards[i]),
            data,
            opts: childOpts(id, shards[i]),
            ...(i > 0 && { children: [node(i - 1, id)] }),
          });
          const [last] = await pass((id) => [node(shards.length - 1, id)]);
          return answerOf(last);
        },
      },
      dataHash: async () =>
        `sha256:${createHash('sha256')
          .update(JSON.stringify(shardInfo.map((s) => [s.name, s.dataHash])))
          .digest('hex')}`,
      shardInfo,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
