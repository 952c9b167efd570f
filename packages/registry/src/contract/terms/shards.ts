import type { Dataset, RowSource } from '@latentkit/core';

/** Where the shard a {@link ShardServer} answers for stands in its fit: its index in shard order and its name. */
export interface ShardPlace {
  /** The shard's position in shard order, from 0. */
  readonly index: number;
  /** The shard's name (`--shards a,b,c`). */
  readonly name: string;
}

/**
 * What answers the requests of a sharded fit on a worker that holds one shard of the rows (loaded once, dense rows or
 * counts): plain JSON in, plain JSON out, no code. `previous` is the answer of the shard before this one for a
 * {@link ShardPasses.chain} request (null for the first shard and for {@link ShardPasses.all}); `place` says which
 * shard of the fit this is (a request may carry a value per shard, e.g. each shard's first row). A request that is
 * not well-formed is an error of one line. A long answer should yield to the event loop now and then (return a
 * promise), so that the worker's queue can renew its job's lock.
 */
export interface ShardServer {
  /** The answer of this shard's `rows` to one request of a pass, given the previous shard's answer in a chain. */
  serve(rows: Dataset, request: unknown, previous: unknown, place: ShardPlace): unknown | Promise<unknown>;
}

/** The sharded-EM name of {@link ShardServer}, kept for the code written against it (the server is not EM's only). */
export type EmShardServer = ShardServer;

/**
 * How the passes of a sharded fit reach its shards, in shard order (the order the shards were named in): `all` sends
 * one request to every shard at once and gives their answers in shard order; `chain` sends it to the shards one after
 * the other, each with the answer of the one before (a pass whose float64 sums must run row after row over all rows),
 * and gives the last answer.
 */
export interface ShardPasses {
  /** The shards' names in shard order (as named, e.g. `--shards a,b,c`). */
  readonly shards: readonly string[];
  /** Send `request` to every shard at once; their answers in shard order. */
  all(request: unknown): Promise<unknown[]>;
  /** Send `request` to the shards one after the other, each with the answer of the one before; the last answer. */
  chain(request: unknown): Promise<unknown>;
}

/**
 * A {@link RowSource} whose rows stay on the workers that hold its shards: `blocks()` throws, and a model that fits it
 * reads {@link ShardedSource.passes} through the `shard` server of its engine's streamed terms instead
 * (`EmStreamTerms.shard`, `CaviStreamTerms.shard`). `nRows` is the sum of the shards'. A sharded fit writes and resumes
 * no checkpoints: `Model.fitStream` refuses `checkpoint` and `resumeFrom` with one.
 */
export interface ShardedSource extends RowSource {
  /** How the model's passes reach the shards: requests to all at once or along the chain, answered by its `shard` server. */
  readonly passes: ShardPasses;
  /** The provenance's data hash: a hash of the shards' own data hashes in shard order (not that of the concatenated rows). */
  dataHash(): Promise<string>;
}

/** Whether `source` is a {@link ShardedSource}. */
export const isShardedSource = (source: RowSource): source is ShardedSource => 'passes' in source;
