import type { Dataset } from '@latentkit/core';
import type { EmTerms } from '@latentkit/registry';
import type { DdeParams } from '../dde-params.js';
import { prepareDdeFit, type DdePrepared } from '../fit/prepare-fit.js';
import type { DdeState } from '../dde-state.js';
import { checkStateCount, enumerateDde, visitJointPosterior } from '../likelihood/enumeration.js';
import type { DdeStats } from '../stats/dde-stats.js';
import { ddeEmWiring, type DdeEmWiring } from './em-wiring.js';
import { tlpPenalty } from './tlp-penalty.js';

/**
 * The exact penalised EM terms of `dde/dde` (`inference/em`; ALGORITHMS.md §2.5):
 *
 * - E-step by enumeration of all 2^(ΣK) joint latent states (refused above `maxStates`): the posterior of each row is
 *   P(a, u | x_i) = P(a | x_i)·P(u | a) with a = A^(1) and u = A^(2..D), and every state of positive weight goes
 *   into the shared {@link DdeStats} through `DdeStatsBuilder.add(row, latents, weight)`;
 * - M-step: the shared TLP-penalised M-step of SAEM on those statistics (`wiring.maximise`);
 * - objective at the E-step's state: (Σ_i log p(x_i) − Σ_d λ_d·Σ min(|β|, τ_d)) / N, the exact mean log-likelihood
 *   per row penalised as the M-step is (the penalty acts on the summed log-likelihood), which EM does not decrease
 *   while the M-step does not decrease its own objective.
 */
export function ddeEmTerms(params: DdeParams, wiring: DdeEmWiring = ddeEmWiring): EmTerms<DdeState, DdePrepared, DdeStats> {
  return {
    prepare(dataset: Dataset): DdePrepared {
      if (params.layers !== 'auto') checkStateCount(params.layers, params.maxStates);
      const prepared = prepareDdeFit(dataset, params);
      checkStateCount(prepared.widths, params.maxStates);
      return prepared;
    },
    init(prepared, rng) {
      return wiring.initialState(prepared, params, rng);
    },
    eStep(state, prepared) {
      const { data } = prepared;
      const enumeration = enumerateDde(state, params.maxStates);
      const builder = wiring.createStatsBuilder(state, data);
      const total = visitJointPosterior(state, enumeration, data, (row, latents, weight) => builder.add(row, latents, weight));
      const objective = (total - tlpPenalty(state, prepared.lambda, prepared.tau)) / data.nRows;
      return { stats: builder.finish(), objective };
    },
    mStep(state, stats, prepared) {
      return wiring.maximise(state, stats, params, prepared);
    },
  };
}
