import type { Dataset } from '@latentkit/core';
import type { ShardedSource, ShardServer } from '@latentkit/registry';

/** JSON in and out, as through a queue: what a request or answer that is not plain JSON would lose shows up. */
const viaJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/**
 * A {@link ShardedSource} whose shards are `parts` (in shard order, all with the same columns), each answered in this
 * process by `server` with every request and answer passed through `JSON.stringify`/`JSON.parse`: what a queue of shard
 * workers does, without the queue, to test a model's shard server against its in-memory fit.
 * @param parts The shards' rows (dense rows or counts), in shard order.
 * @param server The model's shard server (e.g. `EmStreamTerms.shard`).
 * @param blockRows The source's block size as a model's checks read it.
 * @example
 * ```ts
 * const source = inProcessShards([rowsA, rowsB], gmmShardServer);
 * const fitted = await registry.create('mixture/gmm', { nComponents: 3 }).fitStream(source, { seed: 3 });
 * ```
 */
export function inProcessShards(parts: readonly Dataset[], server: ShardServer, blockRows = 8192): ShardedSource {
  const names = parts.map((_, i) => `s${i}`);
  const first = parts[0];
  const columns = first.kind === 'dense' ? first.columns : (first.vocabulary ?? Array.from({ length: first.nCols }, (_, j) => `x${j + 1}`));
  const serve = async (i: number, request: unknown, previous: unknown): Promise<unknown> =>
    viaJson(await server.serve(parts[i], viaJson(request), previous, { index: i, name: names[i] }));
  return {
    source: `${parts.length} shards`,
    nCols: first.nCols,
    columns,
    blockRows,
    nRows: parts.reduce((n, p) => n + p.nRows, 0),
    blocks: () => {
      throw new Error('the rows stay on the shards');
    },
    passes: {
      shards: names,
      all: async (request) => {
        const answers: unknown[] = [];
        for (let i = 0; i < parts.length; i++) answers.push(await serve(i, request, null));
        return answers;
      },
      chain: async (request) => {
        let previous: unknown = null;
        for (let i = 0; i < parts.length; i++) previous = await serve(i, request, previous);
        return previous;
      },
    },
    dataHash: async () => 'sha256:shards',
  };
}
