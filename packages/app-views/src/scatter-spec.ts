import type { ScatterView } from '@latentkit/registry';
import { DEFAULT_VIEW_WIDTH, VEGA_LITE_SCHEMA, type VegaLiteSpec, type ViewSpecOptions } from './spec-types.js';

/**
 * A scatter view as one circle per point, coloured by `group` when some point has one.
 * @example
 * ```ts
 * scatterSpec({ kind: 'scatter', title: 'z', xLabel: 'z1', yLabel: 'z2', points: [{ x: 0, y: 1, group: 'a' }] });
 * ```
 */
export function scatterSpec(view: ScatterView, options: ViewSpecOptions = {}): VegaLiteSpec {
  const grouped = view.points.some((p) => p.group !== undefined);
  const width = (options.width ?? DEFAULT_VIEW_WIDTH) - 100;
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: view.description ?? view.title,
    width,
    height: Math.round(width * 0.75),
    data: { values: view.points.map((p) => ({ x: p.x, y: p.y, ...(grouped && { group: p.group ?? '' }) })) },
    mark: { type: 'circle', size: view.points.length > 2000 ? 12 : 30, opacity: 0.75, tooltip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: view.xLabel, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: view.yLabel, scale: { zero: false } },
      ...(grouped && { color: { field: 'group', type: 'nominal', title: null } }),
    },
  };
}
