import { dataHash, type Dataset } from '@latentkit/core';
import { pluginKey, SAVED_MODEL_FORMAT_VERSION, type ModelPlugin, type SavedModel } from '@latentkit/registry';
import { expect } from 'vitest';
import { expectClose } from '../expect-close.js';
import { withFitted, type ModelPluginFixtures } from '../fixtures.js';

/**
 * `toJSON()` gives a `latentkit-model` document with the plugin key, package and parameters, of format version
 * {@link SAVED_MODEL_FORMAT_VERSION} with its provenance (see {@link savedModelProblems}) for a plugin that implements
 * `restore` (plugin API 2; one with only the deprecated `load` may still write format 1); after a trip through
 * `JSON.stringify`/`JSON.parse` and `registry.load`, `score` and `transform` agree with the original within
 * rtol 1e-6 (JSON keeps float64 numbers exactly, so only float32 recomputation of derived quantities differs;
 * 1e-6 is about 8 float32 ulps) and atol 1e-7 for values near zero.
 */
export async function checkJsonRoundTrip(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  const key = pluginKey(plugin);
  await withFitted(plugin, fixtures, (fitted, { registry, data }) => {
    const saved = fitted.toJSON();
    expect(saved.format, `${key}: toJSON().format`).toBe('latentkit-model');
    if (typeof plugin.restore === 'function') {
      const problems = savedModelProblems(saved, plugin, data);
      if (problems.length) throw new Error(`${key}: toJSON() ${problems.join('; ')}`);
    }
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

/**
 * What a format-2 saved model of `plugin` fitted to `data` lacks, as sentences (empty when nothing): format version
 * {@link SAVED_MODEL_FORMAT_VERSION}; `provenance` naming the plugin's package at its version, a backend, the hash of
 * `data` (`dataHash` of @latentkit/core) and a time; `fit.engineParams` with finite `maxIter` and `tol`.
 */
export function savedModelProblems(saved: SavedModel, plugin: ModelPlugin, data: Dataset): string[] {
  const problems: string[] = [];
  if (saved.formatVersion !== SAVED_MODEL_FORMAT_VERSION) problems.push(`has formatVersion ${saved.formatVersion}; expected ${SAVED_MODEL_FORMAT_VERSION}`);
  const p = saved.provenance;
  if (!p || typeof p !== 'object') return [...problems, 'has no provenance'];
  const version = p.packages?.[plugin.meta.name];
  if (version !== plugin.meta.version) problems.push(`provenance.packages['${plugin.meta.name}'] is ${version}; expected ${plugin.meta.version}`);
  if (typeof p.backend !== 'string' || !p.backend) problems.push('provenance.backend must name the tensor backend');
  if (p.dataHash !== dataHash(data)) problems.push(`provenance.dataHash ${p.dataHash} is not dataHash(data) ${dataHash(data)}`);
  if (typeof p.createdAt !== 'string' || Number.isNaN(Date.parse(p.createdAt))) problems.push('provenance.createdAt must be an ISO 8601 time');
  const e = saved.fit.engineParams;
  if (!e || !Number.isFinite(e.maxIter) || !Number.isFinite(e.tol)) problems.push('fit.engineParams must hold the resolved maxIter and tol');
  return problems;
}
