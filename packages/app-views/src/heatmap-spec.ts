import type { HeatmapView } from '@latentkit/registry';
import { clamp, DEFAULT_VIEW_WIDTH, VEGA_LITE_SCHEMA, type VegaLiteSpec, type ViewSpecOptions } from './spec-types.js';

/**
 * A heatmap view as one rect per cell (`row`, `column`, `value`), rows top to bottom and columns left to right in the
 * view's order. A `diverging` view gets a red–blue scheme on a domain symmetric about 0, so 0 is white; a sequential one
 * runs viridis from its minimum to its maximum.
 * @example
 * ```ts
 * heatmapSpec({ kind: 'heatmap', title: 'W', rowLabels: ['a'], columnLabels: ['1', '2'], values: [0.5, -1], scale: 'diverging' });
 * ```
 */
export function heatmapSpec(view: HeatmapView, options: ViewSpecOptions = {}): VegaLiteSpec {
  const { rowLabels: rows, columnLabels: columns } = view;
  if (view.values.length !== rows.length * columns.length)
    throw new Error(`heatmap '${view.title}': ${view.values.length} values for ${rows.length} × ${columns.length} cells`);
  const values = rows.flatMap((row, i) => columns.map((column, j) => ({ row, column, value: view.values[i * columns.length + j] })));
  let extent = 0;
  for (const v of view.values) if (Number.isFinite(v)) extent = Math.max(extent, Math.abs(v));
  const cellWidth = clamp(Math.floor((options.width ?? DEFAULT_VIEW_WIDTH) / Math.max(1, columns.length)), 4, 40);
  const cellHeight = clamp(Math.floor(600 / Math.max(1, rows.length)), 4, 20);
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: view.description ?? view.title,
    width: cellWidth * columns.length,
    height: cellHeight * rows.length,
    data: { values },
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x: { field: 'column', type: 'ordinal', title: null, sort: columns },
      y: { field: 'row', type: 'ordinal', title: null, sort: rows },
      color: {
        field: 'value',
        type: 'quantitative',
        title: null,
        scale: view.scale === 'diverging' ? { scheme: 'redblue', domain: [-(extent || 1), extent || 1], reverse: true } : { scheme: 'viridis' },
      },
    },
  };
}
