import type { LineView } from '@latentkit/registry';
import { DEFAULT_VIEW_WIDTH, VEGA_LITE_SCHEMA, type VegaLiteSpec, type ViewSpecOptions } from './spec-types.js';

/**
 * A line view: each series as a line through its (x, y) points in order, coloured by series when there are several.
 * @throws Error naming the view and the series when its x and y differ in length.
 * @example
 * ```ts
 * lineSpec({ kind: 'line', title: 'ELBO', xLabel: 'epoch', yLabel: 'ELBO', series: [{ name: 'train', x: [1, 2], y: [-3, -2] }] });
 * ```
 */
export function lineSpec(view: LineView, options: ViewSpecOptions = {}): VegaLiteSpec {
  const values = view.series.flatMap((s) => {
    if (s.x.length !== s.y.length) throw new Error(`line '${view.title}': series '${s.name}' has ${s.x.length} x and ${s.y.length} y values`);
    return s.x.map((x, i) => ({ series: s.name, x, y: s.y[i], order: i }));
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: view.description ?? view.title,
    width: (options.width ?? DEFAULT_VIEW_WIDTH) - 100,
    height: 200,
    data: { values },
    mark: { type: 'line', point: values.length <= 200, tooltip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: view.xLabel, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: view.yLabel, scale: { zero: false } },
      order: { field: 'order', type: 'quantitative' },
      ...(view.series.length > 1 && { color: { field: 'series', type: 'nominal', title: null } }),
    },
  };
}
