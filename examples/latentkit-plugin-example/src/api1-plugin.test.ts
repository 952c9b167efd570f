import { initBackend } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry, type ModelPlugin } from '@latentkit/registry';
import { toyMixtureData } from '@latentkit/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import api1Kmeans from '../test/fixtures/api1-plugin/src/index.js';

const data = toyMixtureData({
  nRows: 30,
  seed: 2,
  means: [
    [-3, 0],
    [3, 1],
  ],
});

beforeAll(async () => {
  await initBackend();
});

describe('a plugin written for plugin API 1 (this example as of commit 741261d)', () => {
  it('registers with exactly one one-line deprecation notice, then fits, saves and loads through the registry', async () => {
    const warnings: string[] = [];
    const registry = createRegistry({ warn: (m) => warnings.push(m) }).register(em, api1Kmeans as ModelPlugin);
    expect(warnings).toEqual([
      'latentkit: example/kmeans (latentkit-plugin-example@0.1.0) uses plugin API 1, deprecated: set meta.apiVersion to 2 and ' +
        'implement restore({ params, state, info }) instead of load(saved), and extend FittedBase; see docs/guides/migrating-to-plugin-api-2.md',
    ]);
    const before = tf.memory().numTensors;
    const fitted = await registry.create('example/kmeans', { nClusters: 2 }).fit(data, { seed: 0 });
    expect(fitted.converged).toBe(true);
    const saved = JSON.parse(JSON.stringify(fitted.toJSON()));
    expect(saved.formatVersion).toBe(1);
    const loaded = registry.load(saved, 'api1.json');
    expect(loaded.score(data)).toBe(fitted.score(data));
    expect(loaded.transform(data).values).toEqual(fitted.transform(data).values);
    expect(tf.memory().numTensors).toBe(before);
    expect(warnings).toHaveLength(1);
  });

  it('cannot be continued: its fitted model keeps no FittedBase state', async () => {
    const registry = createRegistry({ warn: () => {} }).register(em, api1Kmeans as ModelPlugin);
    const fitted = await registry.create('example/kmeans', { nClusters: 2, maxIter: 2 }).fit(data, { seed: 0 });
    await expect(registry.continueFit(fitted, data)).rejects.toThrow(
      'example/kmeans: this fitted model cannot be continued (it does not keep its state in a FittedBase; plugin API 1)',
    );
  });
});
