import { openBlockPool, type BlockPool, type HeldBlock, type Rng } from '@latentkit/core';
import type { PrepareContext, SaemSimulation } from '@latentkit/registry';
import type { DdeData } from '../dde-data.js';
import type { DdeState } from '../dde-state.js';
import { sumStats } from '../stats/average-stats.js';
import type { DdeStats } from '../stats/dde-stats.js';
import type { DdeChain } from './dde-chain.js';
import { DDE_KERNELS } from './dde-kernel-module.js';
import { ddeSimulateBlocks, type DdeBlock, type DdeBlockDraw, type DdeSimulatePayload } from './dde-kernels.js';

/** Rows per block of the simulation step: fixed, so the blocks, their generators and the fit do not depend on the thread count. */
export const DDE_ROW_BLOCK = 512;

/**
 * Rows a worker thread should have before a fit uses it: data with fewer than T × this many rows runs on fewer
 * threads (below 2 × this, in the calling thread), where starting workers would cost more than they save.
 */
export const DDE_MIN_ROWS_PER_THREAD = 8192;

/** The rows of `data` cut into blocks of `rows` rows (copies), in row order. */
export function cutDdeBlocks(data: DdeData, rows = DDE_ROW_BLOCK): DdeBlock[] {
  const out: DdeBlock[] = [];
  const J = data.nCols;
  for (let first = 0; first < data.nRows; first += rows) {
    const nRows = Math.min(rows, data.nRows - first);
    out.push({ first, data: { ...data, nRows, values: data.values.slice(first * J, (first + nRows) * J) } });
  }
  return out;
}

/** The threads `nRows` rows get out of `threads`: at least `minRows` ({@link DDE_MIN_ROWS_PER_THREAD}) rows each. */
export function ddeThreads(threads: number, nRows: number, minRows = DDE_MIN_ROWS_PER_THREAD): number {
  return Math.max(1, Math.min(threads, Math.floor(nRows / minRows)));
}

/** The row blocks of a DDE fit for its simulation steps: on a pool's threads, or held here when one thread suffices. */
export interface DdeSampling {
  readonly nRows: number;
  readonly blocks: number;
  /** The blocks, when the calling thread holds them (`pool` null). */
  readonly local: readonly HeldBlock<DdeBlock>[];
  readonly pool: BlockPool | null;
}

/**
 * Cut `data` into fixed blocks and, when the rows warrant several threads ({@link ddeThreads} of `context.threads`,
 * at least `minRows` rows each), hand them to a block pool (closed by {@link closeDdeSampling}).
 */
export function openDdeSampling(data: DdeData, context?: PrepareContext, minRows = DDE_MIN_ROWS_PER_THREAD): DdeSampling {
  const blocks = cutDdeBlocks(data);
  const threads = ddeThreads(context?.threads ?? 1, data.nRows, minRows);
  if (threads <= 1) return { nRows: data.nRows, blocks: blocks.length, local: blocks.map((b, index) => ({ index, data: b, cache: new Map() })), pool: null };
  const pool = openBlockPool({ threads, blocks, transfer: true, ...(context?.signal ? { signal: context.signal } : {}) });
  return { nRows: data.nRows, blocks: blocks.length, local: [], pool };
}

/** Terminate the threads of {@link openDdeSampling}, if any. */
export async function closeDdeSampling(sampling: DdeSampling): Promise<void> {
  await sampling.pool?.close();
}

/**
 * The SAEM simulation step by blocks: every block redraws its rows of `chain` from its own child of `rng` (split by the
 * block count), on whichever thread holds it; the blocks' chains are joined and their statistics added in block
 * order ({@link sumStats}), so the result has the same bits for any number of threads. Synchronous without a pool.
 */
export function simulateBlocks(
  sampling: DdeSampling,
  state: DdeState,
  chain: DdeChain,
  rng: Rng,
  simulation: SaemSimulation,
): { chain: DdeChain; stats: DdeStats } | Promise<{ chain: DdeChain; stats: DdeStats }> {
  const payload: DdeSimulatePayload = {
    state,
    latents: chain.latents,
    rng: rng.state(),
    blocks: sampling.blocks,
    sampler: simulation.sampler,
    samples: simulation.samples,
  };
  const join = (draws: readonly DdeBlockDraw[]) => ({
    chain: {
      latents: chain.latents.map((a, d) =>
        concat(
          a.length,
          draws.map((b) => b.latents[d]),
        ),
      ),
    },
    stats: sumStats(draws.map((b) => b.stats)),
  });
  const pool = sampling.pool;
  return pool ? pool.run<DdeBlockDraw>(DDE_KERNELS, 'ddeSimulateBlocks', payload).then(join) : join(ddeSimulateBlocks(payload, sampling.local));
}

function concat(length: number, parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
