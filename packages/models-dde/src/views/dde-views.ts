import type { Dataset } from '@latentkit/core';
import type { FitInfo, ModelView } from '@latentkit/registry';
import type { DdeState } from '../dde-state.js';
import { ddeCoefficientViews } from './dde-coefficient-views.js';
import { ddeGraphView } from './dde-graph-view.js';
import { ddeObjectiveView, ddeSpectralGapView } from './dde-line-views.js';
import { ddeTemplateView } from './dde-template-views.js';

/**
 * The typed views of a fitted DDE, in order: the layered graph (latents to children where G^(d) = 1, edges signed by
 * β), one coefficient heatmap per layer, the objective per iteration, the spectral-gap ratios when `layers: 'auto'`
 * chose the widths, and the layer-1 templates when the columns are the pixels of a square image. None depends on
 * `data`: every view is a picture of the parameters or of the fit.
 * @example
 * ```ts
 * ddeViews(fitted.state, fitted.info).map((v) => v.kind); // ['graph', 'heatmap', 'heatmap', 'line']
 * ```
 */
export function ddeViews(state: DdeState, info: Pick<FitInfo, 'trace' | 'engine'>, _data?: Dataset): ModelView[] {
  const optional = (view: ModelView | undefined): ModelView[] => (view ? [view] : []);
  return [
    ...optional(ddeGraphView(state)),
    ...ddeCoefficientViews(state),
    ddeObjectiveView(info),
    ...optional(ddeSpectralGapView(state)),
    ...optional(ddeTemplateView(state)),
  ];
}
