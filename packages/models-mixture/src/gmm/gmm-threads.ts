import { openBlockPool, type BlockPool } from '@latentkit/core';
import type { EmStepResult, PrepareContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { planEStep } from './gmm-block-estep.js';
import type { GmmData } from './gmm-data.js';
import { mixtureEStep, reduceBlocks, withMissingRows, type BlockSums, type MixtureEStep } from './gmm-estep.js';
import { GMM_KERNELS } from './gmm-kernel-module.js';
import type { GmmBlock } from './gmm-kernels.js';
import { refineInFloat64 } from './gmm-refine.js';
import { logWeightsOf, type GaussianComponents, type GmmState } from './gmm-state.js';
import type { GmmStats } from './gmm-stats.js';

/** GMM data of one fit whose row blocks may live on worker threads (`pool`; then `blocks` and `blocksT` are empty). */
export interface ThreadedGmmData extends GmmData {
  readonly pool: BlockPool | null;
}

/**
 * Complete rows up to which the E-step runs in the calling thread whatever `threads` says: starting a pool's workers
 * (each with its own backend) costs more than the E-steps of so few rows. 8192, the rows of one E-step block when
 * `ROW_BLOCK` was 8192 (until 2026-12), so the blocks of 1024 rows did not change which fits use threads.
 */
export const MIN_THREADED_ROWS = 8192;

/**
 * Hand the row blocks of `data` to a block pool of `context.threads` threads (none with one thread, or with at most
 * {@link MIN_THREADED_ROWS} complete rows):
 * each block goes to one worker once per fit, as plain arrays (transferred) with its float64 rows, and the calling
 * thread's copies of the block tensors are freed. Restarts share the pool; {@link releaseThreads} closes it.
 */
export function withThreads(data: GmmData, context?: PrepareContext): ThreadedGmmData {
  const threads = context?.threads ?? 1;
  if (threads <= 1 || data.nComplete <= MIN_THREADED_ROWS) return { ...data, pool: null };
  const blocks = blockArrays(data);
  const pool = openBlockPool({ threads, blocks, transfer: true, ...(context?.signal ? { signal: context.signal } : {}) });
  tf.dispose([...data.blocks, ...data.blocksT]);
  return { ...data, blocks: [], blocksT: [], pool };
}

/** Close the pool of {@link withThreads}, if any (terminating its workers). */
export async function releaseThreads(data: ThreadedGmmData): Promise<void> {
  await data.pool?.close();
}

/** The blocks of `data` as the pool threads hold them (`GmmBlock`). */
function blockArrays(data: GmmData): GmmBlock[] {
  const { d, values, completeRows } = data;
  let start = 0;
  return data.blocks.map((xOne, blk) => {
    const rows = xOne.shape[0];
    const own = new Float64Array(rows * d);
    for (let r = 0; r < rows; r++) {
      const i = completeRows ? completeRows[start + r] : start + r;
      own.set(values.subarray(i * d, (i + 1) * d), r * d);
    }
    start += rows;
    return { rows, d, xOne: Float32Array.from(xOne.dataSync()), xOneT: Float32Array.from(data.blocksT[blk].dataSync()), values: own };
  });
}

/**
 * `mixtureEStep` with the blocks on the pool's threads: the plan goes out once per thread, the block sums come back
 * in block order and are reduced exactly as `mixtureEStep` reduces its own, and the responsibilities are fetched only
 * when degenerate components are recomputed in float64, so the result has the same bits for any number of threads.
 * Without a pool it is `mixtureEStep` itself. Nothing tensor-valued lives across its awaits.
 */
export function threadedEStep(
  state: GaussianComponents,
  data: ThreadedGmmData,
  logWeights: Float64Array,
  opts: { entropy?: boolean } = {},
): MixtureEStep | Promise<MixtureEStep> {
  const pool = data.pool;
  if (!pool || data.nComplete === 0) return mixtureEStep(state, data, logWeights, opts);
  const { plan, frame } = planEStep(state, data.center, logWeights, opts);
  return (async () => {
    const reduced = reduceBlocks(plan, frame, await pool.run<BlockSums>(GMM_KERNELS, 'eStepBlocks', plan));
    if (reduced.degenerate.length > 0) {
      const parts = await pool.run<Float32Array>(GMM_KERNELS, 'blockResponsibilities', null);
      reduced.stats = refineInFloat64(reduced.stats, reduced.degenerate, concat(parts), data.values, data.completeRows);
    }
    return withMissingRows(state, data, logWeights, opts, reduced);
  })();
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `f(value)`, or a promise of it when `value` is a promise. */
export function andThen<T, U>(value: T | Promise<T>, f: (v: T) => U): U | Promise<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/** E-step of `mixture/gmm` (`gmmEStep`), on the pool's threads when the data has one. */
export function threadedGmmEStep(state: GmmState, data: ThreadedGmmData): EmStepResult<GmmStats> | Promise<EmStepResult<GmmStats>> {
  return andThen(threadedEStep(state, data, logWeightsOf(state)), ({ stats, objective }) => ({ stats, objective }));
}
