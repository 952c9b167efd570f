import { restoreRng, type HeldBlock, type RngState } from '@latentkit/core';
import type { SaemSampler } from '@latentkit/registry';
import type { DdeData } from '../dde-data.js';
import { layerWidths, type DdeState } from '../dde-state.js';
import type { DdeStats } from '../stats/dde-stats.js';
import { createStatsBuilder } from '../stats/stats-builder.js';
import { gibbsSweep } from './gibbs-sweep.js';
import { jacobiSweep } from './jacobi-sweep.js';

/** A row block of a DDE fit as a thread holds it: its rows of the data (`first` is the first row's index). */
export interface DdeBlock {
  readonly first: number;
  readonly data: DdeData;
}

/** What one simulation step sends every thread. */
export interface DdeSimulatePayload {
  readonly state: DdeState;
  /** The whole chain (per layer N × K_d); each block reads and redraws its own rows. */
  readonly latents: readonly Uint8Array[];
  /** The step's generator: block b draws from child b of `split(blocks)` of it. */
  readonly rng: RngState;
  readonly blocks: number;
  readonly sampler: SaemSampler;
  readonly samples: number;
}

/** One block's part of a simulation step: its rows of the new chain (per layer) and the statistics of its draws. */
export interface DdeBlockDraw {
  readonly latents: Uint8Array[];
  readonly stats: DdeStats;
}

/**
 * The simulation step of the SAEM on the blocks one thread holds: each block's rows swept by the chosen sampler from
 * the block's own generator (child `index` of the step's generator split by the block count), its draws' statistics
 * built over its rows only. A block's result does not depend on which thread ran it.
 */
export function ddeSimulateBlocks(payload: DdeSimulatePayload, blocks: readonly HeldBlock<DdeBlock>[]): DdeBlockDraw[] {
  const rngs = restoreRng(payload.rng).split(payload.blocks);
  const widths = layerWidths(payload.state);
  const sweep = payload.sampler === 'reference-jacobi' ? jacobiSweep : gibbsSweep;
  return blocks.map(({ index, data: { first, data } }) => {
    const latents = payload.latents.map((a, d) => a.slice(first * widths[d], (first + data.nRows) * widths[d]));
    const builder = createStatsBuilder(payload.state, data);
    const next = sweep(payload.state, { latents }, data, rngs[index], payload.samples, builder);
    return { latents: [...next.latents], stats: builder.finish() };
  });
}
