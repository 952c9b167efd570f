import type { Rng } from '@latentkit/core';
import type { DdeData } from '../dde-data.js';
import type { DdeParams } from '../dde-params.js';
import type { DdeState } from '../dde-state.js';
import { initialDde, type DdePrepared } from '../fit/prepare-fit.js';
import { maximiseDde } from '../mstep/dde-mstep.js';
import type { DdeShape, DdeStats, DdeStatsBuilder } from '../stats/dde-stats.js';
import { createStatsBuilder } from '../stats/stats-builder.js';

/**
 * What exact EM takes from the other parts of the package: the statistics builder (stats/), the shared TLP M-step
 * (mstep/) and the initial state (fit/). Kept in one object so that tests can hand in stand-ins.
 */
export interface DdeEmWiring {
  createStatsBuilder(shape: DdeShape, data: DdeData): DdeStatsBuilder;
  /** The penalised M-step and hard threshold, with the penalties resolved in `prepared`. */
  maximise(state: DdeState, stats: DdeStats, params: DdeParams, prepared: DdePrepared): DdeState;
  /** The initial state of a fit (`params.init`, with `layers: 'auto'` resolved by the spectral gap). */
  initialState(prepared: DdePrepared, params: DdeParams, rng: Rng): DdeState;
}

/** The package's own pieces: `createStatsBuilder`, `maximiseDde` and `initialDde`. */
export const ddeEmWiring: DdeEmWiring = {
  createStatsBuilder,
  maximise: (state, stats, params, prepared) =>
    maximiseDde(state, stats, {
      lambda: prepared.lambda,
      tau: prepared.tau,
      nonNegative: params.nonNegative,
      confirmatoryGraph: params.confirmatoryGraph,
    }).state,
  initialState: (prepared, params, rng) => initialDde(prepared, params, rng).state,
};
