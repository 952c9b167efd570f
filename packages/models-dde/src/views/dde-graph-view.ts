import type { GraphView } from '@latentkit/registry';
import { layerWidths, type DdeState } from '../dde-state.js';
import { latentId, observedId } from './dde-node-ids.js';

/**
 * Above this many observed columns the graph view leaves them (and layer 1's edges) out: a layout of hundreds of
 * data nodes (MNIST's 784 pixels) is unreadable and slow; the coefficient heatmap and image templates show layer 1.
 */
export const MAX_GRAPH_COLUMNS = 120;

/**
 * The layered graph of a DDE: one node per observed column (group `observed`) and per latent A^(d)_k (group
 * `layer d`), and one edge from each latent to each of its children where the graph G^(d) is 1, weighted by the
 * slope β^(d)_ck with its sign (the renderer colours edges by sign and widens them by |β|). Edges point from the
 * deeper layer to the shallower one, so a layered layout puts A^(D) at the top and the data at the bottom.
 * With more than {@link MAX_GRAPH_COLUMNS} columns only the latent layers are drawn; `undefined` when that leaves
 * nothing to draw (D = 1).
 */
export function ddeGraphView(state: DdeState): GraphView | undefined {
  const widths = layerWidths(state);
  const withData = state.columns.length <= MAX_GRAPH_COLUMNS;
  if (!withData && widths.length < 2) return undefined;
  const nodes: { id: string; label: string; group: string }[] = [];
  const edges: { source: string; target: string; weight: number }[] = [];
  if (withData) state.columns.forEach((name, j) => nodes.push({ id: observedId(state, j), label: name, group: 'observed' }));
  widths.forEach((k, i) => {
    for (let c = 0; c < k; c++) nodes.push({ id: latentId(i + 1, c), label: latentId(i + 1, c), group: `layer ${i + 1}` });
  });
  state.layers.forEach((layer, i) => {
    const d = i + 1;
    if (d === 1 && !withData) return;
    layer.graph.forEach((row, c) => {
      const target = d === 1 ? observedId(state, c) : latentId(d - 1, c);
      row.forEach((g, k) => {
        if (g === 1) edges.push({ source: latentId(d, k), target, weight: layer.coefficients[c][1 + k] });
      });
    });
  });
  return {
    kind: 'graph',
    title: `Layered graph (K = ${widths.join(', ')}${withData ? `; ${state.columns.length} observed columns` : ''})`,
    description:
      'An edge from latent A^(d)_k to each child whose slope β is non-zero in the graph G^(d); red edges have β < 0, and width grows with |β|.' +
      (withData ? '' : ` The ${state.columns.length} observed columns are left out; layer 1 is in its coefficient heatmap.`),
    nodes,
    edges,
  };
}
