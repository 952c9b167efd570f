import { pluginKey, type ModelPlugin } from '@latentkit/registry';
import { expect } from 'vitest';
import { expectClose } from '../expect-close.js';
import { withFitted, type ModelPluginFixtures } from '../fixtures.js';

/**
 * `toJSON()` gives a `latentkit-model` document with the plugin key, package and parameters; after a trip through
 * `JSON.stringify`/`JSON.parse` and `registry.load`, `score` and `transform` agree with the original within
 * rtol 1e-6 (JSON keeps float64 numbers exactly, so only float32 recomputation of derived quantities differs;
 * 1e-6 is about 8 float32 ulps) and atol 1e-7 for values near zero.
 */
export async function checkJsonRoundTrip(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  const key = pluginKey(plugin);
  await withFitted(plugin, fixtures, (fitted, { registry, data }) => {
    const saved = fitted.toJSON();
    expect(saved.format, `${key}: toJSON().format`).toBe('latentkit-model');
    expect(saved.formatVersion, `${key}: toJSON().formatVersion`).toBe(1);
    expect(saved.key, `${key}: toJSON().key`).toBe(key);
    expect(saved.plugin, `${key}: toJSON().plugin`).toEqual({ name: plugin.meta.name, version: plugin.meta.version });
    expect(saved.params, `${key}: toJSON().params must be the fitted parameters`).toEqual(JSON.parse(JSON.stringify(fitted.params)));
    expect(saved.data.nCols, `${key}: toJSON().data.nCols`).toBe(data.nCols);
    const text = JSON.stringify(saved);
    const loaded = registry.load(JSON.parse(text), `${key} round trip`);
    try {
      expect(loaded.key).toBe(key);
      expect(JSON.parse(JSON.stringify(loaded.params)), `${key}: params after load`).toEqual(JSON.parse(JSON.stringify(fitted.params)));
      expectClose(loaded.score(data), fitted.score(data), { rtol: 1e-6, atol: 0, label: `${key}: score after a JSON round trip` });
      expectClose(loaded.transform(data).values, fitted.transform(data).values, { rtol: 1e-6, atol: 1e-7, label: `${key}: transform after a JSON round trip` });
      expect(JSON.stringify(loaded.toJSON().state), `${key}: state saved again after loading`).toBe(JSON.stringify(saved.state));
    } finally {
      loaded.dispose();
    }
  });
}
