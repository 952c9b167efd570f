import { initBackend } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import { beforeAll, describe, expect, it } from 'vitest';
import { toyViews, toyViewsData } from './toy-views.js';
import type { ToyViewsFitted } from './toy-views-fitted.js';

const data = toyViewsData();

describe('toy/views', () => {
  let fitted: ToyViewsFitted;
  beforeAll(async () => {
    await initBackend();
    fitted = (await createRegistry().register(em, toyViews).create('toy/views', { nClusters: 2 }).fit(data, { seed: 0 })) as unknown as ToyViewsFitted;
  });

  it('fits μ to the column means and declares its capabilities from it', () => {
    expect(fitted.state.mean).toEqual([2, 3, -2]);
    expect([fitted.latentDim, fitted.nParameters]).toEqual([2, 3]);
    // Row 1: (1−2)² + (2−3)² + (−1+2)² = 3, so log p = −1.5 − 1.5 log 2π.
    expect(fitted.scoreSamples(data)[0]).toBeCloseTo(-1.5 - 1.5 * Math.log(2 * Math.PI), 12);
    const total = fitted.scoreSamples(data).reduce((a, b) => a + b, 0);
    expect(fitted.bic(data)).toBeCloseTo(-2 * total + 3 * Math.log(4), 10);
    expect(fitted.aic(data)).toBeCloseTo(-2 * total + 6, 10);
    expect(Array.from(fitted.predict(data))).toEqual([0, 0, 1, 0]);
    expect(Array.from(fitted.decode(fitted.transform(data)).values.subarray(0, 3))).toEqual([1, 2, -2]);
    // CAIC = −2 log L + p (log N + 1).
    expect(fitted.criteria(data).caic).toBeCloseTo(-2 * total + 3 * (Math.log(4) + 1), 10);
  });

  it('summarises a second latent layer: the mean of the K centred coordinates', () => {
    expect(fitted.latentLayers).toBe(2);
    // Rows (a, b) − (2, 3): (−1, −1), (1, −1), (−1, 2), (1, 0), so w = −1, 0, 0.5, 0.5.
    const w = fitted.transform(data, { layer: 2 });
    expect([w.nCols, w.columns]).toEqual([1, ['w1']]);
    expect(Array.from(w.values)).toEqual([-1, 0, 0.5, 0.5]);
    expect(fitted.transform(data, { layer: 1 })).toEqual(fitted.transform(data));
    expect(() => fitted.transform(data, { layer: 3 })).toThrow('toy/views: layer 3 does not exist; expected 1 or 2');
  });

  it('saves as format 2 with provenance and restores to the same views', () => {
    const saved = fitted.toJSON();
    expect(saved.formatVersion).toBe(2);
    expect(saved.provenance?.dataHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const loaded = createRegistry()
      .register(em, toyViews)
      .load(JSON.parse(JSON.stringify(saved)));
    expect(loaded.views?.(data)).toEqual(fitted.views(data));
    expect(loaded.latentDim).toBe(2);
  });

  it('returns one view of each kind', () => {
    const views = fitted.views(data);
    expect(views.map((v) => v.kind)).toEqual(['heatmap', 'top-terms', 'images', 'graph', 'line', 'scatter']);
    expect(views[1]).toMatchObject({
      groups: [
        {
          terms: [
            { term: 'b', weight: 3 },
            { term: 'a', weight: 2 },
            { term: 'c', weight: 2 },
          ],
        },
      ],
    });
    expect(fitted.views().map((v) => v.kind)).not.toContain('scatter');
  });
});
