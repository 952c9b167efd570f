import { createRegistry, pluginKey } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLUGINS, BUILTIN_PRESETS } from './builtin-plugins.js';

describe('BUILTIN_PLUGINS', () => {
  it('holds every plugin of every built-in preset, each key once', () => {
    const keys = BUILTIN_PLUGINS.map(pluginKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(Object.values(BUILTIN_PRESETS).reduce((n, p) => n + p.plugins.length, 0));
    for (const key of [
      'inference/em',
      'estimators/reparam',
      'mixture/gmm',
      'mixture/bayesian-gmm',
      'factor/ppca',
      'topic/lda',
      'vae/sparse-vae',
      'dde/dde',
      'datasets/iris',
      'metrics/mig',
    ])
      expect(keys).toContain(key);
  });

  it('registers without a warning', () => {
    const warnings: string[] = [];
    const registry = createRegistry({ warn: (m) => warnings.push(m) }).register(...BUILTIN_PLUGINS);
    expect(warnings).toEqual([]);
    expect(registry.compatible('mixture/bayesian-gmm')).toEqual(['inference/cavi']);
    expect(registry.compatible('dde/dde')).toContain('inference/em');
  });

  // `inference/saem` comes with @latentkit/inference's preset (no list of engines here); until that engine is merged
  // this test is skipped, after it dde/dde must be fitted by it first.
  it('offers dde/dde its engines, inference/saem first', () => {
    expect(
      createRegistry()
        .register(...BUILTIN_PLUGINS)
        .compatible('dde/dde'),
    ).toEqual(['inference/saem', 'inference/em']);
  });
});
