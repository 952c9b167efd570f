import type { ModelView } from '@latentkit/registry';
import { graphSpec } from './graph-spec.js';
import { heatmapSpec } from './heatmap-spec.js';
import { imagesSpec } from './images-spec.js';
import { lineSpec } from './line-spec.js';
import { scatterSpec } from './scatter-spec.js';
import type { VegaLiteSpec, ViewSpecOptions } from './spec-types.js';
import { topTermsSpec } from './top-terms-spec.js';

/**
 * The Vega-Lite specification of one {@link ModelView}, with the view's numbers as inline data: the one renderer of
 * `Fitted.views()` that the HTML report (static SVG) and the VS Code preview (vega-embed) both use.
 * @throws Error of one line naming the view when its numbers do not fit its shape (values per cell, pixels per image,
 * an edge's nodes, a series' lengths).
 * @example
 * ```ts
 * const specs = fitted.views?.(data).map((view) => viewSpec(view, { width: 600 })) ?? [];
 * ```
 */
export function viewSpec(view: ModelView, options: ViewSpecOptions = {}): VegaLiteSpec {
  switch (view.kind) {
    case 'heatmap':
      return heatmapSpec(view, options);
    case 'top-terms':
      return topTermsSpec(view, options);
    case 'images':
      return imagesSpec(view, options);
    case 'graph':
      return graphSpec(view, options);
    case 'scatter':
      return scatterSpec(view, options);
    case 'line':
      return lineSpec(view, options);
    default:
      throw new Error(`view '${(view as { title?: string }).title}' has unknown kind '${(view as { kind?: string }).kind}'`);
  }
}
