import type { ModelView } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { viewProblems } from './view-problems.js';

const heatmap = (values: number[]): ModelView => ({ kind: 'heatmap', title: 'means', rowLabels: ['a', 'b'], columnLabels: ['x', 'y', 'z'], values });

describe('viewProblems', () => {
  it('accepts a heatmap of rows × columns finite values and counts them otherwise', () => {
    expect(viewProblems(heatmap([1, 2, 3, 4, 5, 6]))).toEqual([]);
    expect(viewProblems(heatmap([1, 2, 3, 4, 5]))).toEqual(["heatmap 'means': values has 5 values; expected 6"]);
    expect(viewProblems(heatmap([1, 2, 3, 4, 5, NaN]))).toEqual(["heatmap 'means': values[5] = NaN is not a finite number"]);
  });

  it('checks image sizes and pixel range, graph edges, scatter points and line lengths', () => {
    expect(viewProblems({ kind: 'images', title: 'digits', width: 2, height: 2, images: [{ pixels: [0, 0.5, 1, 1.5] }, { pixels: [0] }] })).toEqual([
      "images 'digits': images[0].pixels[3] = 1.5 is outside [0, 1]",
      "images 'digits': images[1].pixels has 1 values; expected 4",
    ]);
    const nodes = [{ id: 'z1' }, { id: 'x1' }];
    expect(viewProblems({ kind: 'graph', title: 'g', nodes, edges: [{ source: 'z1', target: 'x2', weight: 1 }] })).toEqual([
      "graph 'g': edges[0] joins z1 and x2, not both declared nodes",
    ]);
    expect(viewProblems({ kind: 'scatter', title: 's', xLabel: 'a', yLabel: 'b', points: [{ x: 0, y: Infinity }] })).toEqual([
      "scatter 's': points (x, y)[1] = Infinity is not a finite number",
    ]);
    expect(viewProblems({ kind: 'line', title: 'l', xLabel: 'k', yLabel: 'w', series: [{ name: 'w', x: [1, 2], y: [0.5] }] })).toEqual([
      "line 'l': series[0].y has 1 values; expected 2",
    ]);
  });

  it('names an unknown kind and an empty title', () => {
    expect(viewProblems({ kind: 'pie', title: 'p' } as unknown as ModelView)).toEqual([
      'view kind "pie" is not one of heatmap, top-terms, images, graph, scatter, line',
    ]);
    expect(viewProblems({ kind: 'line', title: '', xLabel: '', yLabel: '', series: [] })).toEqual(["line '': title must be a non-empty string"]);
  });
});
