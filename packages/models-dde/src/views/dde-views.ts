import type { Dataset } from '@latentkit/core';
import type { FitInfo, ModelView } from '@latentkit/registry';
import type { DdeState } from '../dde-state.js';

/** The typed views of a fitted DDE (graph, coefficient heatmaps, objective, spectral gap). Stub: implemented on wt-apps. */
export function ddeViews(_state: DdeState, _info: FitInfo, _data?: Dataset): ModelView[] {
  return [];
}
