import type { Rng } from '@latentkit/core';
import type { SaemSimulation } from '@latentkit/registry';
import type { DdeData } from '../dde-data.js';
import type { DdeState } from '../dde-state.js';
import type { DdeStats } from '../stats/dde-stats.js';
import { createStatsBuilder } from '../stats/stats-builder.js';
import type { DdeChain } from './dde-chain.js';
import { gibbsSweep } from './gibbs-sweep.js';
import { jacobiSweep } from './jacobi-sweep.js';

/**
 * The SAEM simulation step of a DDE: C = `samples` draws of the latents given `state` by the chosen sampler
 * ({@link gibbsSweep} or {@link jacobiSweep}), their complete-data statistics averaged over the draws, and the
 * chain to continue from.
 */
export function simulateDde(state: DdeState, chain: DdeChain, data: DdeData, rng: Rng, simulation: SaemSimulation): { chain: DdeChain; stats: DdeStats } {
  const builder = createStatsBuilder(state, data);
  const sweep = simulation.sampler === 'reference-jacobi' ? jacobiSweep : gibbsSweep;
  const next = sweep(state, chain, data, rng, simulation.samples, builder);
  return { chain: next, stats: builder.finish() };
}
