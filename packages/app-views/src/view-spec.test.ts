import type { GraphView, HeatmapView, ImagesView, LineView, ModelView, ScatterView, TopTermsView } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { graphLayout } from './graph-layout.js';
import { viewSpec } from './view-spec.js';

type Row = Record<string, unknown>;
const rows = (spec: Record<string, unknown>): Row[] => (spec.data as { values: Row[] }).values;

const heatmap: HeatmapView = {
  kind: 'heatmap',
  title: 'loadings',
  rowLabels: ['a', 'b', 'c'],
  columnLabels: ['1', '2'],
  values: [0.5, -2, 1, 0, -0.25, 1.5],
  scale: 'diverging',
};

describe('viewSpec', () => {
  it('draws a heatmap cell per value, row-major, on a colour domain symmetric about 0 when diverging', () => {
    const spec = viewSpec(heatmap, { width: 200 });
    expect(rows(spec)).toEqual([
      { row: 'a', column: '1', value: 0.5 },
      { row: 'a', column: '2', value: -2 },
      { row: 'b', column: '1', value: 1 },
      { row: 'b', column: '2', value: 0 },
      { row: 'c', column: '1', value: -0.25 },
      { row: 'c', column: '2', value: 1.5 },
    ]);
    const enc = spec.encoding as Record<string, { sort?: unknown; scale?: { domain?: number[]; scheme?: string } }>;
    expect(enc.x.sort).toEqual(['1', '2']);
    expect(enc.y.sort).toEqual(['a', 'b', 'c']);
    expect(enc.color.scale).toEqual({ scheme: 'redblue', domain: [-2, 2], reverse: true });
    // 200 px over 2 columns gives 40 px cells (the maximum); 600 px over 3 rows is capped at 20 px.
    expect([spec.width, spec.height]).toEqual([80, 60]);
    expect((viewSpec({ ...heatmap, scale: undefined }).encoding as typeof enc).color.scale).toEqual({ scheme: 'viridis' });
  });

  it('rejects a heatmap whose values do not fill its cells, naming it', () => {
    expect(() => viewSpec({ ...heatmap, values: [1, 2] })).toThrow("heatmap 'loadings': 2 values for 3 × 2 cells");
  });

  it('keeps the order of top-terms groups and of the terms within each', () => {
    const view: TopTermsView = {
      kind: 'top-terms',
      title: 'topics',
      groups: [
        {
          label: 'topic 2',
          terms: [
            { term: 'sea', weight: 0.5 },
            { term: 'boat', weight: 0.2 },
          ],
        },
        { label: 'topic 1', terms: [{ term: 'rain', weight: 0.4 }] },
      ],
    };
    const spec = viewSpec(view, { width: 400 });
    expect(rows(spec)).toEqual([
      { group: 'topic 2', term: 'sea', weight: 0.5, rank: 0 },
      { group: 'topic 2', term: 'boat', weight: 0.2, rank: 1 },
      { group: 'topic 1', term: 'rain', weight: 0.4, rank: 0 },
    ]);
    expect((spec.facet as { sort: string[] }).sort).toEqual(['topic 2', 'topic 1']);
    expect(((spec.spec as Row).encoding as Record<string, Row>).y.sort).toEqual({ field: 'rank', order: 'ascending' });
  });

  it('draws each image pixel as a cell in [0, 1], the grid `columns` wide, with the labels as headers', () => {
    const view: ImagesView = {
      kind: 'images',
      title: 'digits',
      width: 2,
      height: 3,
      columns: 1,
      images: [
        { label: 'first', pixels: [0, 0.5, 1, 1.5, -1, 0.25] },
        { label: 'second', pixels: [1, 1, 1, 1, 1, 1] },
      ],
    };
    const spec = viewSpec(view, { width: 100 });
    const cells = rows(spec);
    expect(cells).toHaveLength(12);
    expect(cells.slice(0, 6)).toEqual([
      { image: 0, row: 0, col: 0, v: 0 },
      { image: 0, row: 0, col: 1, v: 0.5 },
      { image: 0, row: 1, col: 0, v: 1 },
      { image: 0, row: 1, col: 1, v: 1 },
      { image: 0, row: 2, col: 0, v: 0 },
      { image: 0, row: 2, col: 1, v: 0.25 },
    ]);
    expect(spec.columns).toBe(1);
    expect((spec.facet as { header: Row }).header).toEqual({ labelExpr: '["first","second"][datum.value]' });
    // 100 px for one column less 6 px spacing; 3 rows of 2 pixels keep the aspect ratio.
    expect([(spec.spec as Row).width, (spec.spec as Row).height]).toEqual([94, 141]);
    expect(() => viewSpec({ ...view, images: [{ pixels: [1] }] })).toThrow("images 'digits': image 1 has 1 pixels, expected 2 × 3");
  });

  it('lays a graph out in layers, sources on top, and draws the edges between their nodes', () => {
    const view: GraphView = {
      kind: 'graph',
      title: 'layers',
      nodes: [
        { id: 'z', label: 'deep', group: 'layer 2' },
        { id: 'h1', group: 'layer 1' },
        { id: 'h2', group: 'layer 1' },
        { id: 'x', group: 'data' },
      ],
      edges: [
        { source: 'z', target: 'h1', weight: 0.9 },
        { source: 'z', target: 'h2', weight: -0.4 },
        { source: 'h1', target: 'x' },
        { source: 'h2', target: 'x', weight: 2 },
      ],
    };
    const g = graphLayout(view);
    const y = Object.fromEntries(g.nodes.map((n) => [n.id, n.y]));
    expect(y.z).toBeLessThan(y.h1);
    expect(y.h1).toBe(y.h2);
    expect(y.h1).toBeLessThan(y.x);
    const spec = viewSpec(view, { width: 600 });
    const [edges, nodes, labels] = (spec.layer as Row[]).map((l) => rows(l));
    expect(edges.map((e) => [e.source, e.target, e.weight, e.sign])).toEqual([
      ['z', 'h1', 0.9, 'positive'],
      ['z', 'h2', -0.4, 'negative'],
      ['h1', 'x', 1, 'positive'],
      ['h2', 'x', 2, 'positive'],
    ]);
    const at = new Map(nodes.map((n) => [n.id, n]));
    for (const e of edges) expect([e.x, e.y, e.x2, e.y2]).toEqual([at.get(e.source)!.x, at.get(e.source)!.y, at.get(e.target)!.x, at.get(e.target)!.y]);
    expect(labels.map((n) => n.label)).toEqual(['deep', 'h1', 'h2', 'x']);
    expect(() => viewSpec({ ...view, edges: [{ source: 'z', target: 'y' }] })).toThrow("graph 'layers': edge z → y names node 'y', which is not in nodes");
  });

  it('draws scatter points coloured by group and line series in order', () => {
    const scatter: ScatterView = {
      kind: 'scatter',
      title: 'latents',
      xLabel: 'z1',
      yLabel: 'z2',
      points: [
        { x: 1, y: 2, group: 'a' },
        { x: -1, y: 0.5 },
      ],
    };
    const s = viewSpec(scatter);
    expect(rows(s)).toEqual([
      { x: 1, y: 2, group: 'a' },
      { x: -1, y: 0.5, group: '' },
    ]);
    expect((s.encoding as Record<string, Row>).x.title).toBe('z1');
    const line: LineView = {
      kind: 'line',
      title: 'dual',
      xLabel: 'step',
      yLabel: 'λ',
      series: [
        { name: 'a', x: [1, 2], y: [3, 4] },
        { name: 'b', x: [1], y: [5] },
      ],
    };
    expect(rows(viewSpec(line))).toEqual([
      { series: 'a', x: 1, y: 3, order: 0 },
      { series: 'a', x: 2, y: 4, order: 1 },
      { series: 'b', x: 1, y: 5, order: 0 },
    ]);
    expect(() => viewSpec({ ...line, series: [{ name: 'c', x: [1, 2], y: [1] }] })).toThrow("line 'dual': series 'c' has 2 x and 1 y values");
  });

  it('names an unknown view kind', () => {
    expect(() => viewSpec({ kind: 'pie', title: 'p' } as unknown as ModelView)).toThrow("view 'p' has unknown kind 'pie'");
  });
});
