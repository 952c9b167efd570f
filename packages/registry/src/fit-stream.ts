import type { DenseDataset, RowSource } from '@latentkit/core';
import { isShardedSource, type FitOptions, type InferencePlugin, type ModelInstance, type ModelPlugin, type ShardServer } from './contract.js';

/**
 * Why `key` cannot be fitted to streamed rows by `engineKey`, in one line, or undefined when it can: the engine must
 * have `fitStream`, every terms object it requires must declare `stream`, the model must take dense rows (or counts,
 * which a model also reads from dense rows of non-negative integers) and have no data-dependent defaults
 * (`resolveParams` reads the data in memory).
 */
export function streamProblem(
  key: string,
  plugin: ModelPlugin,
  instance: ModelInstance<unknown>,
  engineKey: string,
  engine: InferencePlugin,
): string | undefined {
  const why = (reason: string) => `${key} cannot be fitted to streamed data (--stream): ${reason}; fit it in memory`;
  if (plugin.data.kind !== 'dense' && plugin.data.kind !== 'counts') return why(`it reads ${plugin.data.kind}, and streamed sources give dense rows`);
  if (plugin.resolveParams) return why('its defaults depend on the data in memory');
  if (!engine.fitStream) return why(`its engine ${engineKey} does not stream`);
  const terms = instance.terms as Record<string, { stream?: unknown } | undefined>;
  const lacking = engine.requires.filter((t) => !terms[t]?.stream);
  if (lacking.length) return why(`with these settings it has no streamed ${lacking.join(', ')} terms`);
  return undefined;
}

/** The data's shape as a fitted model records it (`FitInfo.data`), for a source after its passes; no values. */
export function streamedShape(source: RowSource): DenseDataset {
  return { kind: 'dense', nRows: source.nRows ?? 0, nCols: source.nCols, values: new Float64Array(0), columns: source.columns, source: source.source };
}

/**
 * The server that answers a sharded fit's passes for `instance` fitted by `engine`: the `shard` of the streamed terms
 * the engine requires (`EmStreamTerms.shard` for `inference/em`, `CaviStreamTerms.shard` for `inference/cavi`), or
 * undefined when the model cannot be fitted over shards with these settings.
 * @example
 * ```ts
 * const server = shardServerOf(plugin.create(params), registry.get('inference/em') as InferencePlugin);
 * const answer = await server?.serve(rows, request, null, { index: 0, name: 'a' });
 * ```
 */
export function shardServerOf(instance: ModelInstance<unknown>, engine: Pick<InferencePlugin, 'requires'>): ShardServer | undefined {
  const terms = instance.terms as Record<string, { stream?: { shard?: ShardServer } } | undefined>;
  return engine.requires.map((t) => terms[t]?.stream?.shard).find((s) => s !== undefined);
}

/**
 * Why a fit of `key` by `engineKey` on `source` cannot run, in one line, when `source` is a sharded source: its
 * engine's streamed terms must have a shard server, and a sharded fit writes and resumes no checkpoints (its state
 * would name shards and workers that may be gone), so `checkpoint` and `resumeFrom` are refused naming the option.
 */
export function shardedFitProblem(
  key: string,
  instance: ModelInstance<unknown>,
  engineKey: string,
  engine: InferencePlugin,
  source: RowSource,
  options: Pick<FitOptions, 'checkpoint' | 'resumeFrom'>,
): string | undefined {
  if (!isShardedSource(source)) return undefined;
  if (options.checkpoint) return `checkpoint: a sharded fit (${source.source}) does not write checkpoints; fit without checkpoint`;
  if (options.resumeFrom !== undefined) return `resumeFrom: a sharded fit (${source.source}) does not resume checkpoints; fit without resumeFrom`;
  if (!shardServerOf(instance, engine))
    return `${key} cannot be fitted over shards by ${engineKey}: with these settings its streamed terms have no shard server`;
  return undefined;
}
