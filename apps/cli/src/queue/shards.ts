import { dataHash, type Dataset } from '@latentkit/core';
import { shardServerOf, type InferencePlugin, type ModelPlugin, type Registry, type ShardedSource } from '@latentkit/registry';
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

/**
 * What a shard job asks: the shard's shape and data hash, or an answer of the shard server of the model's terms for
 * the engine (`ShardServer`), as shard `index` of the fit.
 */
type ShardJobData =
  | { readonly op: 'describe' }
  | {
      readonly op: 'serve';
      readonly model: string;
      readonly params: Record<string, unknown>;
      readonly engine: string;
      readonly index: number;
      readonly request: unknown;
      readonly chained: boolean;
    };

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
  /** The shard's rows (dense rows or counts), loaded once. */
  readonly rows: Dataset;
  /** The models whose shard terms this worker runs: a job naming any other is answered with an error. */
  readonly registry: Registry;
  readonly lockDuration?: number;
  readonly stalledInterval?: number;
  readonly signal?: AbortSignal;
  readonly log: Writer;
}

/**
 * Serve one shard on its queue ({@link shardQueueName}) until the signal fires: a `describe` job gets the shard's
 * shape and data hash; a `serve` job names a registered model and its parameters (validated by the registry), an
 * engine and a plain-JSON request, answered by the shard server of the model's streamed terms for that engine
 * (`shardServerOf`: `EmStreamTerms.shard`, `CaviStreamTerms.shard`) on this shard's rows (for a chained pass, with the
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
          const columns = rows.kind === 'dense' ? rows.columns : (rows.vocabulary ?? Array.from({ length: rows.nCols }, (_, j) => `x${j + 1}`));
          const info: ShardInfo = { name, file: options.file, nRows: rows.nRows, columns, dataHash: hash };
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
        const engine = registry.get(data.engine);
        if (engine.kind !== 'inference') throw new Error(`${data.engine} is not an inference engine`);
        const server = shardServerOf(instance, engine as InferencePlugin);
        if (!server) throw new Error(`${data.model} cannot be fitted over shards by ${data.engine} (its streamed terms have no shard server)`);
        const t0 = performance.now();
        const answer = await server.serve(rows, data.request, previous, { index: data.index, name });
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
  /** The model whose shard terms answer the passes, its parameters (the workers validate them again) and its engine. */
  readonly model: string;
  readonly params: Record<string, unknown>;
  readonly engine: string;
  /**
   * How long a pass waits for a shard that no worker serves (none now, or its worker died) before it fails naming the
   * shard, in milliseconds (default {@link DEFAULT_SHARD_TIMEOUT_MS}); a worker that comes in time takes the shard's job.
   */
  readonly timeoutMs?: number;
  /** Where to say that a pass waits for a shard's worker (one line per shard and wait). */
  readonly log?: Writer;
}

/** How long a sharded fit waits for a shard without a worker, by default: 60 s. */
export const DEFAULT_SHARD_TIMEOUT_MS = 60_000;

/**
 * The shards' rows as a {@link ShardedSource} whose passes are BullMQ flows: each pass is a parent job on a queue of
 * this fit, with one child per shard on that shard's queue (`all`), or the shards nested child in parent in shard order
 * so that each runs after the one before and reads its answer (`chain`). A small worker of this process takes the
 * parent once its children are done and hands back their answers. While a pass runs, the shards' queues are watched:
 * a shard that has had no worker for `timeoutMs` fails the pass (and the fit) with one line naming it.
 */
export async function openQueueShards(options: QueueShardsOptions): Promise<QueueShardedSource> {
  const { connection, shown } = options.target;
  const shards = options.shards;
  const timeoutMs = options.timeoutMs ?? DEFAULT_SHARD_TIMEOUT_MS;
  const shardQueues = shards.map((s) => new Queue(shardQueueName(s), { connection }));
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

  /**
   * Watch the shards' queues until `done` settles: the first shard that has had no worker for `timeoutMs` rejects with
   * one line naming it (its job of this pass is removed, so that a worker started later does not take it).
   */
  function watchWorkers(id: string, reject: (e: Error) => void): () => void {
    const since = new Map<number, number>();
    let stopped = false;
    const every = Math.max(50, Math.min(1000, timeoutMs / 4));
    const look = async () => {
      if (stopped) return;
      for (let i = 0; i < shards.length && !stopped; i++) {
        const workers = await shardQueues[i].getWorkersCount().catch(() => 1);
        if (workers > 0) {
          since.delete(i);
          continue;
        }
        const now = performance.now();
        if (!since.has(i)) {
          since.set(i, now);
          options.log?.write(`shard ${shards[i]}: no worker serves it on ${shown}; waiting up to ${timeoutMs / 1000} s (--shard-timeout)\n`);
        }
        if (now - since.get(i)! >= timeoutMs) {
          stopped = true;
          await shardQueues[i].remove(`${id}.${shards[i]}`, { removeChildren: true }).catch(() => 0);
          reject(
            new UsageError(
              `--shards ${shards[i]}: no worker served shard '${shards[i]}' on ${shown} (queue ${shardQueueName(shards[i])}) for ${timeoutMs / 1000} s (--shard-timeout); start one with latentkit worker --queue ${shown} --shard ${shards[i]}=<file> --data-root <dir>`,
            ),
          );
          return;
        }
      }
      if (!stopped) timer = setTimeout(() => void look(), every);
    };
    let timer = setTimeout(() => void look(), 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  async function pass(children: (id: string) => FlowJob[]): Promise<ShardAnswer[]> {
    const id = `${run}.${seq++}`;
    let unwatch = () => {};
    const done = new Promise<ShardAnswer[]>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      unwatch = watchWorkers(id, reject);
    });
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
      unwatch();
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
  const all = (data: (index: number) => ShardJobData): Promise<unknown[]> =>
    pass((id) => shards.map((s, i) => ({ name: data(i).op, queueName: shardQueueName(s), data: data(i), opts: childOpts(id, s) }))).then(inShardOrder);

  const close = async () => {
    for (const p of pending.values()) p.reject(new Error('the sharded fit was closed'));
    await Promise.all([collector.close(), events.close(), flow.close(), ...shardQueues.map((q) => q.close())]);
    const q = new Queue(parentQueue, { connection });
    await q.obliterate({ force: true }).catch(() => {});
    await q.close();
  };

  try {
    const shardInfo = (await all(() => ({ op: 'describe' }))) as ShardInfo[];
    const columns = shardInfo[0].columns;
    for (const info of shardInfo) {
      if (info.columns.length !== columns.length || info.columns.some((c, j) => c !== columns[j]))
        throw new UsageError(
          `--shards ${info.name}: ${info.file} has columns ${info.columns.join(',')}, but ${shardInfo[0].name} (${shardInfo[0].file}) has ${columns.join(',')}`,
        );
    }
    const serve =
      (request: unknown, chained: boolean) =>
      (index: number): ShardJobData => ({ op: 'serve', model: options.model, params: options.params, engine: options.engine, index, request, chained });
    return {
      source: `shards ${shards.join(',')} on ${shown}`,
      nCols: columns.length,
      columns,
      blockRows: 8192,
      nRows: shardInfo.reduce((n, s) => n + s.nRows, 0),
      blocks: () => {
        throw new Error(
          `the rows of shards ${shards.join(',')} stay on their workers; only models whose terms have a shard server (mixture/gmm, topic/lda batch) fit them`,
        );
      },
      passes: {
        shards,
        all: (request) => all(serve(request, false)),
        chain: async (request) => {
          const data = serve(request, true);
          const node = (i: number, id: string): FlowJob => ({
            name: 'serve',
            queueName: shardQueueName(shards[i]),
            data: data(i),
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
