import type { Dataset, Rng } from '@latentkit/core';
import type { SaemSampler, SaemTerms } from '@latentkit/registry';
import { prepareDdeData, type DdeData } from '../dde-data.js';
import type { DdeParams } from '../dde-params.js';
import { defaultPenalty } from '../dde-resolve.js';
import type { DdeLayerSelection, DdeState } from '../dde-state.js';
import { randomInit } from '../init/random-init.js';
import { maximiseDde } from '../mstep/dde-mstep.js';
import type { DdeChain } from '../sampling/dde-chain.js';
import { gibbsSweep } from '../sampling/gibbs-sweep.js';
import { simulateDde } from '../sampling/simulate.js';
import { selectLayerWidths, spectralInit } from '../spectral/index.js';
import { averageStats } from '../stats/average-stats.js';
import type { DdeStats } from '../stats/dde-stats.js';
import { referenceChange, rmsChange } from './dde-change.js';

/** The prepared data of a DDE SAEM fit: the checked data, the layer widths and the resolved penalties. */
export interface DdePrepared {
  readonly data: DdeData;
  /** K_1 > … > K_D, from `layers` or chosen by the spectral gap. */
  readonly widths: readonly number[];
  /** With `layers: 'auto'`: how each width was chosen. */
  readonly selection?: readonly DdeLayerSelection[];
  readonly lambda: readonly number[];
  readonly tau: readonly number[];
}

/**
 * Check layer widths against the data: positive integers, K_1 < J (a layer narrower than the columns below it) and
 * K_d < K_{d−1}.
 * @throws Error in one line naming `layers` and the offending width.
 */
export function checkWidths(widths: readonly number[], nCols: number): void {
  if (widths.length === 0) throw new Error('dde/dde: layers must list at least one width');
  widths.forEach((k, d) => {
    const below = d === 0 ? nCols : widths[d - 1];
    const what = d === 0 ? `the ${nCols} observed columns` : `layer ${d} (${below})`;
    if (!Number.isInteger(k) || k < 1) throw new Error(`dde/dde: layers[${d}] = ${k} is not a positive integer`);
    if (k >= below) throw new Error(`dde/dde: layers[${d}] = ${k} is not narrower than ${what}; expected K${d + 1} < ${below}`);
  });
}

/** @throws Error when `confirmatoryGraph` is not J × K_1 of 0/1. */
function checkConfirmatory(graph: DdeParams['confirmatoryGraph'], nCols: number, k1: number): void {
  if (graph === null) return;
  if (graph.length !== nCols || graph.some((r) => r.length !== k1 || r.some((v) => v !== 0 && v !== 1)))
    throw new Error(`dde/dde: confirmatoryGraph must be ${nCols} × ${k1} (columns × K1) of 0/1`);
}

/**
 * Gibbs sweeps run by `init` at the initial parameters before the first simulation step (with `sampler: 'gibbs'`;
 * the reference sampler starts from the initial Â as the reference code does). With γ_1 = 1 the first draw's
 * statistics weigh fully in the first M-step and 1/t afterwards, so a first draw far from the posterior (e.g. the
 * top layer drawn given an ancestral Â that ignores X) can flatten B^(2) for many iterations.
 */
export const INIT_BURN_IN_SWEEPS = 5;

/**
 * The SAEM terms of `dde/dde` (ALGORITHMS.md §2.4, with §2.9):
 * - `prepare`: {@link prepareDdeData}; `layers: 'auto'` chooses the widths by the spectral gap
 *   (`selectLayerWidths`, kept in the state as `selection`); `lambda`/`tau` `'auto'` resolve to N^{1/4}, 3·N^{−0.3};
 * - `init`: the spectral initialiser (its layers also kept as `initialLayers`) or `randomInit`, then
 *   {@link INIT_BURN_IN_SWEEPS} Gibbs sweeps of the chain;
 * - `simulate`: Gibbs (default) or the reference's synchronous sweep, C draws averaged (`simulateDde`);
 * - `average`: (1 − γ)·s + γ·s̃ on the statistics (`averageStats`);
 * - `maximise`: the TLP-penalised box-constrained M-step with hard thresholding (`maximiseDde`); its objective is
 *   the penalised complete-data log-likelihood per row (higher is better);
 * - `change`: with Gibbs the RMS change per parameter ({@link rmsChange}); with the reference sampler
 *   ‖Δθ‖_F / K_D between the new unthresholded and the previous thresholded coefficients ({@link referenceChange}).
 */
export function ddeSaemTerms(params: DdeParams): SaemTerms<DdeState, DdePrepared, DdeChain, DdeStats> {
  const unthresholded = new WeakMap<DdeState, readonly (readonly (readonly number[])[])[]>();
  let sampler: SaemSampler = params.sampler;
  const burnIn = (state: DdeState, chain: DdeChain, data: DdeData, rng: Rng): DdeChain => {
    if (params.sampler !== 'gibbs') return chain;
    for (let b = 0; b < INIT_BURN_IN_SWEEPS; b++) chain = gibbsSweep(state, chain, data, rng);
    return chain;
  };
  return {
    prepare(dataset: Dataset): DdePrepared {
      const data = prepareDdeData(dataset, params);
      const selection = params.layers === 'auto' ? selectLayerWidths(data, params.selection, params.epsilon) : undefined;
      const widths = selection ? selection.map((s) => s.chosen) : (params.layers as readonly number[]);
      checkWidths(widths, data.nCols);
      checkConfirmatory(params.confirmatoryGraph, data.nCols, widths[0]);
      const auto = defaultPenalty(data.nRows);
      return {
        data,
        widths,
        ...(selection && { selection }),
        lambda: params.lambda === 'auto' ? [auto.lambda] : params.lambda,
        tau: params.tau === 'auto' ? [auto.tau] : params.tau,
      };
    },
    init(prepared, rng) {
      const { data, widths, selection } = prepared;
      const common = { families: [...data.families], columns: [...data.columns], ...(selection && { selection }) };
      if (params.init === 'random') {
        const r = randomInit(data, widths, rng, params);
        const state = { ...r.state, ...common };
        return { state, chain: burnIn(state, { latents: r.latents }, data, rng) };
      }
      const s = spectralInit(data, widths, { epsilon: params.epsilon, confirmatoryGraph: params.confirmatoryGraph });
      const state: DdeState = {
        layers: s.layers,
        topProbabilities: s.topProbabilities,
        ...common,
        ...(s.variances && { variances: s.variances }),
        initialLayers: s.layers,
      };
      return { state, chain: burnIn(state, { latents: s.latents }, data, rng) };
    },
    simulate(state, chain, prepared, rng, simulation) {
      sampler = simulation.sampler;
      return simulateDde(state, chain, prepared.data, rng, simulation);
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
