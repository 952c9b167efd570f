import { initBackend } from '@latentkit/core';
import { cavi, em } from '@latentkit/inference';
import { createRegistry, type HeatmapView, type LineView, type ScatterView } from '@latentkit/registry';
import { toyMixtureData, viewProblems } from '@latentkit/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { bayesianGmm } from '../bgm/bayesian-gmm.js';
import type { FittedBgm } from '../bgm/bgm-fitted.js';
import { gmm } from './gaussian-mixture.js';
import type { FittedGmm } from './gmm-fitted.js';

const data = toyMixtureData({
  nRows: 40,
  seed: 3,
  means: [
    [-3, 0],
    [3, 2],
  ],
});
const registry = () => createRegistry().register(gmm, bayesianGmm, em, cavi);

beforeAll(async () => {
  await initBackend();
});

describe('views of fitted mixtures', () => {
  it('GMM: a heatmap of exactly the means, the weights as a line, and the rows by predicted component', async () => {
    const fitted = (await registry().create('mixture/gmm', { nComponents: 2 }).fit(data, { seed: 0 })) as FittedGmm;
    expect(fitted.views().map((v) => v.kind)).toEqual(['heatmap', 'line']);
    const [means, weights, scatter] = fitted.views(data) as [HeatmapView, LineView, ScatterView];
    expect(means.rowLabels).toEqual(['component1', 'component2']);
    expect(means.columnLabels).toEqual(['x1', 'x2']);
    expect(means.values).toEqual(fitted.means.flat());
    expect(weights.series).toEqual([{ name: 'π_k', x: [1, 2], y: Array.from(fitted.weights) }]);
    // D = 2: the plane is the data's own columns, so each point is its row, labelled by predict.
    const labels = fitted.predict(data);
    expect(scatter.points).toHaveLength(40);
    scatter.points.forEach((p, i) => expect(p).toEqual({ x: data.values[2 * i], y: data.values[2 * i + 1], group: `component${labels[i] + 1}` }));
    expect([scatter.xLabel, scatter.yLabel]).toEqual(['x1', 'x2']);
    expect(fitted.views(data).flatMap(viewProblems)).toEqual([]);
  });

  it('BGM: the weights line is E[π_k] (summing to 1) and the heatmap the posterior means m_k', async () => {
    const fitted = (await registry().create('mixture/bayesian-gmm', { nComponents: 4 }).fit(data, { seed: 0 })) as FittedBgm;
    const [means, weights] = fitted.views() as [HeatmapView, LineView];
    expect(means.values).toEqual(fitted.means.flat());
    expect(means.values).toHaveLength(4 * 2);
    expect(weights.yLabel).toBe('E[π_k]');
    expect(weights.series[0].y).toEqual(Array.from(fitted.weights));
    expect(weights.series[0].y.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('draws more than two columns in the plane of the first two principal axes', async () => {
    const wide = toyMixtureData({
      nRows: 40,
      seed: 3,
      means: [
        [-3, 0, 1],
        [3, 2, -1],
      ],
    });
    const fitted = (await registry().create('mixture/gmm', { nComponents: 2 }).fit(wide, { seed: 0 })) as FittedGmm;
    const scatter = fitted.views(wide)[2] as ScatterView;
    expect([scatter.xLabel, scatter.yLabel]).toEqual(['principal axis 1', 'principal axis 2']);
    // Projections on orthonormal axes through the mean: the coordinates of the centred rows have mean 0.
    const meanX = scatter.points.reduce((s, p) => s + p.x, 0) / scatter.points.length;
    expect(Math.abs(meanX)).toBeLessThan(1e-12);
  });

  it('leaves the scatter out for one-column data', async () => {
    const one = toyMixtureData({ nRows: 20, seed: 1 });
    const fitted = (await registry().create('mixture/gmm', { nComponents: 2 }).fit(one, { seed: 0 })) as FittedGmm;
    expect(fitted.views(one).map((v) => v.kind)).toEqual(['heatmap', 'line']);
  });
});
