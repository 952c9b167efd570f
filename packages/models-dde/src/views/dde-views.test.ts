import { graphLayout, viewSpec } from '@latentkit/app-views';
import { ddeTwoLayer } from '@latentkit/datasets';
import type { FitInfo, GraphView, HeatmapView, ImagesView, LineView } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import type { DdeState } from '../dde-state.js';
import { MAX_GRAPH_COLUMNS } from './dde-graph-view.js';
import { ddeTemplateView, imageLayout, imageSide } from './dde-template-views.js';
import { ddeViews } from './dde-views.js';

/** The true parameters of the two-layer simulation (K = 6, 2; J = 18; ALGORITHMS.md §9.2) as a model state. */
function truthState(): DdeState {
  const { data, truth } = ddeTwoLayer({ n: 10, seed: 1 });
  const graph = (g: boolean[][]) => g.map((row) => row.map((v) => (v ? 1 : 0)));
  return {
    layers: [
      { coefficients: truth.b1, graph: graph(truth.g1) },
      { coefficients: truth.b2, graph: graph(truth.g2) },
    ],
    topProbabilities: truth.p,
    families: data.columns!.map(() => 'bernoulli' as const),
    columns: data.columns!,
  };
}

const INFO: Pick<FitInfo, 'trace' | 'engine'> = {
  engine: 'inference/saem',
  trace: [
    { iteration: 1, objective: -9 },
    { iteration: 2, objective: -8.5 },
    { iteration: 3, objective: -8.4 },
  ],
};

const byKind = <V>(views: readonly { kind: string }[], kind: string): V[] => views.filter((v) => v.kind === kind) as V[];

describe('ddeViews', () => {
  const state = truthState();
  const views = ddeViews(state, INFO);

  it('returns the graph, one heatmap per layer and the objective, and no spectral-gap or template view without cause', () => {
    expect(views.map((v) => v.kind)).toEqual(['graph', 'heatmap', 'heatmap', 'line']);
  });

  it('draws one node per column and latent and one signed edge per graph entry', () => {
    const [g] = byKind<GraphView>(views, 'graph');
    // 18 observed columns, K1 = 6, K2 = 2.
    expect(g.nodes).toHaveLength(18 + 6 + 2);
    expect(g.nodes.filter((n) => n.group === 'observed')).toHaveLength(18);
    expect(g.nodes.filter((n) => n.group === 'layer 2').map((n) => n.id)).toEqual(['A2_1', 'A2_2']);
    // The block design (§9.2): of 3K children, 2K have one parent and K have two, so |G| = 4K: 24 for K = 6, 8 for K = 2;
    // the K cross-loadings −max/3 = −4/3 are the only negative slopes, every other slope is max = 4.
    expect(g.edges).toHaveLength(24 + 8);
    expect(g.edges.filter((e) => e.weight! < 0).map((e) => e.weight)).toEqual(new Array(6 + 2).fill(-4 / 3));
    expect(g.edges.filter((e) => e.weight! > 0).every((e) => e.weight === 4)).toBe(true);
    // Row 13 of B^(1) loads 4 on A1_1 and −4/3 on A1_4; row 5 of B^(2) loads 4 on A2_1 and −4/3 on A2_2.
    expect(g.edges.filter((e) => e.target === 'x:x13')).toEqual([
      { source: 'A1_1', target: 'x:x13', weight: 4 },
      { source: 'A1_4', target: 'x:x13', weight: -4 / 3 },
    ]);
    expect(g.edges.filter((e) => e.target === 'A1_5')).toEqual([
      { source: 'A2_1', target: 'A1_5', weight: 4 },
      { source: 'A2_2', target: 'A1_5', weight: -4 / 3 },
    ]);
  });

  it('comes out of the shared renderer layered (A^(2) on top, data at the bottom) with red negative edges', () => {
    const [g] = byKind<GraphView>(views, 'graph');
    const layout = graphLayout(g);
    const ys = (group: string) => layout.nodes.filter((n) => n.group === group).map((n) => n.y);
    expect(Math.max(...ys('layer 2'))).toBeLessThan(Math.min(...ys('layer 1')));
    expect(Math.max(...ys('layer 1'))).toBeLessThan(Math.min(...ys('observed')));
    const edges = (viewSpec(g).layer as { data: { values: { sign: string; strength: number }[] } }[])[0].data.values;
    expect(edges.filter((e) => e.sign === 'negative').map((e) => e.strength)).toEqual(new Array(8).fill(4 / 3));
  });

  it('has one heatmap per layer, children × [intercept, slopes], with the coefficients row-major', () => {
    const [h1, h2] = byKind<HeatmapView>(views, 'heatmap');
    expect([h1.rowLabels.length, h1.columnLabels.length, h1.values.length]).toEqual([18, 7, 18 * 7]);
    expect([h2.rowLabels.length, h2.columnLabels.length, h2.values.length]).toEqual([6, 3, 6 * 3]);
    expect(h1.columnLabels).toEqual(['intercept', 'A1_1', 'A1_2', 'A1_3', 'A1_4', 'A1_5', 'A1_6']);
    expect(h2.rowLabels).toEqual(['A1_1', 'A1_2', 'A1_3', 'A1_4', 'A1_5', 'A1_6']);
    // Row 5 of B^(2): [−max/2, 4, −4/3].
    expect(h2.values.slice(4 * 3, 5 * 3)).toEqual([-2, 4, -4 / 3]);
    expect(h1.scale).toBe('diverging');
  });

  it('plots the trace as the objective per iteration', () => {
    const [line] = byKind<LineView>(views, 'line');
    expect(line.series).toEqual([{ name: 'objective', x: [1, 2, 3], y: [-9, -8.5, -8.4] }]);
  });

  it('adds the spectral-gap ratios per layer only when the widths were selected', () => {
    const selection = [
      { grid: [2, 3, 4, 5, 6, 7, 8], ratios: [1.1, 1.2, 1.05, 1.3, 2.5, 1.1, 1.0], singularValues: [9, 8, 7, 6, 5, 4, 2, 1.9, 1.8], chosen: 6 },
      { grid: [1, 2, 3], ratios: [1.2, 3.1, 1.1], singularValues: [5, 4, 1.3, 1.2], chosen: 2 },
    ];
    const withSelection = ddeViews({ ...state, selection }, INFO);
    const lines = byKind<LineView>(withSelection, 'line');
    expect(lines).toHaveLength(2);
    expect(lines[1].title).toBe('Spectral-gap ratios (chosen K1 = 6, K2 = 2)');
    expect(lines[1].series.map((s) => [s.name, s.x.length, s.y.length])).toEqual([
      ['layer 1', 7, 7],
      ['layer 2', 3, 3],
    ]);
    expect(byKind<LineView>(views, 'line')).toHaveLength(1);
  });

  it('draws layer-1 templates for the pixels of a square image, and leaves the pixels out of the graph', () => {
    const j = 784;
    const k = 3;
    const coefficients = Array.from({ length: j }, (_, p) => [-1, p === 0 ? 2 : 0, p === 1 ? -2 : 0, p === 2 ? 1 : 0]);
    const mnist: DdeState = {
      layers: [
        { coefficients, graph: coefficients.map((row) => row.slice(1).map((b) => (b !== 0 ? 1 : 0))) },
        {
          coefficients: [
            [0, 1],
            [0, 1],
            [0, -1],
          ],
          graph: [[1], [1], [1]],
        },
      ],
      topProbabilities: [0.5],
      families: new Array(j).fill('bernoulli'),
      columns: Array.from({ length: j }, (_, p) => `pixel${p}`),
    };
    const out = ddeViews(mnist, INFO);
    const [images] = byKind<ImagesView>(out, 'images');
    expect([images.width, images.height, images.images.length]).toEqual([28, 28, k]);
    // One scale for all: max |β| = 2, so β = 2 → 1, β = −2 → 0, β = 1 → 0.75, β = 0 → 0.5.
    expect(images.images.map((im) => im.pixels.slice(0, 3))).toEqual([
      [1, 0.5, 0.5],
      [0.5, 0, 0.5],
      [0.5, 0.5, 0.75],
    ]);
    expect(j).toBeGreaterThan(MAX_GRAPH_COLUMNS);
    const [g] = byKind<GraphView>(out, 'graph');
    expect([g.nodes.length, g.edges.length]).toEqual([k + 1, 3]);
  });

  it('recognises pixel columns only on a square grid of pixel-like names', () => {
    expect(imageSide(Array.from({ length: 784 }, (_, p) => `c${p}`))).toBe(28);
    expect(imageSide(Array.from({ length: 64 }, (_, p) => `x${p + 1}`))).toBe(8);
    expect(imageSide(Array.from({ length: 64 }, (_, p) => `item${p + 1}`))).toBeUndefined();
    expect(imageSide(Array.from({ length: 18 }, (_, p) => `x${p + 1}`))).toBeUndefined();
    expect(imageSide(Array.from({ length: 36 }, (_, p) => `x${p + 1}`))).toBeUndefined();
  });
});

describe('templates of a subset of pixels named by index (MNIST with constant pixels dropped)', () => {
  it('places each column at its pixel of the smallest square holding the largest index, the others grey', () => {
    const kept = [100, 101, 130, 783];
    expect(imageLayout(kept.map((p) => `pixel${p}`))).toEqual({ side: 28, positions: kept });
    expect(imageLayout(['pixel1', 'pixel1'])).toBeUndefined();
    expect(imageLayout(['x1', 'x700'])).toBeUndefined();
    const state = {
      layers: [{ coefficients: kept.map((_, j) => [0, j === 0 ? 2 : 0, j === 3 ? -2 : 0]), graph: kept.map((_, j) => [j === 0 ? 1 : 0, j === 3 ? 1 : 0]) }],
      topProbabilities: [0.5, 0.5],
      families: kept.map(() => 'bernoulli' as const),
      columns: kept.map((p) => `pixel${p}`),
    };
    const view = ddeTemplateView(state)!;
    expect(view.width).toBe(28);
    expect(view.images[0].pixels[100]).toBe(1);
    expect(view.images[1].pixels[783]).toBe(0);
    expect(view.images[0].pixels.filter((v) => v !== 0.5)).toHaveLength(1);
  });
});
