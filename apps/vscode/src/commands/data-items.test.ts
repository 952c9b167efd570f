import { datasetPlugins } from '@latentkit/datasets';
import { API_VERSION, createRegistry, defineDataset, int, real } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { datasetItems } from './data-items.js';

const notUsed = async (): Promise<never> => {
  throw new Error('not used');
};

/** A third-party dataset with options, as a `latentkit.plugins` module registers it. */
const blobs = defineDataset({
  meta: { id: 'blobs', namespace: 'example', name: 'latentkit-plugin-example', version: '0.1.0', apiVersion: API_VERSION, description: 'Gaussian blobs' },
  params: { nRows: int({ min: 1 }), clusterStd: real({ exclusiveMin: 0 }) },
  defaults: { nRows: 300, clusterStd: 1 },
  load: notUsed,
});

/** An API-1 dataset: its description at the top level, no options. */
const legacy = defineDataset({
  meta: { id: 'legacy', namespace: 'example', name: 'old', version: '1.0.0', apiVersion: 1 },
  description: 'An old one',
  load: notUsed,
});

describe('datasetItems', () => {
  const registry = createRegistry({ warn: () => undefined }).register(...datasetPlugins, blobs, legacy);
  const items = datasetItems(registry);

  it('lists every registered dataset, built-in and third-party, in key order', () => {
    const keys = items.map((i) => i.datasetKey);
    expect(keys).toEqual([...keys].sort());
    expect(keys).toEqual(expect.arrayContaining(['datasets/iris', 'datasets/sparse-vae-sim', 'example/blobs', 'example/legacy']));
    expect(keys).toHaveLength(datasetPlugins.length + 2);
  });

  it("shows the key, the plugin's description and package, and the options the form will ask for", () => {
    expect(items.find((i) => i.datasetKey === 'example/blobs')).toEqual({
      label: '$(database) example/blobs',
      description: 'Gaussian blobs',
      detail: 'latentkit-plugin-example@0.1.0 · options: nRows, clusterStd',
      datasetKey: 'example/blobs',
    });
    expect(items.find((i) => i.datasetKey === 'example/legacy')).toMatchObject({ description: 'An old one', detail: 'old@1.0.0 · no options' });
    expect(items.every((i) => i.description.length > 0)).toBe(true);
  });
});
