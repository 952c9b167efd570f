import { Graph, layout } from '@dagrejs/dagre';
import type { GraphView } from '@latentkit/registry';

/** Node size the layout reserves, in pixels. */
const NODE_SIZE = 24;

/** One node of a {@link GraphLayout}: a node of the view with its label and group filled in and its centre placed. */
export interface GraphLayoutNode {
  /** The node's id, as in the view's `nodes`. */
  readonly id: string;
  /** The text drawn at the node: the view's `label`, or the id when the view gives none. */
  readonly label: string;
  /** The node's group (colour class), or `''` when the view gives none. */
  readonly group: string;
  /** Horizontal position of the node's centre, in pixels from the left edge. */
  readonly x: number;
  /** Vertical position of the node's centre, in pixels from the top edge (sources have the smallest y). */
  readonly y: number;
}

/** One edge of a {@link GraphLayout}: a straight line from the source node's centre to the target node's centre. */
export interface GraphLayoutEdge {
  /** Id of the node the edge leaves. */
  readonly source: string;
  /** Id of the node the edge enters. */
  readonly target: string;
  /** The view's edge weight (e.g. a loading), or 1 when the view gives none. */
  readonly weight: number;
  /** Horizontal position of the line's start (the source's centre), in pixels. */
  readonly x: number;
  /** Vertical position of the line's start (the source's centre), in pixels. */
  readonly y: number;
  /** Horizontal position of the line's end (the target's centre), in pixels. */
  readonly x2: number;
  /** Vertical position of the line's end (the target's centre), in pixels. */
  readonly y2: number;
}

/** Where {@link graphLayout} puts a graph's nodes and edges, in pixels from the top left. */
export interface GraphLayout {
  /** Width of the drawing, in pixels: the layout's extent, at least one node (24 px). */
  readonly width: number;
  /** Height of the drawing, in pixels: the layout's extent, at least one node (24 px). */
  readonly height: number;
  /** The view's nodes, in the view's order, with their centres placed. */
  readonly nodes: readonly GraphLayoutNode[];
  /** The view's edges, in the view's order, as straight lines between node centres. */
  readonly edges: readonly GraphLayoutEdge[];
}

/**
 * Node positions of a graph view by dagre's layered (Sugiyama) layout, sources at the top: a Deep Discrete Encoder's
 * deepest layer above the shallower ones and the data, a loading pattern's latent dimensions above the features.
 * Edges are straight lines between their nodes' centres; an edge without a weight has weight 1.
 * @throws Error naming the view and the edge when an edge names a node that the view does not list.
 * @example
 * ```ts
 * graphLayout({ kind: 'graph', title: 'g', nodes: [{ id: 'z' }, { id: 'x' }], edges: [{ source: 'z', target: 'x' }] }).nodes[0].y; // 12 (top)
 * ```
 */
export function graphLayout(view: GraphView): GraphLayout {
  const g = new Graph({ multigraph: false, directed: true });
  g.setGraph({ rankdir: 'TB', nodesep: 16, ranksep: 56, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(view.nodes.map((n) => n.id));
  for (const n of view.nodes) g.setNode(n.id, { width: NODE_SIZE, height: NODE_SIZE });
  for (const e of view.edges) {
    const missing = [e.source, e.target].find((id) => !ids.has(id));
    if (missing !== undefined) throw new Error(`graph '${view.title}': edge ${e.source} → ${e.target} names node '${missing}', which is not in nodes`);
    g.setEdge(e.source, e.target);
  }
  layout(g);
  const at = new Map(view.nodes.map((n) => [n.id, g.node(n.id) as { x: number; y: number }]));
  const nodes = view.nodes.map((n) => ({ id: n.id, label: n.label ?? n.id, group: n.group ?? '', x: at.get(n.id)!.x, y: at.get(n.id)!.y }));
  const edges = view.edges.map((e) => {
    const [s, t] = [at.get(e.source)!, at.get(e.target)!];
    return { source: e.source, target: e.target, weight: e.weight ?? 1, x: s.x, y: s.y, x2: t.x, y2: t.y };
  });
  const label = g.graph() as { width?: number; height?: number };
  return { width: Math.max(NODE_SIZE, label.width ?? 0), height: Math.max(NODE_SIZE, label.height ?? 0), nodes, edges };
}
