import type { Rng } from '@latentkit/core';
import type { DdeData } from '../dde-data.js';
import type { DdeParams } from '../dde-params.js';
import type { DdeState } from '../dde-state.js';
import { selectLayerWidths, spectralInit } from '../spectral/index.js';
import type { DdeShape, DdeStats, DdeStatsBuilder } from '../stats/dde-stats.js';

/**
 * What exact EM takes from the other parts of the package: the statistics builder (stats/), the shared TLP M-step
 * (mstep/) and the initial state (spectral/, init/). Kept in one object so that the integration changes only
 * {@link ddeEmWiring}, and tests can hand in stand-ins.
 */
export interface DdeEmWiring {
  /** `createStatsBuilder(shape, data)` of '../stats/stats-builder.js'. */
  createStatsBuilder(shape: DdeShape, data: DdeData): DdeStatsBuilder;
  /** `maximiseDde(state, stats, params, data)` of '../mstep/maximise.js': the penalised M-step and hard threshold. */
  maximise(state: DdeState, stats: DdeStats, params: DdeParams, data: DdeData): DdeState;
  /** The initial state of a fit (`params.init`, with `layers: 'auto'` resolved by the spectral gap). */
  initialState(data: DdeData, params: DdeParams, rng: Rng): DdeState;
}

const elsewhere = (what: string, where: string) => (): never => {
  throw new Error(`dde/dde: ${what} is not on this branch yet (${where})`);
};

/**
 * The spectral initial state (ALGORITHMS.md §2.2): widths from `params.layers` or, for `layers: 'auto'`, by the
 * spectral gap (§2.3), recorded in `selection`; the initialiser's layers are also kept as `initialLayers`.
 */
export function spectralInitialState(data: DdeData, params: DdeParams): DdeState {
  const selection = params.layers === 'auto' ? selectLayerWidths(data, params.selection, params.epsilon) : undefined;
  const widths = selection ? selection.map((s) => s.chosen) : (params.layers as readonly number[]);
  const init = spectralInit(data, widths, { epsilon: params.epsilon, confirmatoryGraph: params.confirmatoryGraph });
  return {
    layers: init.layers,
    topProbabilities: init.topProbabilities,
    families: [...data.families],
    ...(init.variances && { variances: init.variances }),
    columns: [...data.columns],
    ...(selection && { selection }),
    initialLayers: init.layers,
  };
}

/**
 * The wiring of this branch. INTEGRATION: replace the two stubs by
 * `import { createStatsBuilder } from '../stats/stats-builder.js'` and `import { maximiseDde } from '../mstep/maximise.js'`,
 * and route `init: 'random'` to `init/random-init.ts`.
 */
export const ddeEmWiring: DdeEmWiring = {
  createStatsBuilder: elsewhere('the statistics builder', "createStatsBuilder of '../stats/stats-builder.js'"),
  maximise: elsewhere('the TLP M-step', "maximiseDde of '../mstep/maximise.js'"),
  initialState: (data, params) =>
    params.init === 'spectral' ? spectralInitialState(data, params) : elsewhere('random initialisation', "'../init/random-init.ts'")(),
};
