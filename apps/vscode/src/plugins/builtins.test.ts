import { gmm } from '@latentkit/models-mixture';
import { em } from '@latentkit/inference';
import { pluginKey } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { builtinPlugins, collectPlugins } from './builtins.js';

describe('collectPlugins', () => {
  it('takes plugin exports and arrays of plugins, each object once', () => {
    const found = collectPlugins([{ gmm, default: gmm, plugins: [gmm], helper: () => 1, n: 3, list: [1, 2] }, { em }]);
    expect(found).toEqual([gmm, em]);
  });

  it('ignores arrays that hold anything but plugins', () => {
    expect(collectPlugins([{ mixed: [gmm, { kind: 'model' }] }])).toEqual([]);
  });
});

describe('builtinPlugins', () => {
  it('holds the Gaussian mixture and the EM engine, with unique keys', () => {
    const keys = builtinPlugins().map(pluginKey);
    expect(keys).toContain('mixture/gmm');
    expect(keys).toContain('inference/em');
    expect(new Set(keys).size).toBe(keys.length);
  });
});
