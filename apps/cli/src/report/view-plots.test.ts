import { initBackend } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry, type Fitted } from '@latentkit/registry';
import { toyViews, toyViewsData } from '@latentkit/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { vegaLiteToSvg } from './render-svg.js';
import { viewPlots } from './view-plots.js';

const data = toyViewsData();

let fitted: Fitted;
beforeAll(async () => {
  await initBackend();
  fitted = await createRegistry().register(em, toyViews).create('toy/views', { nClusters: 2 }).fit(data, { seed: 0 });
});

const values = (spec: Record<string, unknown>): Record<string, unknown>[] => (spec.data as { values: Record<string, unknown>[] }).values;

describe('viewPlots', () => {
  it("turns every declared view into a plot whose data are the view's numbers", () => {
    const plots = viewPlots(fitted, data, () => {});
    expect(plots.map((p) => p.title)).toEqual(['mean', 'columns by |mean|', 'mean as an image', 'latent to data', 'objective', 'latent coordinates']);
    // μ = column means (2, 3, −2): one heatmap cell each, in the view's order.
    expect(values(plots[0].spec).map((c) => c.value)).toEqual([2, 3, -2]);
    expect(values(plots[1].spec).map((t) => t.term)).toEqual(['b', 'a', 'c']);
    // z = the first two centred coordinates of each row.
    expect(values(plots[5].spec)).toEqual([
      { x: -1, y: -1 },
      { x: 1, y: -1 },
      { x: -1, y: 2 },
      { x: 1, y: 0 },
    ]);
  });

  it('renders every kind of view to static SVG; the heatmap has one rect per cell', async () => {
    const svgs = await Promise.all(viewPlots(fitted, data, () => {}).map((p) => vegaLiteToSvg(p.spec)));
    for (const svg of svgs) expect(svg.startsWith('<svg')).toBe(true);
    expect(svgs[0].match(/<path aria-label="[^"]*value: [^"]*"/g) ?? []).toHaveLength(3);
  });

  it('warns and keeps going when views cannot be computed, and has none for a model without views', () => {
    const warnings: string[] = [];
    const broken = Object.assign(Object.create(fitted) as Fitted, {
      views: () => {
        throw new Error('no data\nstack');
      },
    });
    expect(viewPlots(broken, data, (m) => warnings.push(m))).toEqual([]);
    expect(warnings).toEqual(['toy/views: views could not be computed: no data']);
    expect(viewPlots(Object.assign(Object.create(fitted) as Fitted, { views: undefined }), data, () => {})).toEqual([]);
  });
});
