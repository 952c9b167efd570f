import { contractProblems, createRegistry, pluginDescription, pluginKey } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { datasetPlugins } from './plugins.js';

const KEYS = [
  'datasets/faithful',
  'datasets/iris',
  'datasets/penguins',
  'datasets/wine',
  'datasets/breast-cancer',
  'datasets/mnist',
  'datasets/sotu',
  'datasets/sotu-eras',
  'datasets/synthetic-gmm',
  'datasets/sparse-vae-sim',
  'datasets/dde-two-layer',
  'datasets/dde-deep-normal',
  'datasets/dde-select-k',
  'datasets/contrastive-sim',
  'datasets/lda-corpus',
];

describe('datasetPlugins', () => {
  it('exports one plugin per documented key, meeting the registry contract with this package as meta', () => {
    expect(datasetPlugins.map(pluginKey)).toEqual(KEYS);
    for (const p of datasetPlugins) {
      expect(contractProblems(p)).toEqual([]);
      expect(p.kind).toBe('dataset');
      expect([p.meta.name, p.meta.version]).toEqual([pkg.name, pkg.version]);
      expect(pluginDescription(p).length).toBeGreaterThan(20);
    }
    const registry = createRegistry().register(...datasetPlugins);
    expect(registry.list('dataset').map((e) => e.key)).toEqual([...KEYS].sort());
  });

  it.each([
    'datasets/faithful',
    'datasets/breast-cancer',
    'datasets/synthetic-gmm',
    'datasets/sparse-vae-sim',
    'datasets/dde-two-layer',
    'datasets/dde-deep-normal',
    'datasets/dde-select-k',
    'datasets/contrastive-sim',
    'datasets/lda-corpus',
  ])('%s loads a dataset with a split', async (key) => {
    const plugin = datasetPlugins.find((p) => pluginKey(p) === key)!;
    const ds = await plugin.load();
    expect(ds.nRows).toBeGreaterThan(0);
    expect(ds.split!.length).toBe(ds.nRows);
  });

  it('passes generator options and defaults the seed to 0', async () => {
    const gmm = datasetPlugins.find((p) => pluginKey(p) === 'datasets/synthetic-gmm')!;
    const a = await gmm.load({ n: 40, d: 3 });
    expect([a.nRows, a.nCols]).toEqual([40, 3]);
    expect(await gmm.load({ n: 40, d: 3, seed: 0 })).toEqual(a);
  });
});
