import type { ModelView } from '@latentkit/registry';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { viewSections } from './view-figures.js';

const views: ModelView[] = [
  { kind: 'images', title: 'big', width: 28, height: 28, images: Array.from({ length: 30 }, () => ({ pixels: new Array(784).fill(0.5) })) },
  { kind: 'heatmap', title: 'W', rowLabels: ['a', 'b'], columnLabels: ['1'], values: [0.5, -1], scale: 'diverging' },
  { kind: 'heatmap', title: 'broken', rowLabels: ['a'], columnLabels: ['1'], values: [] },
  { kind: 'top-terms', title: 'topics', description: 'top words', groups: [{ label: 'topic 1', terms: [{ term: 'rain', weight: 1 }] }] },
];

describe('viewSections', () => {
  it('groups the views by kind in the preview order, keeps their numbers in the specs, and names a view that cannot be drawn', () => {
    const sections = viewSections(views, 900);
    expect(sections.map((s) => [s.section, s.plot, s.figures.map((f) => f.caption)])).toEqual([
      ['heatmaps', 'heatmap', ['W (2 × 1)', 'broken (1 × 1)']],
      ['topics', 'top-words', ['topics (1 groups)']],
      ['images', 'images', ['big (30 images of 28 × 28)']],
    ]);
    const [w, broken] = sections[0].figures;
    expect((w.spec!.data as { values: { value: number }[] }).values.map((c) => c.value)).toEqual([0.5, -1]);
    expect(() => compile(w.spec as never)).not.toThrow();
    expect(broken.error).toBe("heatmap 'broken': 0 values for 1 × 1 cells");
    expect(sections[1].figures[0].description).toBe('top words');
    // 30 images of 784 pixels (23,520 cells) are drawn on a canvas; the rest as SVG.
    expect([sections[2].figures[0].renderer, w.renderer]).toEqual(['canvas', 'svg']);
    expect(sections.map((s) => s.sideBySide)).toEqual([true, false, false]);
  });

  it('draws several scatters side by side at half the width, one at the full width', () => {
    const scatter = (title: string): ModelView => ({ kind: 'scatter', title, xLabel: 'x', yLabel: 'y', points: [{ x: 0, y: 1, group: 'a' }] });
    const two = viewSections([scatter('shared'), scatter('salient')], 900)[0];
    // The scatter spec keeps 100 px of the width for its legend: (900 / 2 − 60) − 100 = 290, 900 − 100 = 800.
    expect([two.sideBySide, two.figures.map((f) => f.spec!.width)]).toEqual([true, [290, 290]]);
    const one = viewSections([scatter('shared')], 900)[0];
    expect([one.sideBySide, one.figures[0].spec!.width]).toEqual([false, 800]);
  });
});
