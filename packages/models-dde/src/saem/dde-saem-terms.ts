import type { Dataset, Rng } from '@latentkit/core';
import type { PrepareContext, SaemSampler, SaemTerms } from '@latentkit/registry';
import type { DdeData } from '../dde-data.js';
import type { DdeParams } from '../dde-params.js';
import type { DdeState } from '../dde-state.js';
import { initialDde, prepareDdeFit, type DdePrepared } from '../fit/prepare-fit.js';
import { maximiseDde } from '../mstep/dde-mstep.js';
import type { DdeChain } from '../sampling/dde-chain.js';
import { gibbsSweep } from '../sampling/gibbs-sweep.js';
import { closeDdeSampling, openDdeSampling, simulateBlocks, type DdeSampling } from '../sampling/dde-threads.js';
import { averageStats } from '../stats/average-stats.js';
import type { DdeStats } from '../stats/dde-stats.js';
import { referenceChange, rmsChange } from './dde-change.js';

/**
 * Gibbs sweeps run by `init` at the initial parameters before the first simulation step (with `sampler: 'gibbs'`;
 * the reference sampler starts from the initial Â as the reference code does). With γ_1 = 1 the first draw's
 * statistics weigh fully in the first M-step and 1/t afterwards, so a first draw far from the posterior (e.g. the
 * top layer drawn given an ancestral Â that ignores X) can flatten B^(2) for many iterations.
 */
export const INIT_BURN_IN_SWEEPS = 5;

/** What the SAEM of a DDE prepares: {@link DdePrepared} and the row blocks of its simulation steps. */
export interface DdeSaemPrepared extends DdePrepared {
  readonly sampling: DdeSampling;
}

/**
 * The SAEM terms of `dde/dde` (ALGORITHMS.md §2.4, with §2.9):
 * - `prepare`: `prepareDdeFit` (checked data, widths, by the spectral gap for `layers: 'auto'`, penalties);
 * - `init`: `initialDde` (spectral or random), then {@link INIT_BURN_IN_SWEEPS} Gibbs sweeps of the chain;
 * - `prepare` also cuts the rows into fixed blocks of `DDE_ROW_BLOCK` (on a block pool when `context.threads` and the
 *   rows warrant it; `release` closes it);
 * - `simulate`: Gibbs (default) or the reference's synchronous sweep, C draws averaged, block by block, each block
 *   from its own child of the step's generator, the blocks' statistics added in block order (`simulateBlocks`), so
 *   1, 2 or 8 threads draw the same chain;
 * - `average`: (1 − γ)·s + γ·s̃ on the statistics (`averageStats`);
 * - `maximise`: the TLP-penalised box-constrained M-step with hard thresholding (`maximiseDde`); its objective is
 *   the penalised complete-data log-likelihood per row (higher is better);
 * - `change`: with Gibbs the RMS change per parameter ({@link rmsChange}); with the reference sampler
 *   ‖Δθ‖_F / K_D between the new unthresholded and the previous thresholded coefficients ({@link referenceChange}).
 */
export function ddeSaemTerms(params: DdeParams): SaemTerms<DdeState, DdeSaemPrepared, DdeChain, DdeStats> {
  const unthresholded = new WeakMap<DdeState, readonly (readonly (readonly number[])[])[]>();
  let sampler: SaemSampler = params.sampler;
  const burnIn = (state: DdeState, chain: DdeChain, data: DdeData, rng: Rng): DdeChain => {
    if (params.sampler !== 'gibbs') return chain;
    for (let b = 0; b < INIT_BURN_IN_SWEEPS; b++) chain = gibbsSweep(state, chain, data, rng);
    return chain;
  };
  return {
    prepare(dataset: Dataset, context?: PrepareContext): DdeSaemPrepared {
      const prepared = prepareDdeFit(dataset, params);
      return { ...prepared, sampling: openDdeSampling(prepared.data, context) };
    },
    release: (prepared) => closeDdeSampling(prepared.sampling),
    init(prepared, rng) {
      const { state, latents } = initialDde(prepared, params, rng);
      return { state, chain: burnIn(state, { latents }, prepared.data, rng) };
    },
    simulate(state, chain, prepared, rng, simulation) {
      sampler = simulation.sampler;
      return simulateBlocks(prepared.sampling, state, chain, rng, simulation);
    },
    average: averageStats,
    maximise(state, stats, prepared) {
      const r = maximiseDde(state, stats, {
        lambda: prepared.lambda,
        tau: prepared.tau,
        nonNegative: params.nonNegative,
        confirmatoryGraph: params.confirmatoryGraph,
      });
      unthresholded.set(r.state, r.unthresholded);
      return { state: r.state, objective: r.objective };
    },
    change(previous, next) {
      return sampler === 'gibbs' ? rmsChange(previous, next) : referenceChange(previous, next, unthresholded.get(next));
    },
  };
}
