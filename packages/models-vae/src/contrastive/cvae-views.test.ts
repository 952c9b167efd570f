import { initBackend, selectRows, type DenseDataset } from '@latentkit/core';
import { vi } from '@latentkit/inference';
import { createRegistry, type LineView, type ModelView, type ScatterView } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contrastiveData } from '../test-support/contrastive-data.js';
import { cvae } from './cvae.js';

// Real small fits (60 background + 60 target rows, 4 features, 3 epochs): the views must show the fit's own numbers.
const { data } = contrastiveData({ nBackground: 60, nTarget: 60, dx: 4, seed: 3 });
const registry = createRegistry().register(cvae, vi);
const params = { sharedDim: 2, salientDim: 2, hiddenUnits: [16], epochs: 3, batchSize: 32, regularizer: 'wasserstein' };

beforeAll(async () => {
  await initBackend();
});

async function fitAndView(training: string, viewData: DenseDataset = data) {
  const before = tf.memory().numTensors;
  const fitted = await registry.create('contrastive/cvae', { ...params, training }).fit(data, { seed: 0 });
  const views = fitted.views!(viewData);
  const latent = fitted.transform(viewData);
  const background = viewData.groups!.values.flatMap((g, i) => (g === 'background' ? [i] : []));
  const { groups: _groups, ...withoutGroups } = selectRows(viewData, background);
  const backgroundLatent = fitted.transform(withoutGroups);
  const trace = fitted.trace;
  const engineParams = fitted.toJSON().fit.engineParams;
  fitted.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return { views, latent, backgroundLatent, trace, engineParams };
}

const line = (views: readonly ModelView[], title: string) => views.find((v): v is LineView => v.kind === 'line' && v.title === title);
const extraSeries = (trace: readonly { extra?: Record<string, number> }[], name: string) => trace.map((e) => e.extra![name]);

describe('contrastive/cvae views of a real fit', () => {
  it("weighted: both blocks' posterior means coloured by group, the background salient means, the objective per epoch", async () => {
    const { views, latent, backgroundLatent, trace } = await fitAndView('weighted');
    const [shared, salient] = views.filter((v): v is ScatterView => v.kind === 'scatter');
    expect([shared.title, salient.title]).toEqual(['Shared latents (posterior means)', 'Salient latents (posterior means)']);
    for (const s of [shared, salient]) {
      expect(s.points.filter((p) => p.group === 'background')).toHaveLength(60);
      expect(s.points.filter((p) => p.group === 'target')).toHaveLength(60);
    }
    // Columns shared1, shared2, salient1, salient2 of transform, row by row.
    expect(salient.points.map((p) => [p.x, p.y])).toEqual(Array.from({ length: 120 }, (_, i) => [latent.values[i * 4 + 2], latent.values[i * 4 + 3]]));
    // The background series is mean |μ_t| of the salient encoder on the background rows alone (transformed without
    // groups); float32 network, same inputs: equal to 1e-6.
    const bg = line(views, 'Mean |salient posterior mean| per dimension (background should be 0)')!.series.find((s) => s.name === 'background')!;
    const expected = [0, 1].map((a) => Array.from({ length: 60 }, (_, i) => Math.abs(backgroundLatent.values[i * 4 + 2 + a])).reduce((x, y) => x + y) / 60);
    bg.y.forEach((v, a) => expect(v).toBeCloseTo(expected[a], 6));
    expect(line(views, 'Objective per epoch')!.series[0].y).toEqual(trace.map((e) => e.objective));
    expect(views.filter((v) => /MGDA|Lagrange|Constraint/.test(v.title))).toEqual([]);
  });

  it("mgda: the MGDA weight of each task per epoch is the trace's extra values, and the weights sum to 1", async () => {
    const { views, trace } = await fitAndView('mgda');
    const weights = line(views, 'MGDA weight per epoch')!;
    expect(weights.series.map((s) => s.name)).toEqual(['background', 'target']);
    expect(weights.series[0].y).toEqual(extraSeries(trace, 'mgda.background'));
    expect(weights.series[1].y).toEqual(extraSeries(trace, 'mgda.target'));
    expect(weights.series[0].x).toEqual([1, 2, 3]);
    // Min-norm weights are a convex combination in every step, so their epoch means sum to 1 (float64 sums: 1e-9).
    weights.series[0].y.forEach((w, k) => expect(w + weights.series[1].y[k]).toBeCloseTo(1, 9));
  });

  it("constrained: the multiplier per epoch and the constraint against its bound are the trace's extra values", async () => {
    const { views, trace, engineParams } = await fitAndView('constrained');
    const multiplier = line(views, 'Lagrange multiplier per epoch')!;
    expect(multiplier.series[0].y).toEqual(extraSeries(trace, 'lambda'));
    expect(multiplier.series[0].y.every((l) => l >= 0)).toBe(true);
    const constraint = line(views, 'Constraint per epoch')!;
    expect(constraint.series[0].y).toEqual(extraSeries(trace, 'constraint'));
    expect(constraint.series[1].y).toEqual([1, 2, 3].map(() => engineParams!.constraintBound));
  });

  it('draws both groups when the background rows come first and there are more than 2,000 rows', async () => {
    const big = contrastiveData({ nBackground: 2100, nTarget: 300, dx: 4, seed: 3 }).data;
    const { views } = await fitAndView('weighted', big);
    const shared = views.find((v): v is ScatterView => v.kind === 'scatter')!;
    // Every second row of 2,400: 1,050 background and 150 target points.
    expect(shared.points.filter((p) => p.group === 'background')).toHaveLength(1050);
    expect(shared.points.filter((p) => p.group === 'target')).toHaveLength(150);
  });
});
