import { createRng, initBackend, type DenseDataset } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry, type HeatmapView } from '@latentkit/registry';
import { expectClose } from '@latentkit/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { kmeans, type FittedKMeans } from './index.js';

beforeAll(async () => {
  await initBackend();
});

/** Three well-separated blobs of 40 points each around (0, 0), (10, 0) and (0, 10), unit noise. */
function blobs(seed: number): DenseDataset {
  const centres = [
    [0, 0],
    [10, 0],
    [0, 10],
  ];
  const rng = createRng(seed);
  const values = new Float64Array(120 * 2);
  const labels: number[] = [];
  for (let i = 0; i < 120; i++) {
    const k = i % 3;
    labels.push(k);
    values[i * 2] = centres[k][0] + rng.normal();
    values[i * 2 + 1] = centres[k][1] + rng.normal();
  }
  return { kind: 'dense', nRows: 120, nCols: 2, values, columns: ['a', 'b'], labels };
}

describe('example/kmeans', () => {
  it('ends at a fixed point of Lloyd: each centre is the mean of the rows nearest to it', async () => {
    const data = blobs(3);
    const before = tf.memory().numTensors;
    const fitted = (await createRegistry().register(em, kmeans).create('example/kmeans', { nClusters: 3 }).fit(data, { seed: 0 })) as unknown as FittedKMeans;
    const assignment = fitted.predict(data);
    const centres = fitted.centers;
    for (let c = 0; c < 3; c++) {
      const rows = [...assignment.keys()].filter((i) => assignment[i] === c);
      expect(rows.length).toBe(40);
      const mean = [0, 1].map((j) => rows.reduce((s, i) => s + data.values[i * 2 + j], 0) / rows.length);
      // Centres are float64 means of the same rows: only summation-order rounding separates them.
      expectClose(centres[c], mean, { rtol: 1e-12, atol: 1e-12 });
    }
    expect(fitted.converged).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('recovers the blobs: every true group maps to one cluster', async () => {
    const data = blobs(5);
    const fitted = (await createRegistry().register(em, kmeans).create('example/kmeans', { nClusters: 3 }).fit(data, { seed: 1 })) as unknown as FittedKMeans;
    const assignment = fitted.predict(data);
    for (let k = 0; k < 3; k++) {
      const clusters = new Set([...assignment].filter((_, i) => data.labels![i] === k));
      expect(clusters.size).toBe(1);
    }
  });

  it('scores minus the mean squared distance to the nearest centre', async () => {
    const data = blobs(7);
    const fitted = (await createRegistry().register(em, kmeans).create('example/kmeans', { nClusters: 3 }).fit(data, { seed: 0 })) as unknown as FittedKMeans;
    const centres = fitted.centers;
    let total = 0;
    for (let i = 0; i < data.nRows; i++) {
      total += Math.min(...centres.map((c) => (data.values[i * 2] - c[0]) ** 2 + (data.values[i * 2 + 1] - c[1]) ** 2));
    }
    // Closed form in float64 against the plugin's float64 sum over the same assignment.
    expectClose(fitted.score(data), -total / data.nRows, { rtol: 1e-12 });
    expectClose(fitted.trace[fitted.trace.length - 1].objective, -total / data.nRows, { rtol: 1e-12 });
  });

  it('declares K latent columns, per-row scores whose mean is the score, and its centres as a heatmap view', async () => {
    const data = blobs(9);
    const fitted = (await createRegistry().register(em, kmeans).create('example/kmeans', { nClusters: 3 }).fit(data, { seed: 0 })) as unknown as FittedKMeans;
    expect(fitted.latentDim).toBe(3);
    const s = fitted.scoreSamples(data);
    expectClose(s.reduce((a, b) => a + b, 0) / data.nRows, fitted.score(data), { rtol: 1e-12 });
    const [view] = fitted.views() as [HeatmapView];
    expect(view.kind).toBe('heatmap');
    expect(view.columnLabels).toEqual(['a', 'b']);
    expect(view.values).toEqual(fitted.centers.flat());
    // 40 of the 120 rows in each cluster.
    expect(view.rowLabels).toEqual(['cluster1 (33%)', 'cluster2 (33%)', 'cluster3 (33%)']);
  });
});
