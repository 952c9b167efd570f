import type { GraphView } from '@latentkit/registry';
import { graphLayout } from './graph-layout.js';
import { DEFAULT_VIEW_WIDTH, VEGA_LITE_SCHEMA, type VegaLiteSpec, type ViewSpecOptions } from './spec-types.js';

/**
 * A graph view drawn with Vega-Lite on the positions of {@link graphLayout}: one rule per edge (width by |weight|;
 * red for negative weights, grey otherwise), one circle per node coloured by its group, and the node labels. The x and
 * y scales share the layout's pixel domain, so the drawing keeps the layout's proportions, scaled to fit `width`.
 * @example
 * ```ts
 * graphSpec({ kind: 'graph', title: 'layers', nodes: [{ id: 'z1' }, { id: 'x1' }], edges: [{ source: 'z1', target: 'x1', weight: 0.8 }] });
 * ```
 */
export function graphSpec(view: GraphView, options: ViewSpecOptions = {}): VegaLiteSpec {
  const g = graphLayout(view);
  const pad = 16;
  const scale = Math.min(1, ((options.width ?? DEFAULT_VIEW_WIDTH) - 2 * pad) / g.width);
  const width = Math.round(g.width * scale) + 2 * pad;
  const height = Math.round(g.height * scale) + 2 * pad;
  const x = { field: 'x', type: 'quantitative', axis: null, scale: { domain: [-pad / scale, g.width + pad / scale] } };
  const y = { field: 'y', type: 'quantitative', axis: null, scale: { domain: [-pad / scale, g.height + pad / scale], reverse: true } };
  const groups = new Set(g.nodes.map((n) => n.group));
  const signs = g.edges.map((e) => ({ ...e, sign: e.weight < 0 ? 'negative' : 'positive', strength: Math.abs(e.weight) }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: view.description ?? view.title,
    width,
    height,
    layer: [
      {
        data: { values: signs },
        mark: { type: 'rule', opacity: 0.7 },
        encoding: {
          x,
          y,
          x2: { field: 'x2' },
          y2: { field: 'y2' },
          strokeWidth: { field: 'strength', type: 'quantitative', scale: { range: [0.5, 4] }, legend: null },
          color: { field: 'sign', type: 'nominal', scale: { domain: ['positive', 'negative'], range: ['#8c959f', '#cf222e'] }, legend: null },
          tooltip: [{ field: 'source' }, { field: 'target' }, { field: 'weight', type: 'quantitative', format: '.3g' }],
        },
      },
      {
        data: { values: g.nodes },
        mark: { type: 'circle', size: 220, opacity: 1 },
        encoding: {
          x,
          y,
          ...(groups.size > 1 && { color: { field: 'group', type: 'nominal', title: null } }),
          tooltip: [{ field: 'label' }, ...(groups.size > 1 ? [{ field: 'group' }] : [])],
        },
      },
      {
        data: { values: g.nodes },
        mark: { type: 'text', dy: -15, fontSize: 10 },
        encoding: { x, y, text: { field: 'label' } },
      },
    ],
  };
}
