import { initBackend } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry, type Fitted } from '@latentkit/registry';
import { checkInferencePlugin } from '@latentkit/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBlobs } from './blobs-dataset.js';
import { kmeans } from './kmeans.js';
import { miniBatch } from './minibatch-engine.js';

beforeAll(async () => {
  await initBackend();
});

const data = makeBlobs({ nRows: 600, nClusters: 3, nFeatures: 2, clusterStd: 0.5, centerBox: 10, seed: 4 });
const registry = () => createRegistry({ warn: () => {} }).register(em, kmeans, miniBatch);
const centres = (f: Fitted<any>) => (f as unknown as { centers: number[][] }).centers;

describe('example/minibatch (a third-party engine with its own terms and parameters)', () => {
  it("fits example/kmeans to the same clustering as Lloyd's EM, within 2% of its objective", async () => {
    const model = registry().create('example/kmeans', { nClusters: 3 });
    const lloyd = await model.fit(data, { seed: 1 });
    const mini = await model.fit(data, { seed: 1, engine: 'example/minibatch', engineParams: { batchSize: 50 } });
    expect(mini.toJSON().fit.engine).toBe('example/minibatch');
    // maxIter and tol are the model's (its default training): 100 passes at most, tol 1e-6.
    expect(mini.toJSON().fit.engineParams).toEqual({ batchSize: 50, shuffle: true, maxIter: 100, tol: 1e-6 });
    // Mini-batch k-means ends near, not at, Lloyd's fixed point: each centre is a running mean of its rows.
    const [ll, lm] = [lloyd.trace.at(-1)!.objective, mini.trace.at(-1)!.objective];
    expect(Math.abs(lm - ll) / Math.abs(ll)).toBeLessThan(0.02);
    const a = lloyd.predict!(data);
    const b = mini.predict!(data);
    // Label switching: compare after matching each Lloyd cluster to the mini-batch cluster it shares most rows with.
    const match = [0, 1, 2].map((c) => {
      const counts = [0, 0, 0];
      a.forEach((x, i) => x === c && counts[b[i]]++);
      return counts.indexOf(Math.max(...counts));
    });
    expect(new Set(match).size).toBe(3);
    expect(a.filter((c, i) => match[c] === b[i]).length / a.length).toBeGreaterThan(0.99);
    for (const c of centres(mini)) expect(Math.min(...centres(lloyd).map((l) => Math.hypot(l[0] - c[0], l[1] - c[1])))).toBeLessThan(0.1);
  });

  it('checks its parameters once, in the registry, with one-line errors', async () => {
    const model = registry().create('example/kmeans', {});
    await expect(model.fit(data, { engine: 'example/minibatch', engineParams: { batchSize: 0 } })).rejects.toThrow(
      /^example\/minibatch: parameter batchSize=0 is invalid: expected an integer >= 1$/,
    );
    await expect(model.fit(data, { engine: 'example/minibatch', engineParams: { batchsize: 10 } })).rejects.toThrow(/unknown parameter 'batchsize'/);
    expect(registry().validateEngineParams('example/minibatch', { batchSize: '64', shuffle: 'false' }, { coerce: true })).toEqual({
      batchSize: 64,
      shuffle: false,
    });
  });

  it('gives the same fit for the same seed, and another order of rows for another seed', async () => {
    const model = registry().create('example/kmeans', {});
    const fit = (seed: number) => model.fit(data, { seed, engine: 'example/minibatch', maxIter: 2 });
    expect(centres(await fit(3))).toEqual(centres(await fit(3)));
    expect(centres(await fit(3))).not.toEqual(centres(await fit(4)));
  });
});

checkInferencePlugin(miniBatch, {
  model: kmeans,
  params: { nClusters: 3 },
  data: () => makeBlobs({ nRows: 90, nClusters: 3, nFeatures: 2, clusterStd: 1, centerBox: 8, seed: 0 }),
});
